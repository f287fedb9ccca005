"""On PostgreSQL, the entries' search vector becomes a plain column kept by a trigger, computed by
one SQL function (``openpcc_search_vector``), instead of a stored generated column.

Why: a generated column is computed by the backend that writes the row, one row after another,
and may never be given. A full rebuild of the index (search.index) now has the vectors of some
chunks computed on its second connection, by the same function, while its own connection writes
the others: both cores work on the vectors, as a parallel query would. Whatever writes an entry
without a vector (every ordinary save) gets it from the trigger, and changing an entry's title or
text computes it again, so the column never disagrees with the text."""

from django.db import migrations

FUNCTION = (
    "CREATE OR REPLACE FUNCTION openpcc_search_vector(title text, body text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B') $$"
)
KEEPER = (
    "CREATE OR REPLACE FUNCTION documents_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF NEW.search_vector IS NULL OR (TG_OP = 'UPDATE' AND "
    "(NEW.title IS DISTINCT FROM OLD.title OR NEW.text IS DISTINCT FROM OLD.text)) THEN "
    "NEW.search_vector := openpcc_search_vector(NEW.title, NEW.text); "
    "END IF; "
    "RETURN NEW; "
    "END $$"
)
FORWARDS = [
    FUNCTION,
    "ALTER TABLE documents_searchentry ALTER COLUMN search_vector DROP EXPRESSION",
    KEEPER,
    "CREATE TRIGGER documents_searchentry_vector BEFORE INSERT OR UPDATE ON documents_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION documents_searchentry_vector()",
]
BACKWARDS = [
    "DROP TRIGGER IF EXISTS documents_searchentry_vector ON documents_searchentry",
    "DROP FUNCTION IF EXISTS documents_searchentry_vector()",
    "DROP INDEX IF EXISTS documents_searchentry_fts",
    "ALTER TABLE documents_searchentry DROP COLUMN search_vector",
    "ALTER TABLE documents_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED",
    "CREATE INDEX documents_searchentry_fts ON documents_searchentry USING GIN (search_vector)",
    "DROP FUNCTION IF EXISTS openpcc_search_vector(text, text)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vocabulary")]

    operations = [migrations.RunPython(forwards, backwards)]
