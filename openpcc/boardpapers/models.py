"""Generated papers kept as records: each version of a paper saved to a place (a report, an agenda
item, a meeting ...), with its files (documents), the text it said and what changed since the
version before."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, ScopedModel, VersionedModel


class GeneratedPaper(ScopedModel):
    """One version of a generated paper kept at a place. The place, the paper's kind and the
    version number make it (versions 1, 2, 3 ... of "the action log at item 5"). Its files are
    documents of the place, so the public sees them exactly when the place's papers are public;
    its ``text`` is what the paper said, kept as it was however the records change after."""

    PUBLICATION_PATH = None  # staff only: no public page reads it

    @classmethod
    def public_constraints(cls) -> models.Q:
        return models.Q(pk__in=[])

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="generated_papers")
    kind = models.CharField(max_length=60, help_text="The registered paper kind's key.")
    title = models.CharField(max_length=300)
    parent_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    parent_id = models.PositiveBigIntegerField()
    parent = GenericForeignKey("parent_type", "parent_id")
    parameters = models.JSONField(default=dict, blank=True, help_text="The kind's parameters, as text.")
    frame = models.JSONField(default=dict, blank=True, help_text="To, from, date, contact officer, marking.")
    private = models.BooleanField(default=False, help_text="Made for a private meeting: may hold records not public.")
    version = models.PositiveIntegerField()
    pdf = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    docx = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(help_text="What the paper said, line by line: what versions are compared by.")
    text_sha256 = models.CharField(max_length=64)
    changes = models.JSONField(default=list, blank=True, help_text="What changed since the version before.")
    generated_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    generated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-generated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent_type", "parent_id", "kind", "version"], name="unique_generated_paper_version"
            )
        ]
        indexes = [models.Index(fields=["body", "kind"], name="generated_paper_body_kind")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


def paper_style_path(instance: PaperStyle, filename: str) -> str:
    """Files of a paper style are stored by their content (the services name them), so a file a
    history entry points to is never overwritten by a later upload."""
    return f"paperstyles/{instance.body_id}/{filename}"


class PaperStyle(VersionedModel):
    """A body's look for the papers it generates, set by its administrator: a logo, a heading
    colour and an accent colour (dark enough for AA contrast), a font installed on the machine,
    footer text, the marking the paper form offers first, and optionally the office's own Word
    template (filled with docxtpl). Every change is kept in its history."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="paper_style")
    logo = models.FileField(upload_to=paper_style_path, max_length=300, blank=True)
    logo_type = models.CharField(max_length=20, blank=True, help_text="image/png or image/jpeg")
    logo_width = models.PositiveIntegerField(default=0)
    logo_height = models.PositiveIntegerField(default=0)
    logo_name = models.CharField("logo file name", max_length=255, blank=True)
    heading_colour = models.CharField(max_length=7, default="#0b0c0c")
    accent_colour = models.CharField(max_length=7, default="#1d4f91")
    font_family = models.CharField("font", max_length=80, blank=True, help_text="Blank: the house font (Arial).")
    footer = models.CharField("footer text", max_length=150, blank=True)
    classification = models.CharField("marking offered first", max_length=40, default="NOT PROTECTIVELY MARKED")
    word_template = models.FileField(upload_to=paper_style_path, max_length=300, blank=True)
    word_template_name = models.CharField("Word template file name", max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "paper style"

    def __str__(self) -> str:
        return f"Paper style of {self.body}"
