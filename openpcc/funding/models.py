"""Money out: funds with a budget per financial year, the recipients of grants and providers of
services, grants and their variations, payments, commissioned services and contracts, and bids
for funding from others. Money is Decimal (14 digits, pence), never float."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from openpcc.core.models import Body, PublishableModel, ScopedModel, VersionedModel, prefixed_q


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


# A contract worth more than this is listed with its document (the Specified Information Order).
CONTRACT_THRESHOLD = Decimal("10000")

# org-id.guide identifiers: the lists a recipient's registered number may come from, and what a
# number in each looks like.
ORG_ID_LISTS = {
    "GB-CHC": (r"\d{6,7}(-\d{1,2})?", "a charity number of 6 or 7 digits, e.g. GB-CHC-1012345"),
    "GB-COH": (r"(\d{8}|[A-Z]{2}\d{6})", "a company number of 8 characters, e.g. GB-COH-01234567 or GB-COH-SC123456"),
    "GB-SC": (r"SC\d{6}", "a Scottish charity number, e.g. GB-SC-SC012345"),
    "GB-NIC": (r"\d{5,6}", "a Northern Ireland charity number, e.g. GB-NIC-100123"),
    "GB-EDU": (r"\d{6}", "a school's URN of 6 digits, e.g. GB-EDU-123456"),
    "GB-LAE": (r"[A-Z]{3,4}", "a local authority code, e.g. GB-LAE-CAM"),
    "GB-GOR": (r"[A-Z]{1,3}\d{1,4}", "a government organisation code, e.g. GB-GOR-PB188"),
}
_XI = re.compile(r"XI-[A-Z0-9]{2,12}-[A-Za-z0-9][A-Za-z0-9._-]{0,60}")


def org_id_problem(value: str) -> str:
    """What is wrong with an org-id identifier, or "" when it is well formed."""
    value = value.strip()
    if not value:
        return ""
    if value.startswith("XI-"):
        if _XI.fullmatch(value):
            return ""
        return f"“{value}” is not a well-formed XI- identifier: use XI-<list>-<number>, e.g. XI-PB-123."
    for prefix, (pattern, example) in ORG_ID_LISTS.items():
        if value.startswith(prefix + "-"):
            if re.fullmatch(pattern, value[len(prefix) + 1 :]):
                return ""
            return f"“{value}” is not a valid {prefix} identifier: give {example}."
    lists = ", ".join(f"{p}-" for p in ORG_ID_LISTS)
    return f"“{value}” does not start with a known org-id list: use one of {lists} or XI-."


def pounds(value: Decimal) -> str:
    """£1,234.50 (and £1,234 for whole pounds), for messages and pages."""
    text = f"{value:,.2f}"
    return "£" + (text[:-3] if text.endswith(".00") else text)


def financial_year_label(starts_on: date) -> str:
    return f"{starts_on.year}/{(starts_on.year + 1) % 100:02d}"


class Fund(ScopedModel, VersionedModel):
    """A fund of the office for one financial year, with its budget. Public by nature: a fund's
    name and budget are the office's own published figures; its totals count only public grants
    and services on public pages."""

    PUBLICATION_PATH = None

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="funds")
    name = models.CharField(max_length=200)
    financial_year = models.CharField(max_length=7, help_text="e.g. 2020/21")
    starts_on = models.DateField("start of the financial year")
    budget = money_field("budget (£)")
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name", "financial_year"], name="unique_fund_per_body_year"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="fund_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.financial_year}"


class Recipient(ScopedModel, VersionedModel):
    """An organisation (or an individual) that receives grants or provides services. An
    individual's name is never public: the public sees "an individual". Staff correct a recipient
    through ``recipient_update`` (a version column guards against two people editing at once)."""

    PUBLICATION_PATH = None
    INDIVIDUAL_LABEL = "an individual"

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        INDIVIDUAL = "individual", "Individual"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="funding_recipients")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ORGANISATION)
    name = models.CharField(max_length=200)
    identifier = models.CharField(
        "org-id identifier", max_length=80, blank=True, help_text="e.g. GB-CHC-1012345 or GB-COH-01234567"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def public_constraints(cls) -> Q:
        return Q(kind=cls.Kind.ORGANISATION)

    @property
    def is_public(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL

    @property
    def public_label(self) -> str:
        """What the public may be told of this recipient."""
        return self.INDIVIDUAL_LABEL if self.is_individual else self.name

    @property
    def public_identifier(self) -> str:
        return "" if self.is_individual else self.identifier


class Monitored(models.Model):
    """Outcome monitoring settings of a grant or a commissioned service: how often the recipient
    sends a return, how many days after each period's end it is due, and whom to remind. The
    contact e-mail is personal data: staff pages only, never public pages, exports or feeds."""

    class Frequency(models.TextChoices):
        NONE = "", "No monitoring returns"
        QUARTERLY = "quarterly", "Quarterly"
        SIX_MONTHLY = "six_monthly", "Six-monthly"

    MONTHS = {"quarterly": 3, "six_monthly": 6}

    return_frequency = models.CharField(
        "monitoring returns", max_length=12, choices=Frequency.choices, default="", blank=True
    )
    return_due_days = models.PositiveSmallIntegerField("days after each period a return is due", default=30)
    contact_email = models.EmailField(
        "contact e-mail for returns", blank=True, help_text="Reminders of overdue returns go here. Never published."
    )

    class Meta:
        abstract = True


class Grant(PublishableModel, VersionedModel, Monitored):
    """A grant from a fund to a recipient. Public once awarded and published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWARDED = "awarded", "Awarded"
        CLOSED = "closed", "Closed"

    COUNTED = (Status.AWARDED, Status.CLOSED)  # the statuses whose amounts count as awarded

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="grants")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="grants")
    title = models.CharField(max_length=300)
    purpose = models.TextField()
    amount = money_field("amount (£)")
    start_date = models.DateField("planned start")
    end_date = models.DateField("planned end")
    conditions = models.TextField(blank=True)
    priorities = models.ManyToManyField("plans.Priority", blank=True, related_name="grants")
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="grants"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    awarded_on = models.DateField(null=True, blank=True)
    override_reason = models.TextField(
        "why the award goes beyond the fund's remainder",
        blank=True,
        help_text="Needed only when the amount is more than the fund has left.",
    )

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="grant_dates_in_order"),
        ]
        indexes = [models.Index(fields=["body", "status", "start_date"])]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def public_constraints(cls) -> Q:
        return Q(status__in=cls.COUNTED)

    @property
    def is_public(self) -> bool:
        return self.is_published and self.status in self.COUNTED


