"""Reads for meetings pages, feeds and calendars, each with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openpcc.core.golden_thread import LinkedRecord, LinkSection
from openpcc.core.models import Body, User
from openpcc.core.paging import Paging, paging
from openpcc.core.params import year_value
from openpcc.core.registry import FeedEntry
from openpcc.plans.models import Priority

from . import deadlines
from .extensions import item_sections
from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    AgendaPack,
    AgendaPackPaper,
    Attendance,
    Committee,
    CommitteeMember,
    Meeting,
    Question,
    Report,
    WorkProgrammeItem,
    papers_public_q,
)


def committee_list(*, body: Body) -> list[Committee]:
    return list(Committee.objects.for_body(body))


def committee_get(*, body: Body, slug: str, today: date | None = None) -> Committee:
    """A committee with its members split into ``current_members`` and ``former_members`` (those
    whose membership has ended, or not yet begun, on ``today``)."""
    today = today or timezone.localdate()
    committee = (
        Committee.objects.for_body(body)
        .filter(slug=slug)
        .prefetch_related(Prefetch("members", queryset=CommitteeMember.objects.select_related("person")))
        .first()
    )
    if committee is None:
        raise Http404("No such committee.")
    members = list(committee.members.all())
    committee.current_members = [m for m in members if m.is_current_on(today)]
    committee.former_members = [m for m in members if not m.is_current_on(today)]
    return committee


def committee_member_get(*, body: Body, committee: Committee, pk: int) -> CommitteeMember:
    member = (
        CommitteeMember.objects.for_body(body)
        .filter(committee=committee, pk=pk)
        .select_related("person", "committee__body")
        .first()
    )
    if member is None:
        raise Http404("No such member of this committee.")
    return member


@dataclass
class Highlights:
    """What a reader most often wants: the next meeting and the latest minutes."""

    next_meeting: Meeting | None
    latest_minutes: Meeting | None

    def __bool__(self) -> bool:
        return bool(self.next_meeting or self.latest_minutes)


def meeting_highlights(*, body: Body, committee: Committee | None = None, today: date | None = None) -> Highlights:
    """The next published meeting that is not cancelled, and the latest meeting whose minutes
    are public (two queries)."""
    today = today or timezone.localdate()
    qs = Meeting.objects.for_body(body).published().select_related("committee")
    if committee is not None:
        qs = qs.filter(committee=committee)
    next_meeting = (
        qs.filter(date__gte=today).exclude(status=Meeting.Status.CANCELLED).order_by("date", "start_time").first()
    )
    latest = qs.filter(Meeting.minutes_q()).order_by("-date", "-start_time").first()
    for m in (next_meeting, latest):
        if m is not None:
            m.state = m.state_on(today)
    return Highlights(next_meeting=next_meeting, latest_minutes=latest)


@dataclass
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]
    committees: list[Committee]
    years: list[int]
    paging: Paging  # of the past meetings; upcoming ones are all shown


def meeting_public_list(
    *, body: Body, committee: str = "", year: str = "", page: str = "", today: date | None = None
) -> MeetingList:
    today = today or timezone.localdate()
    qs = Meeting.objects.for_body(body).published().select_related("committee")
    years = sorted({d.year for d in qs.dates("date", "year")}, reverse=True)
    if committee:
        qs = qs.filter(committee__slug=committee)
    if (chosen_year := year_value(year)) is not None:
        qs = qs.filter(date__year=chosen_year)
    past = qs.filter(date__lt=today).order_by("-date", "-start_time")
    pages = paging(past.count(), page)
    listing = MeetingList(
        upcoming=list(qs.filter(date__gte=today).order_by("date", "start_time")),
        past=list(past[pages.start : pages.end]),
        committees=committee_list(body=body),
        years=years,
        paging=pages,
    )
    for m in (*listing.upcoming, *listing.past):
        m.state = m.state_on(today)
    return listing


CARRIED_SHOWN = 25


@dataclass
class ItemView:
    """An agenda item as a reader may see it: exempt items keep only their number and reason."""

    item: AgendaItem
    exempt: bool
    report: Report | None = None
    files: list = field(default_factory=list)  # the report's documents
    questions: list[Question] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class MeetingDetail:
    meeting: Meeting
    items: list[ItemView]
    attendance: dict[str, list[Attendance]]
    papers_visible: bool
    minutes_visible: bool
    deadline: date
    late: bool
    carried_actions: list[Action] = field(default_factory=list)
    carried_total: int = 0  # open actions from earlier meetings, of which carried_actions are the latest
    item_sections: list[str] = field(default_factory=list)  # what other domains show under each item
    state: object = None  # models.MeetingState: what the meeting's status truly is today
    late_by: int = 0  # working days the papers were late
    declarations: list[Attendance] = field(default_factory=list)

    @property
    def has_attendance(self) -> bool:
        return any(self.attendance.values())


def _meeting_detail(meeting: Meeting, *, public: bool) -> MeetingDetail:
    papers = meeting.agenda_is_public if public else True
    minutes = meeting.minutes_are_public if public else True
    linked = Prefetch("priorities", queryset=Priority.objects.select_related("plan__body"))
    item_qs = AgendaItem.objects.filter(meeting=meeting).prefetch_related(
        linked, *(section.prefetch() for section in item_sections())
    )
    questions_qs = Question.objects.filter(item__meeting=meeting)
    actions_qs = (
        Action.objects.filter(meeting=meeting)
        .select_related("committee", "meeting", "agenda_item")
        .prefetch_related("updates")
    )
    reports_qs = Report.objects.filter(agenda_item__meeting=meeting).prefetch_related("documents", linked)
    attendance_qs = Attendance.objects.filter(meeting=meeting)
    if public:
        item_qs, questions_qs, actions_qs = item_qs.published(), questions_qs.published(), actions_qs.published()
        reports_qs, attendance_qs = reports_qs.published(), attendance_qs.published()
    items: list[ItemView] = []
    if papers:
        exempt_items = (
            list(
                # Exempt items: only what the public may know of them is even loaded.
                AgendaItem.objects.filter(meeting=meeting, is_exempt=True).only(
                    "id", "number", "is_exempt", "exempt_reason", "meeting_id", "order"
                )
            )
            if public
            else []
        )
        reports = {r.agenda_item_id: r for r in reports_qs}
        questions: dict[int, list[Question]] = defaultdict(list)
        for q in questions_qs if minutes else []:
            questions[q.item_id].append(q)
        actions: dict[int | None, list[Action]] = defaultdict(list)
        for a in actions_qs if minutes else []:
            actions[a.agenda_item_id].append(a)
        for item in sorted([*item_qs, *exempt_items], key=lambda i: (i.order, i.pk)):
            if public and item.is_exempt:
                items.append(ItemView(item=item, exempt=True))
                continue
            report = reports.get(item.pk)
            items.append(
                ItemView(
                    item=item,
                    exempt=item.is_exempt,
                    report=report,
                    files=list(report.documents.all()) if report else [],
                    questions=questions.get(item.pk, []),
                    actions=actions.get(item.pk, []),
                )
            )
    # Actions still open from the committee's earlier meetings: they carry over to this one.
    carried_qs = (
        Action.objects.filter(
            committee_id=meeting.committee_id, status=Action.Status.OPEN, meeting__date__lt=meeting.date
        )
        .select_related("committee", "meeting", "agenda_item")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("date", "id")))
        .order_by("number")
    )
    carried: list[Action] = []
    carried_total = 0
    if meeting.status != Meeting.Status.CANCELLED:
        carried_qs = carried_qs.published() if public else carried_qs
        # The most recently raised ones; the rest are a link away on the committee's action log.
        carried = list(carried_qs.order_by("-number")[:CARRIED_SHOWN])
        carried_total = carried_qs.count()
        carried.sort(key=lambda a: a.number)
    groups: dict[str, list[Attendance]] = {k: [] for k in Attendance.Kind.values}
    declarations: list[Attendance] = []
    if minutes:
        for row in attendance_qs.order_by("id"):
            groups[row.kind].append(row)
            if row.declarations:
                declarations.append(row)
    today = timezone.localdate()
    return MeetingDetail(
        meeting=meeting,
        items=items,
        attendance=groups,
        papers_visible=papers,
        minutes_visible=minutes,
        deadline=deadlines.papers_deadline(meeting.date),
        late=deadlines.is_late(meeting.agenda_published_at, meeting.date),
        carried_actions=carried,
        carried_total=carried_total,
        item_sections=[section.template for section in item_sections()],
        state=meeting.state_on(today),
        late_by=deadlines.working_days_late(meeting.agenda_published_at, meeting.date)
        if meeting.agenda_published_at
        else 0,
        declarations=declarations,
    )


def meeting_public_get(*, body: Body, pk: int) -> MeetingDetail:
    meeting = (
        Meeting.objects.for_body(body)
        .published()
        .select_related("committee", "minutes_approved_at_meeting")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return _meeting_detail(meeting, public=True)


def meeting_staff_get(*, body: Body, pk: int) -> MeetingDetail:
    meeting = (
        Meeting.objects.for_body(body).select_related("committee", "minutes_approved_at_meeting").filter(pk=pk).first()
    )
    if meeting is None:
        raise Http404("No such meeting at this body.")
    return _meeting_detail(meeting, public=False)


def meeting_staff_list(*, body: Body) -> list[dict]:
    meetings = list(
        Meeting.objects.for_body(body).select_related("committee").annotate(item_count=Count("items")).order_by("-date")
    )
    today = timezone.localdate()
    out = []
    for m in meetings:
        deadline = deadlines.papers_deadline(m.date)
        late = deadlines.is_late(m.agenda_published_at, m.date)
        overdue = (
            m.agenda_published_at is None
            and m.status == Meeting.Status.SCHEDULED
            and today > deadline
            and m.date >= today
        )
        m.state = m.state_on(today)
        out.append({"meeting": m, "deadline": deadline, "late": late, "papers_overdue": overdue})
    return out


def body_home_section(*, body: Body) -> dict | None:
    """A body's home page: the next meeting and the latest minutes (core.registry)."""
    highlights = meeting_highlights(body=body)
    return {"highlights": highlights} if highlights else None


