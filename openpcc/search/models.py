"""The public search index: one row per published record, kept current as records change;
the full-text index over it is database-specific (FTS5 on SQLite, a tsvector with a GIN index
on PostgreSQL: documents/migrations/0002_fulltext.py made them), see search.backends."""

from __future__ import annotations

from django.db import models

from openpcc.core.models import Body, ScopedModel


class SearchEntry(ScopedModel):
    """What the public may find. Only published, non-exempt text is ever written here,
    so a search can never return anything else."""

    PUBLICATION_PATH = None

    # no index of its own: (body, kind) below serves every lookup by body, and a rebuild makes one
    # index fewer over a million entries
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=400)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    date = models.DateField(null=True, blank=True)

    class Meta:
        # The table keeps the name it was made with (its full-text index and triggers refer to it).
        db_table = "documents_searchentry"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]
        indexes = [
            models.Index(fields=["body", "kind"], name="documents_s_body_id_f5d6d7_idx"),
            models.Index(fields=["date"], name="documents_s_date_646809_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class Term(models.Model):
    """A word of the public index and how many entries have it: the vocabulary that spelling
    suggestions come from (search.vocabulary). search.index keeps it as it writes and deletes
    entries, so it only ever holds words of what the public may find; a word leaves when the
    last entry that had it does."""

    word = models.CharField(max_length=30, unique=True)
    first = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    entries = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["first", "length"], name="search_term_first_length")]

    def __str__(self) -> str:
        return f"{self.word} ({self.entries})"
