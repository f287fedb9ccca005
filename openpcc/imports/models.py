"""Archive import: batches of files, the files read, and the records proposed from them.

Nothing here is ever public: proposals are working material for staff until a person accepts
one, and then the record it becomes is made by that record's own service (and published, if
at all, through the normal publication steps)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, ScopedModel, VersionedModel


def import_path(instance: ImportFile, filename: str) -> str:
    return f"imports/{instance.body.slug}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class _StaffOnly(ScopedModel):
    PUBLICATION_PATH = None  # no publication state: never public (below)

    class Meta:
        abstract = True

    @classmethod
    def public_constraints(cls) -> models.Q:
        return models.Q(pk__in=[])  # never public


class ImportBatch(_StaffOnly):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Reading files"
        DONE = "done", "Finished"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="import_batches")
    source_name = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(
        null=True, blank=True, help_text="When the worker last reported progress: a stale one means it stopped."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.source_name

    @property
    def pages_per_second(self) -> float | None:
        return self.pages_done / self.seconds if self.seconds > 0 and self.pages_done else None

    @property
    def running(self) -> bool:
        return self.status != self.Status.DONE

    @property
    def percent(self) -> int:
        return int(100 * self.files_done / self.files_total) if self.files_total else 100


class ImportFile(_StaffOnly):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        READ = "read", "Read"
        NOTHING = "nothing", "Read, nothing recognised"
        FAILED = "failed", "Could not be read"
        DUPLICATE = "duplicate", "Already imported"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="import_files")
    name = models.CharField(max_length=300)
    file = models.FileField(upload_to=import_path, max_length=400, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    pages = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    text = models.TextField(blank=True, help_text="The extracted text, pages separated by form feeds.")
    text_truncated = models.BooleanField(default=False, help_text="The text was cut at the limit.")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["batch", "order", "pk"]
        indexes = [models.Index(fields=["body", "sha256"])]

    def __str__(self) -> str:
        return self.name

    def page_text(self, page: int) -> str:
        pages = self.text.split("\f")
        return pages[page - 1] if 0 < page <= len(pages) else ""


class Proposal(_StaffOnly, VersionedModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        ATTENDANCE = "attendance", "Attendance"
        AGENDA_ITEM = "agenda_item", "Minute item"
        ACTION = "action", "Action"
        REPORT = "report", "Report"
        DECISION = "decision", "Decision record"
        PLAN_ROW = "plan_row", "Plan delivery row"

    class Status(models.TextChoices):
        PENDING = "pending", "To review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="import_proposals")
    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="proposals")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    label = models.CharField(max_length=300)
    data = models.JSONField(default=dict)
    page = models.PositiveIntegerField(default=1)
    passage = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record_label = models.CharField(max_length=300, blank=True)
    record_url = models.CharField(max_length=400, blank=True)
    note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["file", "order", "pk"]
        indexes = [models.Index(fields=["body", "status"])]

    def __str__(self) -> str:
        return self.label


# A file that was read: with proposals, or with nothing recognised (a reviewer can still make some).
READ_STATUSES = (ImportFile.Status.READ, ImportFile.Status.NOTHING)
