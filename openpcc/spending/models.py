"""Spending over £500 (the Specified Information Order): each month's export of the finance
system, imported as one file, and its lines. A month is published as a whole; its lines are
public with it (``PUBLICATION_PATH = "file__"``). A line paid to an individual keeps the name for
staff in ``supplier`` and shows the public only ``public_supplier`` (the redaction label)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, PublishableModel, ScopedModel, VersionedModel

REDACTED_SUPPLIER = "Redacted: personal data"
THRESHOLD = 500  # pounds: the Order asks for each item of expenditure over £500


class SpendingFile(PublishableModel, VersionedModel):
    """One month's spending at one body, as imported from one file (CSV or XLSX)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="spending_files")
    month = models.DateField(help_text="The first day of the month the spending is for.")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, help_text="The file's digest, to refuse the same file twice.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    mapping = models.JSONField(default=dict, help_text="The column of the file each field was read from.")
    row_count = models.PositiveIntegerField(default=0, help_text="Lines imported (over £500).")
    skipped_count = models.PositiveIntegerField(default=0, help_text="Rows of £500 or less, left out.")
    redacted_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["body", "month"], name="spending_one_file_per_body_month"),
            models.UniqueConstraint(fields=["body", "sha256"], name="spending_one_import_per_file"),
        ]

    def __str__(self) -> str:
        return f"Spending over £500, {self.month:%B %Y}"

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def url_args(self) -> tuple[str, str]:
        """The year and month of its public address, /<body>/spending/<yyyy>-<mm>/."""
        return f"{self.month:%Y}", f"{self.month:%m}"

    @property
    def status(self) -> str:
        """Imported (staff only), published for a later time, or published."""
        if self.publication_status != "published":
            return "Imported, not published"
        return "Published" if self.is_published else "Published from a later time"


class SpendingLine(ScopedModel):
    """One item of expenditure. ``supplier`` and ``description`` are as the file gave them and are
    for staff only; the public reads ``public_supplier`` and ``public_description``, which are the
    redaction label and "" on a line paid to an individual."""

    PUBLICATION_PATH = "file__"

    # lines are only ever read through their file: the (file, ...) indexes below serve the file,
    # and an index of its own on either key would only slow a million-line import
    file = models.ForeignKey(SpendingFile, on_delete=models.CASCADE, related_name="lines", db_index=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", db_index=False)
    row_number = models.PositiveIntegerField(help_text="The row of the file it came from.")
    date = models.DateField()
    supplier = models.CharField(max_length=300)
    supplier_type = models.CharField(max_length=120, blank=True)
    expense_type = models.CharField(max_length=200, blank=True)
    service_area = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    transaction_reference = models.CharField(max_length=100, blank=True)
    is_redacted = models.BooleanField(default=False)
    redaction_reason = models.CharField(max_length=300, blank=True)
    public_supplier = models.CharField(max_length=300)
    public_description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["file", "date"], name="spending_line_file_date"),
            models.Index(fields=["file", "amount"], name="spending_line_file_amount"),
            models.Index(fields=["file", "public_supplier"], name="spending_line_file_supplier"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.public_supplier} £{self.amount}"
