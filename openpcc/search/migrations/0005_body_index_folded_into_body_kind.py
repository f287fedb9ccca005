"""The entries' body column loses its own index: the (body, kind) index serves every lookup by
body, and a rebuild of the index makes one index fewer over a million entries.

Only the index is dropped: Django's own way to alter the field would, on SQLite, make the whole
table again, and with it lose the triggers that keep the full-text index current."""

import django.db.models.deletion
from django.db import migrations, models

DROP = 'DROP INDEX IF EXISTS "documents_searchentry_body_id_feedcaa8"'
CREATE = 'CREATE INDEX IF NOT EXISTS "documents_searchentry_body_id_feedcaa8" ON "documents_searchentry" ("body_id")'


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_system_actor"),
        ("search", "0004_search_vector_by_trigger"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="body",
                    field=models.ForeignKey(
                        db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.body"
                    ),
                ),
            ],
            database_operations=[migrations.RunSQL(DROP, CREATE)],
        ),
    ]