def dashboard_panel(*, user: User, bodies: list[Body]) -> dict | None:
    """The dashboard's coming meetings at the user's bodies (core.registry)."""
    rows = meeting_dashboard_list(bodies=bodies)
    return {"meetings": rows} if rows else None


def meeting_dashboard_list(*, bodies: list[Body], days: int = 60) -> list[dict]:
    """Meetings in the coming ``days`` at these bodies, flagging late or overdue papers."""
    today = timezone.localdate()
    meetings = (
        Meeting.objects.filter(body__in=bodies, date__gte=today, date__lte=today + timedelta(days=days))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee", "body")
        .order_by("date", "start_time")
    )
    rows = []
    for m in meetings:
        deadline = deadlines.papers_deadline(m.date)
        rows.append(
            {
                "meeting": m,
                "deadline": deadline,
                "late": deadlines.is_late(m.agenda_published_at, m.date),
                "overdue": m.agenda_published_at is None and today > deadline,
            }
        )
    return rows


def report_public_get(*, body: Body, pk: int) -> Report:
    report = (
        Report.objects.for_body(body)
        .published()
        .filter(pk=pk)
        .select_related("agenda_item", "agenda_item__meeting", "agenda_item__meeting__committee")
        .prefetch_related("documents", Prefetch("priorities", queryset=Priority.objects.select_related("plan__body")))
        .first()
    )
    if report is None:
        raise Http404("No such published report.")
    return report


