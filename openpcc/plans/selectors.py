"""Reads for the plan pages, feeds and staff worklists, each with a fixed number of queries."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse

from openpcc.core.models import Body, BodyRole, Publication, User
from openpcc.core.paging import Paging, paging
from openpcc.core.permissions import EDIT_ROLES, has_role
from openpcc.core.registry import FeedEntry

from .models import (
    Activity,
    Chapter,
    Commitment,
    DeliveryStatus,
    Objective,
    Plan,
    Priority,
    PriorityStatus,
    ReportingRound,
    RoundReminder,
    Update,
)


def plan_current_get(*, body: Body) -> Plan | None:
    """The body's current published plan: the latest by period start."""
    return Plan.objects.for_body(body).published().order_by("-period_start", "-id").first()


def round_latest_public_get(*, plan: Plan) -> ReportingRound | None:
    return ReportingRound.objects.filter(plan=plan).published().order_by("-period_end", "-id").first()


@dataclass
class PriorityRow:
    priority: Priority
    status: DeliveryStatus | None
    updated_in_round: bool


@dataclass
class ThemeBlock:
    theme: object
    rows: list[PriorityRow] = field(default_factory=list)
    counts: dict[int | None, int] = field(default_factory=dict)


@dataclass
class PlanTable:
    plan: Plan
    round: ReportingRound | None
    status_key: list[DeliveryStatus]
    themes: list[ThemeBlock]
    chapters: list[Chapter]
    lead_choices: list[tuple[str, str]]
    total: int
    shown: int
    updated_at: datetime | None

    @property
    def count_rows(self) -> list[tuple[object, list[int], int]]:
        """Per theme: the number of priorities with each status (in key order), and none."""
        out = []
        for block in self.themes:
            out.append((block.theme, [block.counts.get(s.pk, 0) for s in self.status_key], block.counts.get(None, 0)))
        return out

    @property
    def count_totals(self) -> tuple[list[int], int]:
        rows = self.count_rows
        return [sum(r[1][i] for r in rows) for i in range(len(self.status_key))], sum(r[2] for r in rows)


def _lead_key_person(person_id: int) -> str:
    return f"person-{person_id}"


def _lead_key_org(org_id: int) -> str:
    return f"org-{org_id}"


def plan_table_get(*, plan: Plan, theme: str = "", status: str = "", lead: str = "") -> PlanTable:
    """The public delivery table: themes, priorities and their status as last published.

    Filters: ``theme`` (theme code), ``status`` (status code or "none"), ``lead``
    ("person-<id>" for an OPCC lead or "org-<id>" for a delivery lead)."""
    rnd = round_latest_public_get(plan=plan)
    status_key = list(plan.statuses.all())
    by_status_id = {s.pk: s for s in status_key}
    themes = list(plan.themes.all())
    priorities = list(
        plan.priorities.select_related("opcc_lead").prefetch_related("delivery_leads").order_by("order", "id")
    )
    current: dict[int, PriorityStatus] = {}
    if rnd is not None:
        current = {ps.priority_id: ps for ps in PriorityStatus.objects.filter(round=rnd)}
    chapters = list(
        plan.chapters.prefetch_related(
            Prefetch(
                "objectives",
                queryset=Objective.objects.prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.order_by("order", "id"))
                ),
            )
        )
    )

    leads: dict[str, str] = {}
    blocks = {t.pk: ThemeBlock(theme=t) for t in themes}
    shown = 0
    for p in priorities:
        ps = current.get(p.pk)
        st = by_status_id.get(ps.status_id) if ps and ps.status_id else None
        block = blocks[p.theme_id]
        block.counts[st.pk if st else None] = block.counts.get(st.pk if st else None, 0) + 1
        p_leads = set()
        if p.opcc_lead_id:
            leads[_lead_key_person(p.opcc_lead_id)] = f"{p.opcc_lead} (OPCC lead)"
            p_leads.add(_lead_key_person(p.opcc_lead_id))
        for org in p.delivery_leads.all():
            leads[_lead_key_org(org.pk)] = org.name
            p_leads.add(_lead_key_org(org.pk))
        if theme and block.theme.code.lower() != theme.lower():
            continue
        status_code = st.code if st else "none"
        if status and status != status_code:
            continue
        if lead and lead not in p_leads:
            continue
        block.rows.append(PriorityRow(priority=p, status=st, updated_in_round=bool(ps and ps.updated_in_round)))
        shown += 1

    return PlanTable(
        plan=plan,
        round=rnd,
        status_key=status_key,
        themes=[blocks[t.pk] for t in themes],
        chapters=chapters,
        lead_choices=sorted(leads.items(), key=lambda kv: kv[1].lower()),
        total=len(priorities),
        shown=shown,
        updated_at=rnd.published_at if rnd else plan.published_at,
    )


