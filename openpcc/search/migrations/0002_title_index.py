"""On PostgreSQL, a full-text index of the entries' titles: search ranks the matches whose title
has the words among its candidates (search.backends), and finds them through this index."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS documents_searchentry_title_fts ON documents_searchentry "
    "USING GIN (to_tsvector('english', title))"
)
DROP = "DROP INDEX IF EXISTS documents_searchentry_title_fts"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