@dataclass
class ActionLog:
    actions: list[Action]
    committees: list[Committee]
    open_count: int
    overdue_count: int
    paging: Paging


def _action_log(qs: QuerySet[Action], body: Body, committee: str, status: str, page: str) -> ActionLog:
    if committee:
        qs = qs.filter(committee__slug=committee)
    if status in Action.Status.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    is_open = Q(status=Action.Status.OPEN)
    counts = qs.aggregate(
        total=Count("id"),
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_date__lt=today)),
    )
    pages = paging(counts["total"], page)
    actions = list(
        qs.select_related("committee", "meeting", "agenda_item")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.order_by("date", "id")))
        .order_by("status", "committee__name", "number")[pages.start : pages.end]
    )
    for a in actions:
        a.is_overdue = a.status == Action.Status.OPEN and a.due_date is not None and a.due_date < today
    return ActionLog(
        actions=actions,
        committees=committee_list(body=body),
        open_count=counts["open"],
        overdue_count=counts["overdue"],
        paging=pages,
    )


def action_public_list(*, body: Body, committee: str = "", status: str = "", page: str = "") -> ActionLog:
    return _action_log(Action.objects.for_body(body).published(), body, committee, status, page)


def action_staff_list(*, body: Body, committee: str = "", status: str = "", page: str = "") -> ActionLog:
    return _action_log(Action.objects.for_body(body), body, committee, status, page)