UPDATES_PER_PAGE = 30
# What the priority page shows of each update's round and status (rows are loaded by the dozen).
ROUND_SHOWN = ("round__name", "round__slug", "round__period_end", "round__published_at")
STATUS_SHOWN = ("status__colour", "status__label")


@dataclass
class PriorityDetail:
    plan: Plan
    priority: Priority
    activities: list[Activity]
    updates: list[Update]  # one page, newest first
    status_history: list[PriorityStatus]
    current: PriorityStatus | None
    updated_at: datetime | None
    paging: Paging


def priority_public_get(*, plan: Plan, code: str, page: str = "") -> PriorityDetail:
    """One priority with its activities, its status over rounds and its published updates,
    a page at a time, newest first (a plan reported monthly for years has hundreds)."""
    priority = (
        Priority.objects.filter(plan=plan, code__iexact=code)
        .select_related("theme", "opcc_lead", "plan__body")
        .prefetch_related("delivery_leads", "activities")
        .first()
    )
    if priority is None:
        raise Http404(f"No priority {code} in {plan.title}.")
    updates_qs = Update.objects.published().filter(activity__priority=priority)
    pages = paging(updates_qs.count(), page, per_page=UPDATES_PER_PAGE)
    updates = list(
        updates_qs.select_related("round", "status", "activity")
        .only("narrative", *ROUND_SHOWN, *STATUS_SHOWN, "activity__code", "activity__order")
        .order_by("-round__period_end", "-round_id", "activity__order")[pages.start : pages.end]
    )
    history = list(
        PriorityStatus.objects.published()
        .filter(priority=priority)
        .select_related("round", "status")
        .only("updated_in_round", "priority_id", *ROUND_SHOWN, *STATUS_SHOWN)
        .order_by("round__period_end", "round_id")
    )
    return PriorityDetail(
        plan=plan,
        priority=priority,
        activities=list(priority.activities.all()),
        updates=updates,
        status_history=history,
        current=history[-1] if history else None,
        updated_at=history[-1].round.published_at if history else plan.published_at,
        paging=pages,
    )


def round_public_list(*, plan: Plan) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(plan=plan).published().order_by("-period_end", "-id")


def round_public_get(*, plan: Plan, slug: str) -> ReportingRound:
    rnd = round_public_list(plan=plan).filter(slug=slug).select_related("snapshot").first()
    if rnd is None:
        raise Http404("No published round with that name.")
    return rnd


# --- staff ---------------------------------------------------------------------------------


def plan_staff_list(*, body: Body) -> list[Plan]:
    return list(
        Plan.objects.for_body(body).prefetch_related(
            Prefetch("rounds", queryset=ReportingRound.objects.order_by("-period_end", "-id"))
        )
    )


def plan_staff_get(*, body: Body, slug: str) -> Plan:
    plan = Plan.objects.for_body(body).filter(slug=slug).first()
    if plan is None:
        raise Http404("No such plan at this body.")
    return plan


def round_staff_get(*, plan: Plan, slug: str) -> ReportingRound:
    rnd = ReportingRound.objects.filter(plan=plan, slug=slug).select_related("plan", "plan__body").first()
    if rnd is None:
        raise Http404("No such round in this plan.")
    return rnd