class GrantVariation(ScopedModel):
    """A recorded change to an awarded grant: what changed and why, the new amount and dates.
    Public when its grant is."""

    BODY_FIELD = "grant__body"
    PUBLICATION_PATH = "grant__"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="variations")
    what_changed = models.CharField(max_length=300)
    reason = models.TextField()
    previous_amount = money_field("amount before (£)")
    new_amount = money_field("new amount (£)")
    previous_start = models.DateField()
    previous_end = models.DateField()
    new_start = models.DateField()
    new_end = models.DateField()
    made_on = models.DateField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "made_on", "id"]

    def __str__(self) -> str:
        return f"{self.grant}: {self.what_changed}"

    @classmethod
    def public_constraints(cls) -> Q:
        return prefixed_q(Grant.public_constraints(), "grant__")


class Payment(ScopedModel):
    """A payment made against a grant (kept simple: a date and an amount)."""

    BODY_FIELD = "grant__body"
    PUBLICATION_PATH = "grant__"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField()
    amount = money_field("amount (£)")

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"

    @classmethod
    def public_constraints(cls) -> Q:
        return prefixed_q(Grant.public_constraints(), "grant__")


class CommissionedService(PublishableModel, VersionedModel, Monitored):
    """A service the office commissions from a provider, paid from a fund. A contract worth more
    than £10,000 is listed as a contract with its document (its papers)."""

    class Route(models.TextChoices):
        OPEN_TENDER = "open_tender", "Open tender"
        RESTRICTED = "restricted", "Restricted procedure"
        FRAMEWORK = "framework", "Call-off from a framework"
        QUOTATIONS = "quotations", "Quotations"
        GRANT_AGREEMENT = "grant_agreement", "Grant agreement"
        DIRECT_AWARD = "direct_award", "Direct award (waiver)"
        COLLABORATION = "collaboration", "Joint commissioning with partners"
        OTHER = "other", "Other"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="commissioned_services")
    provider = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="services")
    name = models.CharField("service", max_length=300)
    description = models.TextField(blank=True)
    fund = models.ForeignKey(Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="services")
    value = money_field("value (£)")
    start_date = models.DateField()
    end_date = models.DateField()
    procurement_route = models.CharField(max_length=20, choices=Route.choices, default=Route.OPEN_TENDER)
    is_contract = models.BooleanField("a contract", default=True)
    priorities = models.ManyToManyField("plans.Priority", blank=True, related_name="commissioned_services")

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="service_value_positive"),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="service_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def listed_as_contract(self) -> bool:
        return self.is_contract and self.value > CONTRACT_THRESHOLD


