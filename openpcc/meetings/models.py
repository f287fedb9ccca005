"""Committees and their members, meetings, attendance, agenda items with reports,
minutes (questions and resolutions), the action log and the work programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from openpcc.bodies.models import Person
from openpcc.core.models import (
    Body,
    Classification,
    PublishableModel,
    ScopedModel,
    VersionedModel,
    prefixed_q,
    released,
    released_q,
)
from openpcc.plans.models import Priority


def papers_public_q(meeting_path: str) -> Q:
    """A meeting's papers are public once the meeting is public and its agenda's release time has
    passed, unless it is a private briefing or exempt (``Meeting.papers_q``, seen from a record
    that reaches the meeting through ``meeting_path``)."""
    return prefixed_q(Meeting.papers_q(), meeting_path)


def papers_withheld_q(meeting_path: str) -> Q:
    """A meeting whose papers are never public (a private briefing, an exempt meeting), seen from
    a record that reaches it through ``meeting_path``."""
    return prefixed_q(Q(kind=Meeting.Kind.PRIVATE_BRIEFING) | Q(is_exempt=True), meeting_path)


def minutes_public_q(meeting_path: str) -> Q:
    return prefixed_q(Meeting.minutes_q(), meeting_path)


class Committee(ScopedModel):
    PUBLICATION_PATH = None  # committees and their membership are public by nature

    class Kind(models.TextChoices):
        PANEL = "panel", "Police and Crime Panel"
        BOARD = "board", "Commissioner's board"
        PARTNERSHIP = "partnership", "Partnership board"
        AUDIT = "audit", "Audit committee"
        OTHER = "other", "Other committee"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="committees")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["body", "slug"], name="unique_committee_slug_per_body")]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(ScopedModel, VersionedModel):
    """A seat on a committee for a period: ended (``end_date``) rather than removed, so past
    meetings' attendance still names the member."""

    BODY_FIELD = "committee__body"
    PUBLICATION_PATH = None

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Independent co-opted member"
        SUBSTITUTE = "substitute", "Substitute"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="committee_memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    representing = models.CharField(max_length=200, blank=True, help_text="e.g. Peterborough City Council")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def is_current_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)

    @classmethod
    def current_on_q(cls, day: date) -> Q:
        return (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


@dataclass(frozen=True)
class MeetingState:
    label: str
    colour: str  # a GOV.UK tag colour
    past: bool = False  # held (or due to have been) with no minutes published
    papers_due: bool = False  # coming, papers not yet published: the deadline is worth saying

    def __str__(self) -> str:
        return self.label


class Meeting(PublishableModel, VersionedModel):
    """A meeting. Listed publicly once published; its agenda and papers are public from
    ``agenda_published_at``; its minutes once published as draft and then approved.
    Private briefings are exempt: listed with the reason, never their papers."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "Public meeting"
        PRIVATE_BRIEFING = "private_briefing", "Private briefing"
        TRAINING = "training", "Training"
        CONFIRMATION_HEARING = "confirmation_hearing", "Confirmation hearing"
        BUDGET = "budget", "Budget and precept meeting"
        ANNUAL = "annual", "Annual meeting"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_DRAFT = "minutes_draft", "Draft minutes published"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.PUBLIC)
    title = models.CharField(max_length=200, blank=True, help_text="Leave blank to use the committee's name.")
    date = models.DateField(db_index=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    theme = models.CharField(max_length=120, blank=True, help_text="e.g. Communities")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)
    minutes_approved_at_meeting = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancellation_note = models.CharField(max_length=300, blank=True)
    declarations_recorded_at = models.DateTimeField(
        "declarations of interest taken",
        null=True,
        blank=True,
        help_text="When the attendance screen recorded that declarations were asked for: only then does "
        "no declaration read as “None declared”.",
    )
    late_reason = models.TextField(
        blank=True, help_text="Why the papers were published fewer than five clear working days before the meeting."
    )
    imported = models.BooleanField(
        "made by the archive importer", default=False, help_text="Made from an archive's papers, not kept here live."
    )

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.display_title}, {self.date:%-d %B %Y}"

    @property
    def display_title(self) -> str:
        return self.title or self.committee.name

    @property
    def is_private(self) -> bool:
        return self.kind == self.Kind.PRIVATE_BRIEFING

    @classmethod
    def papers_q(cls) -> Q:
        """When a meeting's agenda and papers are public."""
        return (
            cls.public_q() & released_q("agenda_published_at") & ~Q(kind=cls.Kind.PRIVATE_BRIEFING) & Q(is_exempt=False)
        )

    @classmethod
    def minutes_q(cls) -> Q:
        """When a meeting's minutes (and attendance and actions) are public."""
        return cls.papers_q() & released_q("minutes_published_at")

    def state_on(self, today: date) -> MeetingState:
        """What a reader should be told about the meeting on ``today``: a past meeting never
        claims to be scheduled, and a cancelled one never has papers due."""
        if self.status == self.Status.CANCELLED:
            return MeetingState("Cancelled", "red")
        if self.is_private:
            return MeetingState("Private briefing", "grey")
        if self.status == self.Status.MINUTES_APPROVED:
            return MeetingState("Minutes approved", "green")
        if self.status == self.Status.MINUTES_DRAFT:
            return MeetingState("Draft minutes", "yellow")
        if self.date < today:
            if self.kind == self.Kind.TRAINING:  # a training session keeps no minutes
                return MeetingState("Held", "grey", past=True)
            if self.imported:
                return MeetingState("Minutes not recorded", "grey", past=True)
            return MeetingState("Minutes to follow", "blue", past=True)
        if self.agenda_published_at:
            return MeetingState("Agenda published", "blue")
        return MeetingState("Scheduled", "grey", papers_due=True)

    @property
    def agenda_is_public(self) -> bool:
        """``papers_q`` for a meeting in hand."""
        return self.is_public and released(self.agenda_published_at) and not self.is_private and not self.is_exempt

    @property
    def minutes_are_public(self) -> bool:
        """``minutes_q`` for a meeting in hand."""
        return self.agenda_is_public and released(self.minutes_published_at)


class AgendaItem(ScopedModel, VersionedModel):
    """An item on a meeting's agenda and, after the meeting, its minute."""

    BODY_FIELD = "meeting__body"
    PUBLICATION_PATH = "meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return papers_public_q("meeting__") & Q(is_exempt=False)

    class Resolution(models.TextChoices):
        NOTED = "noted", "Noted"
        AGREED = "agreed", "Agreed"
        APPROVED = "approved", "Approved"
        RECOMMENDATION = "recommendation", "Recommendation made"
        DEFERRED = "deferred", "Deferred"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.CharField(max_length=12)
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    presenting = models.CharField("presented by", max_length=200, blank=True)
    is_exempt = models.BooleanField("exempt from publication", default=False)
    exempt_reason = models.CharField(max_length=300, blank=True)
    minutes = models.TextField(blank=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)
    resolution_text = models.TextField(blank=True)
    resolution_reasons = models.TextField(blank=True)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="agenda_items")
    order = models.PositiveIntegerField(default=0)

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="unique_item_number_per_meeting")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Question(ScopedModel):
    """A lettered question at an item, with the response given."""

    BODY_FIELD = "item__meeting__body"
    PUBLICATION_PATH = "item__meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return minutes_public_q("item__meeting__") & Q(item__is_exempt=False)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="questions")
    letter = models.CharField(max_length=4, blank=True)
    asked_by = models.CharField(max_length=200, blank=True)
    question = models.TextField()
    response = models.TextField(blank=True)
    responded_by = models.CharField(max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return f"{self.letter}) {self.question[:50]}" if self.letter else self.question[:50]


class Report(ScopedModel, VersionedModel):
    """A report in the board-paper shape, usually attached to an agenda item."""

    PUBLICATION_PATH = "agenda_item__meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return papers_public_q("agenda_item__meeting__") & Q(agenda_item__is_exempt=False)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="reports")
    agenda_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="report"
    )
    title = models.CharField(max_length=300)
    to = models.CharField(max_length=200, blank=True)
    author = models.CharField("from", max_length=200, blank=True)
    report_date = models.DateField(null=True, blank=True)
    purpose = models.TextField(blank=True)
    recommendations = models.TextField(blank=True, help_text="One recommendation per line.")
    terms_of_reference = models.TextField(blank=True)
    background = models.TextField(blank=True)
    key_issues = models.TextField(blank=True)
    implications = models.TextField(blank=True)
    consultation = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    background_documents = models.JSONField(default=list, blank=True, help_text="A list of {title, url}.")
    appendices = models.TextField(blank=True, help_text="One appendix title per line.")
    contact_officer = models.CharField(max_length=200, blank=True)
    classification = models.CharField(max_length=32, choices=Classification.choices, default=Classification.NPM)
    priorities = models.ManyToManyField(Priority, blank=True, related_name="reports")

    documents = GenericRelation("documents.Document", content_type_field="parent_type", object_id_field="parent_id")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-report_date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    @property
    def appendix_list(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]


