"""The public search index: one row per published record (and, later, document), kept
current as records change; the full-text index over it is database-specific (FTS5 on
SQLite, a tsvector with a GIN index on PostgreSQL), see documents.search."""

from __future__ import annotations

from django.db import models

from openpcc.core.models import Body, Publication, ScopedModel, released_q


class SearchEntry(ScopedModel):
    """What the public may find. Only published, non-exempt text is ever written here,
    so a search can never return anything else."""

    PUBLICATION_PATH = None

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=400)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")]
        indexes = [models.Index(fields=["body", "kind"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.body_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Document(ScopedModel):
    """A paper (PDF, Word or text) attached to a report, agenda item, meeting or decision,
    with its extracted text. Public exactly when what it is attached to is public."""

    PUBLICATION_PATH = None

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for text extraction"
        EXTRACTING = "extracting", "Extracting text"
        DONE = "done", "Text extracted"
        NO_TEXT = "no_text", "No text – needs OCR"
        FAILED = "failed", "Text extraction failed"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    report = models.ForeignKey(
        "meetings.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=document_path, max_length=400)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    kind = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_truncated = models.BooleanField(default=False, help_text="The text was cut at the limit.")
    error = models.CharField(max_length=500, blank=True)
    extraction_seconds = models.FloatField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        report__isnull=False, agenda_item__isnull=True, meeting__isnull=True, decision__isnull=True
                    )
                    | models.Q(
                        report__isnull=True, agenda_item__isnull=False, meeting__isnull=True, decision__isnull=True
                    )
                    | models.Q(
                        report__isnull=True, agenda_item__isnull=True, meeting__isnull=False, decision__isnull=True
                    )
                    | models.Q(
                        report__isnull=True, agenda_item__isnull=True, meeting__isnull=True, decision__isnull=False
                    )
                ),
                name="document_attached_to_exactly_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_constraints(cls) -> models.Q:
        from openpcc.meetings.models import papers_public_q

        return (
            (
                models.Q(report__isnull=False)
                & papers_public_q("report__agenda_item__meeting__")
                & models.Q(report__agenda_item__is_exempt=False)
            )
            | (
                models.Q(agenda_item__isnull=False)
                & papers_public_q("agenda_item__meeting__")
                & models.Q(agenda_item__is_exempt=False)
            )
            | (models.Q(meeting__isnull=False) & papers_public_q("meeting__"))
            | (
                models.Q(
                    decision__isnull=False,
                    decision__status="signed",
                    decision__is_exempt=False,
                    decision__publication_status=Publication.PUBLISHED,
                )
                & released_q("decision__published_at")
            )
        )

    @property
    def parent(self):
        return self.report or self.agenda_item or self.meeting or self.decision
