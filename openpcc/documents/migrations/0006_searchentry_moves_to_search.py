"""The search index's model moves to the search app; its table (and the full-text index and
triggers made in 0002_fulltext) stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_paper_parents")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SearchEntry")]),
    ]
