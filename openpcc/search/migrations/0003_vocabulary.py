"""The index's vocabulary (search.vocabulary): a table of the words in the public search entries,
with how many entries have each, counted here from the entries already indexed."""

import re
from collections import Counter

from django.db import migrations, models

WORD = re.compile(r"\b[^\W\d_]{3,30}\b")


def count_words(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    Term = apps.get_model("search", "Term")
    counted = Counter()
    for title, text in SearchEntry.objects.values_list("title", "text").iterator(chunk_size=1000):
        counted.update({w.lower() for part in (title, text) if part for w in WORD.findall(part)})
    Term.objects.bulk_create(
        (Term(word=w, first=w[0], length=len(w), entries=n) for w, n in counted.items()), batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_title_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="Term",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=30, unique=True)),
                ("first", models.CharField(max_length=1)),
                ("length", models.PositiveSmallIntegerField()),
                ("entries", models.IntegerField(default=0)),
            ],
            options={
                "indexes": [models.Index(fields=["first", "length"], name="search_term_first_length")],
            },
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
    ]