def action_staff_get(*, body: Body, pk: int) -> Action:
    action = (
        Action.objects.for_body(body)
        .filter(pk=pk)
        .select_related("meeting", "committee", "agenda_item")
        .prefetch_related("updates")
        .first()
    )
    if action is None:
        raise Http404("No such action at this body.")
    return action


@dataclass
class ProgrammeBlock:
    committee: Committee
    meetings: list[tuple[Meeting, list[WorkProgrammeItem]]]  # coming meetings only
    possible_topics: list[WorkProgrammeItem]
    earlier: list[tuple[Meeting, list[WorkProgrammeItem]]] = field(default_factory=list)  # staff only


def work_programme_list(
    *, body: Body, public: bool, committee: str = "", today: date | None = None
) -> list[ProgrammeBlock]:
    today = today or timezone.localdate()
    committees = committee_list(body=body)
    if committee:
        committees = [c for c in committees if c.slug == committee]
    items_qs = WorkProgrammeItem.objects.for_body(body)
    if public:
        items_qs = items_qs.published()
    by_meeting: dict[int | None, list[WorkProgrammeItem]] = defaultdict(list)
    topics: dict[int, list[WorkProgrammeItem]] = defaultdict(list)
    for item in items_qs:
        if item.meeting_id is None:
            topics[item.committee_id].append(item)
        else:
            by_meeting[item.meeting_id].append(item)
    # Coming meetings only; staff also see earlier meetings that had items planned, to tidy them.
    wanted = Q(date__gte=today) if public else Q(date__gte=today) | Q(pk__in=list(by_meeting))
    meetings_qs = Meeting.objects.for_body(body).filter(wanted)
    if public:
        meetings_qs = meetings_qs.published().exclude(status=Meeting.Status.CANCELLED)
    meetings = list(meetings_qs.order_by("date", "start_time"))
    for m in meetings:
        m.state = m.state_on(today)
    coming = [m for m in meetings if m.date >= today and m.status != Meeting.Status.CANCELLED]
    earlier = [m for m in meetings if m not in coming]
    return [
        ProgrammeBlock(
            committee=c,
            meetings=[(m, by_meeting.get(m.pk, [])) for m in coming if m.committee_id == c.pk],
            possible_topics=topics.get(c.pk, []),
            earlier=[(m, by_meeting[m.pk]) for m in earlier if m.committee_id == c.pk and m.pk in by_meeting],
        )
        for c in committees
    ]


def work_item_get(*, body: Body, pk: int) -> WorkProgrammeItem:
    item = WorkProgrammeItem.objects.for_body(body).filter(pk=pk).select_related("committee__body", "meeting").first()
    if item is None:
        raise Http404("No such work programme item at this body.")
    return item


