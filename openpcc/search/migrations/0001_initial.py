"""The search index's model, moved here from documents: the table documents_searchentry exists
already (documents 0001 and 0002 made it and its full-text index), so only the state moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0004_system_actor"),
        ("documents", "0006_searchentry_moves_to_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=20)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("title", models.CharField(max_length=400)),
                        ("text", models.TextField(blank=True)),
                        ("url", models.CharField(max_length=400)),
                        ("date", models.DateField(blank=True, null=True)),
                        (
                            "body",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.body"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "documents_searchentry",
                        "indexes": [
                            models.Index(fields=["body", "kind"], name="documents_s_body_id_f5d6d7_idx"),
                            models.Index(fields=["date"], name="documents_s_date_646809_idx"),
                        ],
                        "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="unique_search_entry")],
                    },
                ),
            ]
        ),
    ]
