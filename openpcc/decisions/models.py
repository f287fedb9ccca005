"""The decision register: decision records with references from the body's own scheme,
exempt parts, amendments, notification to the panel and its response, and the forward
list of areas where decisions are likely."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, PublishableModel, ScopedModel, VersionedModel
from openpcc.meetings.models import AgendaItem, Meeting, Report, papers_public_q
from openpcc.plans.models import Priority


class ReferenceScheme(ScopedModel):
    """How a body numbers its decisions, e.g. ``{prefix} {year}-{number}`` -> CPCC 2017-020."""

    PUBLICATION_PATH = None

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="decision_scheme")
    prefix = models.CharField(max_length=20)
    pattern = models.CharField(
        max_length=60, default="{prefix} {year}-{number}", help_text="Use {prefix}, {year} and {number}."
    )
    padding = models.PositiveSmallIntegerField(default=3, help_text="Digits in the number, e.g. 3 gives 020.")
    restart_each_year = models.BooleanField(default=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.format(year=2017, number=20)

    def format(self, *, year: int, number: int) -> str:
        values = {"prefix": self.prefix, "year": str(year), "number": str(number).zfill(self.padding)}
        # Only the three names are replaced, never evaluated: a pattern is text, not a format string.
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.pattern)


PLACEHOLDERS = ("prefix", "year", "number")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def reference_pattern_problem(pattern: str) -> str:
    """What is wrong with a reference pattern, or "" when it is usable."""
    for name in PLACEHOLDER.findall(pattern):
        if name not in PLACEHOLDERS:
            return f"“{{{name}}}” is not a placeholder: use only {{prefix}}, {{year}} and {{number}}."
    if "{" in PLACEHOLDER.sub("", pattern) or "}" in PLACEHOLDER.sub("", pattern):
        return "Braces may only surround a placeholder: {prefix}, {year} or {number}."
    if "{number}" not in pattern:
        return "The pattern must contain {number}."
    return ""


def decision_date_problem(decision_date: date | None, meeting: Meeting | None, date_reason: str) -> str:
    """A decision is dated on or before the meeting at which it was taken, unless the reason it
    is dated later is recorded. "" when the date is fine."""
    if decision_date is None or meeting is None or decision_date <= meeting.date or date_reason.strip():
        return ""
    return (
        f"The decision is dated {decision_date:%-d %B %Y}, after the meeting at which it was taken "
        f"({meeting.date:%-d %B %Y}): give the decision's date, or record why it is dated after the meeting."
    )


class ReferenceCounter(models.Model):
    """The last number given, per body and year. Locked while a reference is allocated."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="unique_counter_per_body_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Decision(PublishableModel, VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    class Maker(models.TextChoices):
        PCC = "pcc", "Police and Crime Commissioner"
        DEPUTY = "deputy", "Deputy Police and Crime Commissioner"
        CHIEF_EXECUTIVE = "chief_executive", "Chief Executive (under delegation)"
        S151 = "s151", "Chief Finance Officer, s151 officer (under delegation)"
        OTHER = "other", "Other officer (under delegation)"

    class Category(models.TextChoices):
        COLLABORATION = "collaboration", "Collaboration agreement"
        ESTATES = "estates", "Estates"
        GRANT_FUNDING = "grant_funding", "Grant funding"
        EXTERNAL_FUNDING = "external_funding", "External funding"
        DEVOLUTION = "devolution", "Devolution"
        FIRE_GOVERNANCE = "fire_governance", "Fire governance"
        CUSTODY = "custody", "Custody"
        POLICING_AND_CRIME_ACT = "policing_and_crime_act", "Policing and Crime Act"
        OTHER = "other", "Other"

    # Parts of a record that can be withheld from the public, each shown as "withheld" with the reason.
    EXEMPTABLE = ("decision", "reasons", "options_considered", "amount", "financial_implications", "legal_implications")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField(max_length=40, blank=True, db_index=True)
    reference_slug = models.SlugField(max_length=60, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    subject = models.CharField(max_length=300)
    decision = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    options_considered = models.TextField(blank=True)
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_note = models.CharField(max_length=200, blank=True, help_text="e.g. per year for two years")
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    decision_maker = models.CharField(max_length=20, choices=Maker.choices, default=Maker.PCC)
    decision_maker_name = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=24, choices=Category.choices, default=Category.OTHER)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text="The meeting at which the decision was taken.",
    )
    reports = models.ManyToManyField(Report, blank=True, related_name="decisions")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="decisions")
    exempt_parts = models.JSONField(default=list, blank=True)
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    date_reason = models.CharField(
        "why the date is after the meeting",
        max_length=500,
        blank=True,
        help_text="Needed when the decision is dated after the meeting at which it was taken.",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"], condition=~Q(reference=""), name="unique_decision_reference_per_body"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="decision_amount_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["body", "decision_date"]), models.Index(fields=["body", "reference_slug"])]

    def __str__(self) -> str:
        return f"{self.reference or 'Draft'}: {self.subject}"

    @classmethod
    def public_constraints(cls) -> Q:
        return Q(status=cls.Status.SIGNED) & Q(is_exempt=False)

    @property
    def is_public(self) -> bool:
        """``public_q`` for a decision in hand."""
        return self.is_published and self.status == self.Status.SIGNED and not self.is_exempt

    def is_withheld(self, part: str) -> bool:
        return part in (self.exempt_parts or [])


class Amendment(ScopedModel):
    """A recorded change to a published decision's text: what changed, why, and who."""

    BODY_FIELD = "decision__body"
    PUBLICATION_PATH = "decision__"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(max_length=40)
    previous = models.TextField(blank=True)
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision", "made_at", "id"]

    @classmethod
    def public_constraints(cls) -> Q:
        return Q(decision__status=Decision.Status.SIGNED) & Q(decision__is_exempt=False)


class Notification(ScopedModel):
    """A decision notified to a panel at a meeting ("Decisions by the Commissioner"), and the
    panel's response. Belongs to the panel; public once that meeting's agenda is."""

    BODY_FIELD = "panel"
    PUBLICATION_PATH = "agenda_item__meeting__"

    class Response(models.TextChoices):
        PENDING = "", "No response recorded yet"
        NOTED = "noted", "Noted"
        FURTHER_SCRUTINY = "further_scrutiny", "Further scrutiny requested"

    panel = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="decision_notifications")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notifications")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decision_notifications")
    response = models.CharField(max_length=20, choices=Response.choices, blank=True)
    response_detail = models.TextField(blank=True, help_text="What the panel asked for.")
    responded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda_item", "decision__reference"]
        constraints = [models.UniqueConstraint(fields=["panel", "decision"], name="unique_notification_per_panel")]

    @classmethod
    def public_constraints(cls) -> Q:
        return papers_public_q("agenda_item__meeting__") & Q(agenda_item__is_exempt=False)


class ForwardDecision(ScopedModel):
    """An area where decisions are likely to be considered (the forward list)."""

    PUBLICATION_PATH = None

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="forward_decisions")
    topic = models.CharField(max_length=300)
    background = models.JSONField(default=list, blank=True, help_text="Background reports: a list of {title, url}.")
    timescale = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "order", "id"]

    def __str__(self) -> str:
        return self.topic
