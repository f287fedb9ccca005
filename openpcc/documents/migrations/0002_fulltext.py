"""The full-text index over SearchEntry: FTS5 (external content, kept in step by
triggers) on SQLite; a stored tsvector with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE documents_search_fts USING fts5(title, text, content='documents_searchentry', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_search_ai AFTER INSERT ON documents_searchentry BEGIN "
    "INSERT INTO documents_search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_search_ad AFTER DELETE ON documents_searchentry BEGIN "
    "INSERT INTO documents_search_fts(documents_search_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_search_au AFTER UPDATE ON documents_searchentry BEGIN "
    "INSERT INTO documents_search_fts(documents_search_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO documents_search_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS documents_search_au",
    "DROP TRIGGER IF EXISTS documents_search_ad",
    "DROP TRIGGER IF EXISTS documents_search_ai",
    "DROP TABLE IF EXISTS documents_search_fts",
]
POSTGRES = [
    "ALTER TABLE documents_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED",
    "CREATE INDEX documents_searchentry_fts ON documents_searchentry USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS documents_searchentry_fts",
    "ALTER TABLE documents_searchentry DROP COLUMN IF EXISTS search_vector",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