@dataclass
class WorkItem:
    activity: Activity
    update: Update | None
    mine: bool
    carried: Update | None = None  # no update this round: the last published one, which publishing carries forward

    @property
    def state(self) -> str:
        """The item's state: "updated" (an update this round), "carried" (none, the last published status carries
        forward) or "missing" (none, and nothing to carry: published with no status)."""
        if self.update is not None:
            return "updated"
        return "carried" if self.carried is not None else "missing"


@dataclass
class Worklist:
    round: ReportingRound
    items: list[WorkItem]
    total: int
    done: int
    mine_total: int
    mine_done: int
    status_counts: list[tuple[DeliveryStatus, int]]
    carried: int = 0
    missing: int = 0
    carried_counts: list[tuple[DeliveryStatus, int]] = field(default_factory=list)

    @property
    def not_done(self) -> int:
        return self.total - self.done

    def items_in(self, state: str) -> list[WorkItem]:
        return [i for i in self.items if i.state == state]

    @property
    def updated_items(self) -> list[WorkItem]:
        return self.items_in("updated")

    @property
    def carried_items(self) -> list[WorkItem]:
        return self.items_in("carried")

    @property
    def missing_items(self) -> list[WorkItem]:
        return self.items_in("missing")


def _carried_forward(round: ReportingRound) -> dict[int, Update]:
    """For each activity of the plan, its last update in an earlier published round (what
    publishing ``round`` carries forward where it has none): two queries whatever the history."""
    earlier = (
        Update.objects.filter(
            activity=OuterRef("pk"),
            round__plan_id=round.plan_id,
            round__publication_status=Publication.PUBLISHED,
            round__period_end__lte=round.period_end,
        )
        .exclude(round_id=round.pk)
        .order_by("-round__period_end", "-round_id")
        .values("pk")[:1]
    )
    last_ids = [
        pk
        for pk in Activity.objects.filter(priority__plan_id=round.plan_id)
        .annotate(last_update=Subquery(earlier))
        .values_list("last_update", flat=True)
        if pk is not None
    ]
    if not last_ids:
        return {}
    return {
        u.activity_id: u
        for u in Update.objects.filter(pk__in=last_ids)
        .select_related("status", "round")
        .only("activity_id", "narrative", *STATUS_SHOWN, "status__code", "round__name", "round__slug")
    }


def round_worklist_get(*, round: ReportingRound, user: User, show: str = "all") -> Worklist:
    """Every activity of the plan with its update in this round (if any), and where it has none,
    the status publishing would carry forward.

    ``show``: "all", "todo" (no update yet), "mine" (priorities the user leads),
    "mine-todo" (both)."""
    activities = list(
        Activity.objects.filter(priority__plan=round.plan)
        .select_related("priority", "priority__theme", "priority__opcc_lead")
        .order_by("priority__order", "priority_id", "order", "id")
    )
    updates = {u.activity_id: u for u in Update.objects.filter(round=round).select_related("status", "author")}
    carried_forward = _carried_forward(round) if len(updates) < len(activities) else {}
    status_key = list(round.plan.statuses.all())
    items: list[WorkItem] = []
    counts: Counter[int] = Counter()
    carried_counts: Counter[int] = Counter()
    total = done = mine_total = mine_done = carried = missing = 0
    for activity in activities:
        update = updates.get(activity.pk)
        previous = None if update else carried_forward.get(activity.pk)
        lead = activity.priority.opcc_lead
        mine = bool(lead and lead.user_id == user.pk)
        total += 1
        done += update is not None
        mine_total += mine
        mine_done += mine and update is not None
        if update:
            counts[update.status_id] += 1
        elif previous:
            carried += 1
            carried_counts[previous.status_id] += 1
        else:
            missing += 1
        if show in ("todo", "mine-todo") and update is not None:
            continue
        if show in ("mine", "mine-todo") and not mine:
            continue
        items.append(WorkItem(activity=activity, update=update, mine=mine, carried=previous))
    return Worklist(
        round=round,
        items=items,
        total=total,
        done=done,
        mine_total=mine_total,
        mine_done=mine_done,
        status_counts=[(s, counts.get(s.pk, 0)) for s in status_key],
        carried=carried,
        missing=missing,
        carried_counts=[(s, carried_counts.get(s.pk, 0)) for s in status_key if carried_counts.get(s.pk)],
    )