@dataclass
class RosterRow:
    member: CommitteeMember
    row: Attendance | None  # what is recorded for the member, if anything


@dataclass
class Roster:
    meeting: Meeting
    members: list[RosterRow]  # the members current on the meeting's date, and anyone already recorded
    others: list[Attendance]  # officers, others present and substitutes from outside the committee


def attendance_roster(*, body: Body, pk: int) -> Roster:
    """The attendance screen: the committee's members on the meeting's date, each with what is
    recorded for them (three queries)."""
    meeting = Meeting.objects.for_body(body).select_related("committee", "body").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting at this body.")
    rows = list(Attendance.objects.filter(meeting=meeting).order_by("id"))
    by_member = {r.member_id: r for r in rows if r.member_id}
    members = list(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id)
        .filter(CommitteeMember.current_on_q(meeting.date) | Q(pk__in=list(by_member)))
        .select_related("person")
    )
    order = list(CommitteeMember.Role.values)
    members.sort(key=lambda m: (order.index(m.role) if m.role in order else len(order), m.person.name))
    return Roster(
        meeting=meeting,
        members=[RosterRow(member=m, row=by_member.get(m.pk)) for m in members],
        others=[r for r in rows if not r.member_id],
    )


def feed_entries(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """The body's feed entries from meetings (core.registry): agendas and papers, minutes."""
    entries: list[FeedEntry] = []
    meetings = (
        Meeting.objects.for_body(body)
        .published()
        .filter(papers_public_q(""))
        .select_related("committee")
        .order_by("-agenda_published_at")[:limit]
    )
    for m in meetings:
        url = reverse("meetings:detail", args=[body.slug, m.pk])
        if m.agenda_is_public:
            entries.append(
                FeedEntry(
                    f"Agenda and papers: {m}",
                    url,
                    m.agenda_published_at,
                    f"The agenda and papers for {m} are published.",
                    "agenda",
                )
            )
        if m.minutes_are_public:
            state = "approved" if m.status == Meeting.Status.MINUTES_APPROVED else "draft"
            entries.append(
                FeedEntry(
                    f"Minutes ({state}): {m}",
                    url + "#minutes",
                    m.minutes_published_at,
                    f"The {state} minutes of {m} are published.",
                    "minutes",
                )
            )
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:limit]


def _with_last_change(qs: QuerySet) -> QuerySet:
    """Each meeting with ``last_changed``: when its record last changed (its latest history
    entry), which a calendar gives as the event's LAST-MODIFIED."""
    latest = Meeting.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return qs.annotate(last_changed=Subquery(latest.values("history_date")[:1]))


def meeting_calendar_list(*, body: Body, committee: str = "") -> list[Meeting]:
    qs = _with_last_change(Meeting.objects.for_body(body).published().select_related("committee", "body"))
    if committee:
        qs = qs.filter(committee__slug=committee)
    return list(qs.order_by("date"))


def priority_links(priority: Priority, *, public: bool = True) -> LinkSection:
    """Golden thread: reports and minute items, of any body, that discuss ``priority`` (two queries)."""
    # Only the columns a link shows: reports and minutes carry long text.
    reports = (
        Report.objects.filter(priorities=priority)
        .select_related("body", "agenda_item__meeting")
        .only("title", "report_date", "body__slug", "body__name", "body__short_name", "agenda_item__meeting__date")
    )
    items = (
        AgendaItem.objects.filter(priorities=priority)
        .select_related("meeting__body", "meeting__committee")
        .only(
            "number",
            "title",
            "meeting__date",
            "meeting__title",
            "meeting__body__slug",
            "meeting__body__name",
            "meeting__body__short_name",
            "meeting__committee__name",
        )
    )
    if public:
        reports, items = reports.published(), items.published()
    records = [
        LinkedRecord(
            title=f"Report: {r.title}",
            url=reverse("meetings:report", args=[r.body.slug, r.pk]),
            date=r.report_date or (r.agenda_item.meeting.date if r.agenda_item else None),
            meta=r.body.display_name,
        )
        for r in reports
    ] + [
        LinkedRecord(
            title=f"Item {i.number}: {i.title}",
            url=reverse("meetings:detail", args=[i.meeting.body.slug, i.meeting_id]) + f"#item-{i.pk}",
            date=i.meeting.date,
            meta=f"{i.meeting.body.display_name}, {i.meeting.display_title}",
        )
        for i in items
    ]
    records.sort(key=lambda r: r.date or date.min, reverse=True)
    return LinkSection(heading="Reports and meeting items", records=records)


