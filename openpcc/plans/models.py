"""The Police and Crime Plan and its delivery tracker: themes, priorities for action,
activities, the per-plan status key, reporting rounds, updates and frozen snapshots,
and "We said / We did" chapters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openpcc.bodies.models import Organisation, Person
from openpcc.core.models import Body, PublishableModel, ScopedModel, VersionedModel


class Plan(PublishableModel, VersionedModel):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    effective_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True, help_text="When the plan document itself was published.")
    panel_endorsed_date = models.DateField(
        null=True, blank=True, help_text="When the Police and Crime Panel endorsed it."
    )
    summary = models.TextField(blank=True)
    public_notice = models.TextField(blank=True, help_text="Shown at the top of the public plan pages.")
    # Delivery round settings
    narrative_required = models.BooleanField(
        "every update needs a narrative",
        default=True,
        help_text="When off, only statuses that need an explanation (Amber, Red) need a narrative.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "reminder days before updates are due",
        null=True,
        blank=True,
        default=7,
        help_text="Leads with updates still to write are e-mailed this many days before a round's due date. "
        "Empty: no reminders.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["body", "slug"], name="unique_plan_slug_per_body"),
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")), name="plan_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanVariation(ScopedModel):
    """A recorded variation of the plan (e.g. a finances update agreed with the panel)."""

    BODY_FIELD = "plan__body"
    PUBLICATION_PATH = "plan__"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="variations")
    date = models.DateField()
    description = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"Variation of {self.date:%d %B %Y}"


class DeliveryStatus(ScopedModel):
    """One entry of a plan's own status key (White/Green/Amber/Red/Complete in the seed)."""

    BODY_FIELD = "plan__body"
    PUBLICATION_PATH = "plan__"

    class Colour(models.TextChoices):
        WHITE = "white", "White"
        GREEN = "green", "Green"
        AMBER = "amber", "Amber"
        RED = "red", "Red"
        BLUE = "blue", "Blue"
        GREY = "grey", "Grey"
        PURPLE = "purple", "Purple"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statuses")
    code = models.SlugField(max_length=30)
    label = models.CharField(max_length=60, help_text="e.g. On target")
    meaning = models.CharField(max_length=300, blank=True)
    colour = models.CharField(max_length=10, choices=Colour.choices)
    rollup_rank = models.PositiveSmallIntegerField(
        default=0, help_text="When a priority's activities differ, the highest rank is shown for the priority."
    )
    needs_explanation = models.BooleanField(
        default=False, help_text="An update with this status must say what is off track and what is being done."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name_plural = "delivery statuses"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_status_code_per_plan")]

    def __str__(self) -> str:
        return f"{self.get_colour_display()} – {self.label}"

    @property
    def colour_label(self) -> str:
        # get_colour_display() rebuilds the choices on every call; status labels are shown by the hundred
        return COLOUR_LABELS.get(self.colour, self.colour)

    @property
    def name(self) -> str:
        return f"{self.colour_label}: {self.label}"


COLOUR_LABELS = dict(DeliveryStatus.Colour.choices)


class Theme(ScopedModel):
    BODY_FIELD = "plan__body"
    PUBLICATION_PATH = "plan__"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=8)
    name = models.CharField(max_length=120)
    aim = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_theme_code_per_plan")]

    def __str__(self) -> str:
        return self.name