@dataclass
class RoundClosure:
    """Who closed (or published) a round, and when: what a read-only form tells its reader."""

    published: bool
    by: User | None
    at: datetime | None


def round_closure_get(*, round: ReportingRound) -> RoundClosure | None:
    """None while the round is open; else who published it or closed it for review, and when."""
    if round.is_open:
        return None
    if round.publication_status == Publication.PUBLISHED:
        by = User.objects.filter(pk=round.published_by_id).first() if round.published_by_id else None
        return RoundClosure(published=True, by=by, at=round.published_at)
    # The closing is the earliest record of the latest run of "closed" states in the round's history.
    closing = None
    for record in round.history.select_related("history_user").order_by("-history_id")[:50]:
        if record.state != ReportingRound.State.CLOSED:
            break
        closing = record
    if closing is None:
        return RoundClosure(published=False, by=None, at=None)
    return RoundClosure(published=False, by=closing.history_user, at=closing.history_date)


def round_next_suggestion(*, plan: Plan) -> dict:
    """What the next round of ``plan`` is likely to be: after "2017/18 Q2", "2017/18 Q3" with the
    next quarter's dates; after Q4, Q1 of the next year. With no round yet, the first quarter from
    the plan's start. Other names: the period that follows, as long as the last."""
    last = ReportingRound.objects.filter(plan=plan).order_by("-period_end", "-id").first()
    if last is None:
        start = plan.period_start
        year = start.year if start.month >= 4 else start.year - 1
        quarter = {4: 1, 7: 2, 10: 3, 1: 4}.get(start.month) if start.day == 1 else None
        return _quarter_suggestion(year, quarter, start)
    start = last.period_end + timedelta(days=1)
    match = QUARTER_NAME.match(last.name.strip())
    if match:
        year, quarter = int(match["year"]), int(match["quarter"])
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return _quarter_suggestion(year, quarter, start)
    months = max(1, _months_between(last.period_start, last.period_end + timedelta(days=1)))
    return {"period_start": start, "period_end": _add_months(start, months) - timedelta(days=1)}


QUARTER_NAME = re.compile(r"^(?P<year>\d{4})/(?P<next>\d{2}) Q(?P<quarter>[1-4])$")


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _quarter_suggestion(year: int, quarter: int | None, start: date) -> dict:
    """A financial-year quarter (Q1 is April to June): its name and dates."""
    if quarter is None:  # a plan starting mid-quarter: suggest dates only
        return {"period_start": start, "period_end": _add_months(start, 3) - timedelta(days=1)}
    first = date(year, 4, 1)
    q_start = _add_months(first, 3 * (quarter - 1))
    return {
        "name": f"{year}/{(year + 1) % 100:02d} Q{quarter}",
        "period_start": q_start,
        "period_end": _add_months(q_start, 3) - timedelta(days=1),
    }


def rounds_due_for_reminders(*, today: date) -> list[ReportingRound]:
    """Open rounds whose reminder day (the plan's ``reminder_days_before`` their due date) has come
    and whose due date has not passed."""
    return [
        r
        for r in ReportingRound.objects.filter(
            state=ReportingRound.State.OPEN,
            publication_status=Publication.DRAFT,
            due_date__gte=today,
            plan__reminder_days_before__isnull=False,
        ).select_related("plan", "plan__body")
        if round_reminder_due(round=r, today=today)
    ]


