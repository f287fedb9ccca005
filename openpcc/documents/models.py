"""Papers: files (PDF, Word, text) attached to records, with their extracted text."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify

from openpcc.core.models import Body, ScopedModel
from openpcc.core.registry import PaperParent, paper_parent_for, paper_parents


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.body_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


# A paper's ``kind`` in words, as every page and filter names it.
KIND_LABELS = {"pdf": "PDF", "docx": "Word document", "text": "Plain text"}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "text": "txt"}


class Document(ScopedModel):
    """A paper (PDF, Word or text) attached to a record that can carry papers (a report, an
    agenda item, a meeting, a decision: whatever a domain registers with
    ``core.registry.register_paper_parent``), with its extracted text. Public exactly when its
    parent's papers are public, by the rule the parent's domain registered."""

    PUBLICATION_PATH = None

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for text extraction"
        EXTRACTING = "extracting", "Extracting text"
        DONE = "done", "Text extracted"
        NO_TEXT = "no_text", "No text – needs OCR"
        FAILED = "failed", "Text extraction failed"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="documents")
    parent_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    parent_id = models.PositiveBigIntegerField()
    parent = GenericForeignKey("parent_type", "parent_id")
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
        indexes = [models.Index(fields=["parent_type", "parent_id"], name="document_parent")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_constraints(cls) -> models.Q:
        """Attached to a registered kind of record whose papers are public now."""
        rule = models.Q(pk__in=[])
        for parent in paper_parents():
            # asked of each paper's own parent (EXISTS ... pk = parent_id), not "parent_id IN (every
            # public parent)": SQLite would list every public report in the country to show the
            # papers of one decision
            public_parent = parent.model._default_manager.filter(parent.papers_public(), pk=OuterRef("parent_id"))
            kind = ContentType.objects.get_for_model(parent.model)
            rule |= models.Q(parent_type=kind) & models.Q(Exists(public_parent))
        return rule

    @property
    def kind_label(self) -> str:
        """The file's type in words: "Word document", "Plain text", "PDF"."""
        return KIND_LABELS.get(self.kind, "File")

    @property
    def file_description(self) -> str:
        """What a link to the file says of it: "Word document, 12.0 KB"."""
        return f"{self.kind_label}, {filesizeformat(self.size)}"

    @property
    def download_name(self) -> str:
        """The file's name in its public address and when saved: the uploaded name made safe
        ("review-of-complaints.docx"), always with the extension of what the file is."""
        stem = (self.original_name or "").rsplit(".", 1)[0]
        return f"{slugify(stem)[:80] or 'paper'}.{EXTENSIONS.get(self.kind, 'bin')}"

    @property
    def parent_kind(self) -> PaperParent | None:
        return paper_parent_for(self.parent_type.model_class())