# Open data and calendars: whole lists (no paging), public records only, a fixed number of queries.


def meeting_public_export_list(*, body: Body, committee: str = "", year: str = "") -> list[Meeting]:
    """The published meetings the list page shows for these filters, upcoming and past, by date."""
    qs = Meeting.objects.for_body(body).published().select_related("committee", "body")
    if committee:
        qs = qs.filter(committee__slug=committee)
    if (chosen_year := year_value(year)) is not None:
        qs = qs.filter(date__year=chosen_year)
    return list(qs.order_by("date", "start_time", "pk"))


def meeting_public_calendar_get(*, body: Body, pk: int) -> Meeting:
    meeting = (
        _with_last_change(Meeting.objects.for_body(body).published().select_related("committee", "body"))
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def meeting_item_titles(*, meetings: list[Meeting]) -> dict[int, list[str]]:
    """The titles of the published (not exempt) agenda items of ``meetings``, in agenda order: one query."""
    titles: dict[int, list[str]] = defaultdict(list)
    if not meetings:
        return titles
    rows = (
        AgendaItem.objects.published()
        .filter(meeting__in=[m.pk for m in meetings])
        .order_by("meeting_id", "order", "id")
        .values_list("meeting_id", "title")
    )
    for meeting_id, title in rows:
        titles[meeting_id].append(title)
    return titles


def action_public_export_list(*, body: Body, committee: str = "", status: str = "") -> list[Action]:
    """Every published action the action log shows for these filters, with its published updates."""
    qs = Action.objects.for_body(body).published()
    if committee:
        qs = qs.filter(committee__slug=committee)
    if status in Action.Status.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    actions = list(
        qs.select_related("committee", "meeting", "agenda_item")
        .prefetch_related(Prefetch("updates", queryset=ActionUpdate.objects.published().order_by("date", "id")))
        .order_by("status", "committee__name", "number")
    )
    for a in actions:
        a.is_overdue = a.status == Action.Status.OPEN and a.due_date is not None and a.due_date < today
    return actions


# --- the agenda pack -------------------------------------------------------------------------------


def _packs(qs: QuerySet[AgendaPack]) -> list[AgendaPack]:
    papers = Prefetch("papers", queryset=AgendaPackPaper.objects.order_by("order"))
    return list(qs.select_related("meeting__body").prefetch_related(papers).order_by("-version"))


def agenda_pack_public_list(*, meeting: Meeting) -> list[AgendaPack]:
    """The meeting's public pack versions, newest first, each with its papers and their pack
    pages: none unless the meeting's papers are public now (two queries, or none)."""
    if not meeting.agenda_is_public:
        return []
    return _packs(AgendaPack.objects.filter(meeting=meeting).published())


def agenda_pack_staff_list(*, meeting: Meeting) -> list[AgendaPack]:
    """Every version of the meeting's pack, newest first, whatever its state."""
    return _packs(AgendaPack.objects.filter(meeting=meeting).select_related("created_by"))


def agenda_pack_get(*, body: Body, pk: int, version: int, public: bool) -> AgendaPack:
    """One version of a meeting's pack: for the public only a done one, while public."""
    qs = AgendaPack.objects.for_body(body).filter(meeting_id=pk, version=version).select_related("meeting__body")
    pack = (qs.published() if public else qs.filter(status=AgendaPack.Status.DONE)).first()
    if pack is None:
        raise Http404("No such agenda pack.")
    return pack