def attachment_path(instance, filename: str) -> str:
    """Kept for migration 0001, which created report files before documents took them over."""
    return f"reports/{filename}"


class Attendance(ScopedModel):
    BODY_FIELD = "meeting__body"
    PUBLICATION_PATH = "meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return minutes_public_q("meeting__")

    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        SUBSTITUTE = "substitute", "Substitute"
        OFFICER = "officer", "Officer present"
        OTHER = "other", "Also present"

    MEMBER_KINDS = ("present", "apologies", "absent", "substitute")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        CommitteeMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendance",
        help_text="The committee member this row records, when it came from the roster.",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    substitute_for = models.CharField(max_length=200, blank=True)
    substitute_for_member = models.ForeignKey(
        CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="substituted_by"
    )
    representing = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    declarations = models.TextField("declarations of interest", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "id"]

    def __str__(self) -> str:
        return self.name


class Action(ScopedModel, VersionedModel):
    """An action raised at a meeting, carried on the committee's log until closed."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    PUBLICATION_PATH = "meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return minutes_public_q("meeting__") & ~Q(agenda_item__is_exempt=True)

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="actions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    number = models.PositiveIntegerField(help_text="Numbered per committee, in the order raised.")
    text = models.TextField("action")
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="unique_action_number_per_committee")
        ]

    def __str__(self) -> str:
        return f"Action {self.number}"


class ActionUpdate(ScopedModel):
    BODY_FIELD = "action__body"
    PUBLICATION_PATH = "action__meeting__"

    @classmethod
    def public_constraints(cls) -> Q:
        return minutes_public_q("action__meeting__") & ~Q(action__agenda_item__is_exempt=True)

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "date", "id"]


class WorkProgrammeItem(ScopedModel, VersionedModel):
    """A planned item for a future meeting, or a possible topic for a future report."""

    BODY_FIELD = "committee__body"
    PUBLICATION_PATH = None

    @classmethod
    def public_constraints(cls) -> Q:
        # A planned item is public unless it belongs to a meeting that is not (a private briefing).
        return Q(meeting__isnull=True) | (
            prefixed_q(Meeting.public_q(), "meeting__") & ~Q(meeting__kind=Meeting.Kind.PRIVATE_BRIEFING)
        )

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="work_programme")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="planned_items")
    title = models.CharField(max_length=400)
    responsible = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_possible_topic(self) -> bool:
        return self.meeting_id is None


def agenda_pack_path(instance: AgendaPack, filename: str) -> str:
    return f"packs/{instance.meeting.body_id}/{instance.meeting_id}/{filename}"


class AgendaPack(ScopedModel):
    """One version of a meeting's agenda pack: every public paper of the meeting in agenda order,
    as one PDF with a contents page, page numbers and bookmarks (built by ``pack.pack_build`` in
    the background). Earlier versions are kept; the newest done one is offered. Public while the
    meeting's papers are, and only while every paper it holds still is (a paper withdrawn since,
    or its item made exempt, withdraws the pack)."""

    BODY_FIELD = "meeting__body"
    PUBLICATION_PATH = "meeting__"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be built"
        BUILDING = "building", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True, help_text="What went wrong, or which papers were left out and why.")
    papers_done = models.PositiveIntegerField(default=0)
    papers_total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=agenda_pack_path, max_length=400, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="unique_pack_version_per_meeting")]

    def __str__(self) -> str:
        return f"Agenda pack version {self.version}: {self.meeting}"

    @classmethod
    def public_constraints(cls) -> Q:
        from openpcc.documents.models import Document

        withdrawn = AgendaPackPaper.objects.filter(pack=OuterRef("pk")).exclude(
            document__in=Document.objects.published().values("pk")
        )
        return papers_public_q("meeting__") & Q(status=cls.Status.DONE) & ~Q(Exists(withdrawn))

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def percent(self) -> int:
        return round(100 * self.papers_done / self.papers_total) if self.papers_total else 0

    @property
    def download_name(self) -> str:
        return f"agenda-pack-{self.meeting.date:%Y-%m-%d}-v{self.version}.pdf"


class AgendaPackPaper(models.Model):
    """A paper in a pack version, in pack order: where it starts and ends in the pack (the page
    numbers the meeting page shows), whether it is a supplement (added after the agenda was
    published, and when), or why it was left out (``note``, with no pages)."""

    pack = models.ForeignKey(AgendaPack, on_delete=models.CASCADE, related_name="papers")
    document = models.ForeignKey("documents.Document", null=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveIntegerField()
    heading = models.CharField(max_length=400, help_text="The agenda item (or the meeting) the paper is under.")
    title = models.CharField(max_length=300)
    first_page = models.PositiveIntegerField(null=True, blank=True)
    last_page = models.PositiveIntegerField(null=True, blank=True)
    supplement_on = models.DateField(null=True, blank=True, help_text="Added after the agenda was published, on.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pack", "order"]

    def __str__(self) -> str:
        return self.title

    @property
    def pages_label(self) -> str:
        """ "12–20" (or "12" for a one-page paper); empty when the paper was left out."""
        if self.first_page is None:
            return ""
        return str(self.first_page) if self.first_page == self.last_page else f"{self.first_page}–{self.last_page}"