class MonitoringReturn(ScopedModel, VersionedModel):
    """An outcome monitoring return of a grant or a commissioned service for one period: due
    some days after the period ends, received with its figures and a narrative. A received return
    of a public grant is public (its period, figures and narrative); a service's returns are for
    staff only, and no return is public before it is received."""

    PUBLICATION_PATH = "grant__"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="monitoring_returns")
    grant = models.ForeignKey(Grant, null=True, blank=True, on_delete=models.CASCADE, related_name="returns")
    service = models.ForeignKey(
        CommissionedService, null=True, blank=True, on_delete=models.CASCADE, related_name="returns"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField(db_index=True)
    received_on = models.DateField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_to = models.EmailField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grant__isnull=False, service__isnull=True) | Q(grant__isnull=True, service__isnull=False),
                name="return_of_grant_or_service",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="return_period_in_order"
            ),
            models.UniqueConstraint(fields=["grant", "period_start"], name="unique_return_per_grant_period"),
            models.UniqueConstraint(fields=["service", "period_start"], name="unique_return_per_service_period"),
        ]
        indexes = [models.Index(fields=["body", "received_on", "due_on"])]

    def __str__(self) -> str:
        return f"Return for {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    @classmethod
    def public_constraints(cls) -> Q:
        return Q(grant__isnull=False, received_on__isnull=False) & prefixed_q(Grant.public_constraints(), "grant__")

    @property
    def parent(self) -> Grant | CommissionedService:
        return self.grant if self.grant_id else self.service

    def state(self, today: date) -> str:
        """received, overdue or due."""
        if self.received_on:
            return "received"
        return "overdue" if self.due_on < today else "due"


class ReturnFigure(ScopedModel):
    """One named figure of a return, e.g. “people supported” = 120."""

    BODY_FIELD = "monitoring_return__body"
    PUBLICATION_PATH = "monitoring_return__grant__"

    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["monitoring_return", "order", "id"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value}"

    @classmethod
    def public_constraints(cls) -> Q:
        return prefixed_q(MonitoringReturn.public_constraints(), "monitoring_return__")

    @property
    def display_value(self) -> str:
        text = f"{self.value:,.2f}"
        return text[:-3] if text.endswith(".00") else text


class FundingBid(PublishableModel, VersionedModel):
    """A bid the office made to another funder, its outcome, and what the money then pays for."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCESSFUL = "successful", "Successful"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
        WITHDRAWN = "withdrawn", "Withdrawn"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="funding_bids")
    funder = models.CharField(max_length=200)
    scheme = models.CharField(max_length=200)
    amount_sought = money_field("amount sought (£)")
    amount_note = models.CharField(max_length=200, blank=True, help_text="e.g. “over” or “over two years”")
    submitted_on = models.DateField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    amount_secured = money_field("amount secured (£)", null=True, blank=True)
    summary = models.TextField(blank=True)
    grants = models.ManyToManyField(Grant, blank=True, related_name="bids")
    services = models.ManyToManyField(CommissionedService, blank=True, related_name="bids")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_sought__gt=0), name="bid_amount_positive")]

    def __str__(self) -> str:
        return f"{self.funder}: {self.scheme}"


# A 360Giving publisher prefix as 360Giving issues them: "360G-" and letters, digits or hyphens.
GIVING_PREFIX = re.compile(r"360G-[A-Za-z0-9][A-Za-z0-9-]{0,60}")


class GivingPublisher(ScopedModel):
    """How a body is named in its 360Giving data: the publisher prefix 360Giving registered for it
    (every grant identifier is ``<prefix>-<grant id>``) and its own org-id as a funder (a body with
    no charity or company number uses a government or XI- identifier). Public by nature: both are
    printed in every file. A body without one publishes under a provisional prefix (giving360.py)."""

    PUBLICATION_PATH = None

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="giving_publisher")
    prefix = models.CharField(
        "360Giving prefix", max_length=70, help_text="The prefix 360Giving registered for the body, e.g. 360G-cambspcc."
    )
    org_id = models.CharField(
        "org-id of the body as a funder",
        max_length=80,
        blank=True,
        help_text="e.g. GB-GOR-PC123; empty: the 360Giving prefix stands for the body.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "360Giving publisher"

    def __str__(self) -> str:
        return f"{self.body}: {self.prefix}"