class Priority(ScopedModel, VersionedModel):
    """A priority for action, e.g. V7. Codes are unique within a plan."""

    BODY_FIELD = "plan__body"
    PUBLICATION_PATH = "plan__"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priorities")
    code = models.CharField(max_length=12)
    text = models.TextField("priority for action")
    opcc_lead = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_priorities",
        verbose_name="OPCC lead",
    )
    delivery_leads = models.ManyToManyField(Organisation, blank=True, related_name="led_priorities")
    notes = models.TextField(blank=True, help_text="e.g. an inspection finding that bears on this priority.")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_priority_code_per_plan")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Activity(ScopedModel, VersionedModel):
    """A delivery activity under a priority (V5, O5.1, O5.2 ...): what is being done."""

    BODY_FIELD = "priority__plan__body"
    PUBLICATION_PATH = "priority__plan__"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(max_length=16)
    key_delivery = models.TextField("key delivery activities", blank=True)
    wider_partnership = models.TextField("wider partnership opportunities", blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order", "id"]
        verbose_name_plural = "activities"
        constraints = [models.UniqueConstraint(fields=["priority", "code"], name="unique_activity_code_per_priority")]

    def __str__(self) -> str:
        return self.code


class ReportingRound(PublishableModel):
    """A reporting round (e.g. "2017/18 Q3"). Open for updates, then closed for review,
    then published: publishing freezes a snapshot of what was reported."""

    BODY_FIELD = "plan__body"

    class State(models.TextChoices):
        OPEN = "open", "Open for updates"
        CLOSED = "closed", "Closed for review"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(null=True, blank=True, help_text="When officers' updates are due.")
    reported_to = models.CharField(
        max_length=200, blank=True, help_text="e.g. Business Coordination Board, 21 September 2017"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "period_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_round_slug_per_plan"),
            models.UniqueConstraint(fields=["plan", "name"], name="unique_round_name_per_plan"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="round_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN and not self.is_published


class Update(ScopedModel, VersionedModel):
    """An officer's update on one activity in one round: a status and a narrative.
    Public only once its round is published."""

    BODY_FIELD = "round__plan__body"
    PUBLICATION_PATH = "round__"

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="updates")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    status = models.ForeignKey(DeliveryStatus, on_delete=models.PROTECT, related_name="updates")
    narrative = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round__period_end", "activity__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "activity"], name="unique_update_per_activity_per_round")
        ]
        indexes = [models.Index(fields=["activity", "round"])]

    def __str__(self) -> str:
        return f"{self.activity.code} in {self.round.name}"


class RoundReminder(models.Model):
    """That a lead was sent the reminder of a round's updates still to write: once per lead per
    round. Never public (it names staff accounts); kept for the round's record."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    activities = models.PositiveIntegerField(help_text="How many updates the reminder listed.")

    class Meta:
        ordering = ["round", "sent_at"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="unique_reminder_per_lead_per_round")]

    def __str__(self) -> str:
        return f"Reminder to {self.user} for {self.round}"


class PriorityStatus(ScopedModel):
    """A priority's delivery status as published in a round (rolled up from its
    activities, carrying forward the last reported status). Written once, at publication."""

    BODY_FIELD = "round__plan__body"
    PUBLICATION_PATH = "round__"

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="priority_statuses")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="round_statuses")
    status = models.ForeignKey(DeliveryStatus, null=True, on_delete=models.PROTECT, related_name="+")
    updated_in_round = models.BooleanField(default=False, help_text="False when the status was carried forward.")

    class Meta:
        ordering = ["round__period_end", "priority__order"]
        constraints = [models.UniqueConstraint(fields=["round", "priority"], name="unique_priority_status_per_round")]


class Snapshot(ScopedModel):
    """Exactly what a round published: the whole table as it stood, kept verbatim."""

    BODY_FIELD = "round__plan__body"
    PUBLICATION_PATH = "round__"

    round = models.OneToOneField(ReportingRound, on_delete=models.CASCADE, related_name="snapshot")
    data = models.JSONField()
    taken_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Snapshot of {self.round}"


class Chapter(ScopedModel):
    """An additional chapter of a plan, e.g. an emergency chapter with objectives."""

    BODY_FIELD = "plan__body"
    PUBLICATION_PATH = "plan__"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20, choices=[("emergency", "Emergency chapter"), ("other", "Chapter")], default="other"
    )
    adopted_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Objective(ScopedModel):
    BODY_FIELD = "chapter__plan__body"
    PUBLICATION_PATH = "chapter__plan__"

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=10)
    title = models.TextField()
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="unique_objective_number_per_chapter")
        ]

    def __str__(self) -> str:
        return f"Objective {self.number}"


class Commitment(ScopedModel):
    """A "We said / We did" pair under an objective."""

    BODY_FIELD = "objective__chapter__plan__body"
    PUBLICATION_PATH = "objective__chapter__plan__"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="commitments")
    we_said = models.TextField("we said")
    we_did = models.TextField("we did", blank=True)
    reported_date = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "order", "id"]

    def __str__(self) -> str:
        return self.we_said[:60]