def round_reminder_due(*, round: ReportingRound, today: date) -> bool:
    days = round.plan.reminder_days_before
    if days is None or round.due_date is None or not round.is_open:
        return False
    return round.due_date - timedelta(days=days) <= today <= round.due_date


@dataclass
class LeadReminder:
    user: User
    activities: list[Activity]


def round_reminder_leads(*, round: ReportingRound) -> list[LeadReminder]:
    """The leads (the accounts of the priorities' OPCC leads) with updates still to write in
    ``round``, who can sign in, have an e-mail address and the right to edit the plan (one of
    ``EDIT_ROLES`` at its body, as ``core.permissions.has_role`` decides), and have not yet been
    reminded of this round, each with those activities. One query, however many leads."""
    done = Update.objects.filter(round=round).values("activity_id")
    reminded = RoundReminder.objects.filter(round=round).values("user_id")
    may_edit = BodyRole.objects.filter(
        user_id=OuterRef("priority__opcc_lead__user_id"),
        body_id=OuterRef("priority__plan__body_id"),
        role__in=EDIT_ROLES,
    )
    todo = (
        Activity.objects.filter(priority__plan_id=round.plan_id, priority__opcc_lead__user__isnull=False)
        .exclude(pk__in=done)
        .exclude(priority__opcc_lead__user_id__in=reminded)
        .filter(priority__opcc_lead__user__is_active=True)
        .exclude(priority__opcc_lead__user__email="")
        .filter(Q(Exists(may_edit)) | Q(priority__opcc_lead__user__is_superuser=True))
        .select_related("priority", "priority__opcc_lead__user")
        .order_by("priority__order", "priority_id", "order", "id")
    )
    by_user: dict[int, LeadReminder] = {}
    for activity in todo:
        lead = activity.priority.opcc_lead.user
        by_user.setdefault(lead.pk, LeadReminder(user=lead, activities=[])).activities.append(activity)
    return list(by_user.values())


@dataclass
class ReminderStatus:
    """What the staff round page says of a round's reminders: who has been sent one and when,
    and when the next go (or why none will)."""

    days_before: int | None  # the plan's setting (None: reminders are off)
    sent: list[RoundReminder]  # one per lead reminded, earliest first
    day: date | None  # the round's reminder day (its due date less the plan's days), if any
    waiting: int  # leads who would be reminded on the next run (with updates to write, not yet reminded)
    state: str  # "off", "no-due-date", "closed", "before", "sending", "over"

    @property
    def first_sent(self) -> datetime | None:
        return self.sent[0].sent_at if self.sent else None

    @property
    def last_sent(self) -> datetime | None:
        return self.sent[-1].sent_at if self.sent else None


def round_reminder_status(*, round: ReportingRound, today: date) -> ReminderStatus:
    """The round's reminders as of ``today``: at most two queries."""
    sent = list(RoundReminder.objects.filter(round=round).select_related("user").order_by("sent_at", "id"))
    days = round.plan.reminder_days_before
    day = round.due_date - timedelta(days=days) if days is not None and round.due_date else None
    waiting = 0
    if days is None:
        state = "off"
    elif round.due_date is None:
        state = "no-due-date"
    elif not round.is_open:
        state = "closed"
    elif today < day:
        state = "before"
    elif today <= round.due_date:
        state = "sending"
        waiting = len(round_reminder_leads(round=round))
    else:
        state = "over"
    return ReminderStatus(days_before=days, sent=sent, day=day, waiting=waiting, state=state)


def activity_staff_get(*, round: ReportingRound, code: str) -> tuple[Activity, Update | None, Update | None]:
    """The activity, its update in this round, and its last update in an earlier published round."""
    activity = (
        Activity.objects.filter(priority__plan=round.plan, code__iexact=code)
        .select_related("priority", "priority__theme", "priority__opcc_lead")
        .first()
    )
    if activity is None:
        raise Http404("No such activity in this plan.")
    current = Update.objects.filter(round=round, activity=activity).select_related("status", "author").first()
    previous = (
        Update.objects.published()
        .filter(activity=activity, round__period_end__lte=round.period_end)
        .exclude(round=round)
        .select_related("status", "round")
        .order_by("-round__period_end", "-round_id")
        .first()
    )
    return activity, current, previous


def priority_staff_get(*, plan: Plan, code: str) -> Priority:
    priority = (
        Priority.objects.filter(plan=plan, code__iexact=code)
        .select_related("theme", "opcc_lead", "plan")
        .prefetch_related("delivery_leads", "activities")
        .first()
    )
    if priority is None:
        raise Http404("No such priority in this plan.")
    return priority


def body_home_section(*, body: Body) -> dict | None:
    """A body's home page: its current published plan and latest delivery reports."""
    plan = Plan.objects.for_body(body).published().order_by("-period_start").first()
    if plan is None:
        return None
    rounds = list(ReportingRound.objects.published().filter(plan=plan).order_by("-period_end")[:5])
    return {"plan": plan, "recent_rounds": rounds}


def body_summaries(*, bodies: list[Body]) -> dict[int, dict]:
    """The site's home page: each body's current published plan and latest delivery report."""
    current: dict[int, Plan] = {}
    for plan in Plan.objects.published().filter(body__in=bodies).order_by("period_start", "id"):
        current[plan.body_id] = plan
    latest: dict[int, ReportingRound] = {}
    plan_ids = [p.pk for p in current.values()]
    for rnd in ReportingRound.objects.published().filter(plan_id__in=plan_ids).order_by("period_end", "id"):
        latest[rnd.plan_id] = rnd
    return {body_id: {"plan": plan, "round": latest.get(plan.pk)} for body_id, plan in current.items()}


def dashboard_panel(*, user: User, bodies: list[Body]) -> dict | None:
    """The dashboard's rounds in progress, at the bodies where the user edits the plan."""
    rounds = round_dashboard_list(bodies=[b for b in bodies if has_role(user, b, EDIT_ROLES)], user=user)
    return {"rounds": rounds} if rounds else None


def feed_entries(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """The body's feed entries from its plans (core.registry): each published delivery report."""
    return [
        FeedEntry(
            f"Plan delivery report: {r.name}",
            reverse("plans:round", args=[body.slug, r.slug]),
            r.published_at,
            f"Delivery against {r.plan.title}, {r.name}.",
            "plan",
        )
        for r in ReportingRound.objects.filter(plan__body=body)
        .published()
        .select_related("plan")
        .order_by("-published_at")[:limit]
    ]


def round_dashboard_list(*, bodies: list[Body], user: User) -> list[dict]:
    """Open rounds at the user's bodies, with how many activities still need an update."""
    rounds = list(
        ReportingRound.objects.filter(plan__body__in=bodies, publication_status="draft")
        .select_related("plan", "plan__body")
        .order_by("plan__body__name", "-period_end")
    )
    if not rounds:
        return []
    plan_ids = {r.plan_id for r in rounds}
    activity_counts: Counter[int] = Counter()
    mine_counts: Counter[int] = Counter()
    for plan_id, lead_user in Activity.objects.filter(priority__plan_id__in=plan_ids).values_list(
        "priority__plan_id", "priority__opcc_lead__user_id"
    ):
        activity_counts[plan_id] += 1
        if lead_user == user.pk:
            mine_counts[plan_id] += 1
    done: Counter[int] = Counter()
    mine_done: Counter[int] = Counter()
    for round_id, lead_user in Update.objects.filter(round__in=rounds).values_list(
        "round_id", "activity__priority__opcc_lead__user_id"
    ):
        done[round_id] += 1
        if lead_user == user.pk:
            mine_done[round_id] += 1
    return [
        {
            "round": r,
            "total": activity_counts[r.plan_id],
            "todo": activity_counts[r.plan_id] - done[r.id],
            "mine_todo": mine_counts[r.plan_id] - mine_done[r.id],
        }
        for r in rounds
    ]
