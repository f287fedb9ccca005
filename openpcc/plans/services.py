"""Every write to plans: structure, reporting rounds, updates and publication.

Each function is one atomic transaction; invalid input raises ValidationError
naming the field and nothing is saved; rights are checked here, not in views."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from openpcc.bodies.models import Organisation, Person
from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, require_role
from openpcc.core.writing import ConflictError, mark_published, save_versioned, stamp

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
    Snapshot,
    Theme,
    Update,
)
from .snapshots import round_snapshot

__all__ = ["ConflictError"]

logger = logging.getLogger(__name__)

# The status key used in the Cambridgeshire delivery table (seed 004), offered as the default.
DEFAULT_STATUS_KEY: list[dict] = [
    {"code": "white", "colour": "white", "label": "Not started", "meaning": "Not started", "rollup_rank": 30},
    {"code": "green", "colour": "green", "label": "On target", "meaning": "On target", "rollup_rank": 20},
    {
        "code": "amber",
        "colour": "amber",
        "label": "Delayed",
        "meaning": "Various factors have delayed achievement within the time frame",
        "rollup_rank": 40,
        "needs_explanation": True,
    },
    {
        "code": "red",
        "colour": "red",
        "label": "Action required",
        "meaning": "Action or decision required to get back on track",
        "rollup_rank": 50,
        "needs_explanation": True,
    },
    {"code": "complete", "colour": "blue", "label": "Complete", "meaning": "Complete", "rollup_rank": 10},
]


def _full_clean(obj, exclude: Iterable[str] | None = None) -> None:
    obj.full_clean(exclude=list(exclude or []))


# --- plan structure -------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    body: Body,
    title: str,
    period_start: date,
    period_end: date,
    slug: str = "",
    effective_date: date | None = None,
    published_date: date | None = None,
    panel_endorsed_date: date | None = None,
    summary: str = "",
    public_notice: str = "",
    status_key: list[dict] | None = None,
    user: User,
) -> Plan:
    require_role(user, body, EDIT_ROLES, "create a plan")
    if period_end <= period_start:
        raise ValidationError({"period_end": "The plan period must end after it starts."})
    plan = Plan(
        body=body,
        title=title,
        slug=slug or slugify(title)[:80],
        period_start=period_start,
        period_end=period_end,
        effective_date=effective_date,
        published_date=published_date,
        panel_endorsed_date=panel_endorsed_date,
        summary=summary,
        public_notice=public_notice,
    )
    _full_clean(plan)
    stamp(plan, user=user)
    plan.save()
    for order, entry in enumerate(status_key or DEFAULT_STATUS_KEY):
        status = DeliveryStatus(plan=plan, order=order, **entry)
        _full_clean(status, exclude=["plan"])
        status.save()
    return plan


@transaction.atomic
def plan_publish(*, plan: Plan, user: User, when=None) -> Plan:
    require_role(user, plan.body, APPROVE_ROLES, "publish a plan")
    stamp(plan, user=user, reason="Published")
    return mark_published(plan, when=when)


@transaction.atomic
def plan_settings_edit(
    *,
    plan: Plan,
    expected_version: int,
    narrative_required: bool,
    reminder_days_before: int | None,
    user: User,
) -> Plan:
    """The plan's delivery round settings: whether every update needs a narrative, and how many
    days before a round's due date its leads are reminded (None: no reminders)."""
    require_role(user, plan.body, EDIT_ROLES, "change a plan's settings")
    if reminder_days_before is not None and not 0 <= reminder_days_before <= 90:
        raise ValidationError(
            {"reminder_days_before": "Enter a number of days from 0 to 90, or leave it empty to send no reminders."}
        )
    changes = []
    if narrative_required != plan.narrative_required:
        changes.append("every update needs a narrative" if narrative_required else "narratives optional for Green")
    if reminder_days_before != plan.reminder_days_before:
        changes.append(
            f"reminders {reminder_days_before} days before" if reminder_days_before is not None else "no reminders"
        )
    return save_versioned(
        plan,
        expected_version=expected_version,
        change_reason=("Settings: " + "; ".join(changes)) if changes else "",
        user=user,
        fields={"narrative_required": narrative_required, "reminder_days_before": reminder_days_before},
    )


@transaction.atomic
def theme_create(*, plan: Plan, code: str, name: str, user: User, aim: str = "", order: int | None = None) -> Theme:
    require_role(user, plan.body, EDIT_ROLES, "add a theme")
    code = code.strip()
    if Theme.objects.filter(plan=plan, code__iexact=code).exists():
        raise ValidationError({"code": f"A theme with code {code} already exists in this plan."})
    theme = Theme(plan=plan, code=code, name=name, aim=aim, order=order if order is not None else plan.themes.count())
    _full_clean(theme, exclude=["plan"])
    stamp(theme, user=user)
    theme.save()
    return theme


def _check_priority_fields(
    *,
    plan: Plan,
    code: str,
    theme: Theme,
    opcc_lead: Person | None,
    delivery_leads: Iterable[Organisation],
    exclude_pk: int | None = None,
) -> None:
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = "Enter the priority code, for example V7."
    elif Priority.objects.filter(plan=plan, code__iexact=code).exclude(pk=exclude_pk).exists():
        errors["code"] = f"A priority with code {code} already exists in this plan. Codes must be unique within a plan."
    if theme.plan_id != plan.pk:
        errors["theme"] = "Choose a theme of this plan."
    if opcc_lead is not None and opcc_lead.body_id != plan.body_id:
        errors["opcc_lead"] = "Choose an OPCC lead from this body's people."
    if any(org.body_id != plan.body_id for org in delivery_leads):
        errors["delivery_leads"] = "Choose delivery leads from this body's organisations."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def priority_create(
    *,
    plan: Plan,
    theme: Theme,
    code: str,
    text: str,
    opcc_lead: Person | None = None,
    delivery_leads: Iterable[Organisation] = (),
    notes: str = "",
    order: int | None = None,
    user: User,
) -> Priority:
    require_role(user, plan.body, EDIT_ROLES, "add a priority")
    code = code.strip().upper()
    leads = list(delivery_leads)
    _check_priority_fields(plan=plan, code=code, theme=theme, opcc_lead=opcc_lead, delivery_leads=leads)
    priority = Priority(
        plan=plan,
        theme=theme,
        code=code,
        text=text,
        opcc_lead=opcc_lead,
        notes=notes,
        order=order if order is not None else plan.priorities.count(),
    )
    _full_clean(priority, exclude=["plan", "theme", "opcc_lead"])
    stamp(priority, user=user)
    try:
        with transaction.atomic():
            priority.save()
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise ValidationError({"code": f"A priority with code {code} already exists in this plan."}) from exc
    priority.delivery_leads.set(leads)
    return priority


@transaction.atomic
def priority_edit(
    *,
    priority: Priority,
    expected_version: int,
    user: User,
    theme: Theme,
    code: str,
    text: str,
    opcc_lead: Person | None,
    delivery_leads: Iterable[Organisation],
    notes: str,
) -> Priority:
    require_role(user, priority.plan.body, EDIT_ROLES, "edit a priority")
    code = code.strip().upper()
    leads = list(delivery_leads)
    _check_priority_fields(
        plan=priority.plan, code=code, theme=theme, opcc_lead=opcc_lead, delivery_leads=leads, exclude_pk=priority.pk
    )
    if not text.strip():
        raise ValidationError({"text": "Enter the priority for action."})
    old_leads = sorted(o.name for o in priority.delivery_leads.all())
    new_leads = sorted(o.name for o in leads)
    reason = ""
    if old_leads != new_leads:
        # Many-to-many changes are not field diffs: record them as the reason for this version.
        reason = f"Delivery leads: {', '.join(old_leads) or 'none'} → {', '.join(new_leads) or 'none'}"
    saved = save_versioned(
        priority,
        expected_version=expected_version,
        change_reason=reason,
        user=user,
        fields={"theme": theme, "code": code, "text": text, "opcc_lead": opcc_lead, "notes": notes},
    )
    saved.delivery_leads.set(leads)
    return saved


@transaction.atomic
def activity_create(
    *,
    priority: Priority,
    code: str,
    user: User,
    key_delivery: str = "",
    wider_partnership: str = "",
    order: int | None = None,
) -> Activity:
    require_role(user, priority.plan.body, EDIT_ROLES, "add an activity")
    code = code.strip().upper()
    if not code.startswith(priority.code):
        raise ValidationError(
            {"code": f"An activity code must start with its priority's code ({priority.code}), e.g. {priority.code}.1."}
        )
    if Activity.objects.filter(priority__plan=priority.plan, code__iexact=code).exists():
        raise ValidationError({"code": f"An activity with code {code} already exists in this plan."})
    activity = Activity(
        priority=priority,
        code=code,
        key_delivery=key_delivery,
        wider_partnership=wider_partnership,
        order=order if order is not None else priority.activities.count(),
    )
    _full_clean(activity, exclude=["priority"])
    stamp(activity, user=user)
    activity.save()
    return activity


# --- reporting rounds and updates --------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    plan: Plan,
    name: str,
    period_start: date,
    period_end: date,
    due_date: date | None = None,
    reported_to: str = "",
    user: User,
) -> ReportingRound:
    require_role(user, plan.body, EDIT_ROLES, "open a reporting round")
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the round, for example 2017/18 Q3."
    elif ReportingRound.objects.filter(plan=plan, name__iexact=name).exists():
        errors["name"] = f"This plan already has a round called {name}."
    if period_end < period_start:
        errors["period_end"] = "The round's period must end on or after its start."
    if errors:
        raise ValidationError(errors)
    rnd = ReportingRound(
        plan=plan,
        name=name,
        slug=slugify(name.replace("/", "-")),
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        reported_to=reported_to,
    )
    _full_clean(rnd, exclude=["plan"])
    stamp(rnd, user=user)
    rnd.save()
    return rnd


def _article(word: str) -> str:
    return "An" if word[:1].lower() in "aeiou" else "A"


def _resolve_status(plan: Plan, status: DeliveryStatus | str | None) -> DeliveryStatus:
    key = list(plan.statuses.all())
    choices = ", ".join(f"{s.get_colour_display()} ({s.label})" for s in key)
    if isinstance(status, DeliveryStatus):
        if status.plan_id == plan.pk:
            return status
        raise ValidationError({"status": f"That status is not in this plan's status key. Choose one of: {choices}."})
    wanted = (status or "").strip().lower()
    if not wanted:
        raise ValidationError({"status": f"Choose a delivery status: {choices}."})
    for s in key:
        if wanted in {s.code.lower(), s.label.lower(), s.colour.lower()}:
            return s
    raise ValidationError({"status": f"“{status}” is not in this plan's status key. Choose one of: {choices}."})


@transaction.atomic
def update_record(
    *,
    round: ReportingRound,
    activity: Activity,
    user: User,
    status: DeliveryStatus | str | None,
    narrative: str,
    expected_version: int | None = None,
    enforce_open: bool = True,
) -> Update:
    """Create or change the update for ``activity`` in ``round``.

    ``expected_version`` is the version the editor started from (None for a new
    update); if someone saved in between, ConflictError is raised and nothing changes.
    """
    plan = round.plan
    require_role(user, plan.body, EDIT_ROLES, "record a delivery update")
    if activity.priority.plan_id != plan.pk:
        raise ValidationError({"activity": "That activity is not part of this round's plan."})
    # Re-read the round's state inside the transaction so a round published a moment ago is seen.
    current_round = ReportingRound.objects.select_related("plan").get(pk=round.pk)
    if enforce_open and not current_round.is_open:
        raise ValidationError(
            {"round": f"The round {current_round.name} is closed: updates can no longer be recorded or changed in it."}
        )
    resolved = _resolve_status(plan, status)
    narrative = (narrative or "").strip()
    if current_round.plan.narrative_required and not narrative and not resolved.needs_explanation:
        raise ValidationError(
            {
                "narrative": (
                    f"Enter a narrative for {activity.code}: say what has been done this round. "
                    "This plan needs a narrative with every update, whatever its status."
                )
            }
        )
    if resolved.needs_explanation and not narrative:
        colour = resolved.get_colour_display()
        raise ValidationError(
            {
                "narrative": (
                    f"{_article(colour)} {colour} status needs a narrative: "
                    "say what is off track and what is being done about it."
                )
            }
        )
    existing = Update.objects.filter(round=round, activity=activity).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise ConflictError(Update(round=round, activity=activity, status=resolved, narrative=""))
        update = Update(round=round, activity=activity, status=resolved, narrative=narrative, author=user)
        stamp(update, user=user)
        try:
            with transaction.atomic():
                update.save()
        except IntegrityError:  # someone created the same update at the same moment
            raise ConflictError(Update.objects.get(round=round, activity=activity)) from None
        return update
    if expected_version is None:
        raise ConflictError(existing)
    return save_versioned(
        existing,
        expected_version=expected_version,
        fields={"status": resolved, "narrative": narrative, "author": user},
        user=user,
    )


def _round_set_state(*, round: ReportingRound, user: User, state: str, action: str) -> ReportingRound:
    require_role(user, round.plan.body, APPROVE_ROLES, action)
    if round.is_published:
        raise ValidationError(
            {"round": f"The round {round.name} is published, so it can no longer {action.split()[0]}."}
        )
    round.state = state
    stamp(round, user=user)
    round.save(update_fields=["state"])
    return round


@transaction.atomic
def round_close(*, round: ReportingRound, user: User) -> ReportingRound:
    """Freeze a round for review: officers can no longer change its updates."""
    return _round_set_state(round=round, user=user, state=ReportingRound.State.CLOSED, action="close for review")


@transaction.atomic
def round_reopen(*, round: ReportingRound, user: User) -> ReportingRound:
    return _round_set_state(round=round, user=user, state=ReportingRound.State.OPEN, action="reopen for updates")


@transaction.atomic
def round_publish(*, round: ReportingRound, user: User, when=None) -> ReportingRound:
    """Publish a round: freeze its snapshot and the priorities' statuses, then make it public.

    For an activity with no update in this round, the last published status carries forward.
    """
    plan = round.plan
    require_role(user, plan.body, APPROVE_ROLES, "publish a reporting round")
    rnd = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if rnd.publication_status == Publication.PUBLISHED:
        raise ValidationError({"round": f"The round {rnd.name} is already published."})
    when = when or timezone.now()

    earlier_rounds = {
        r.pk: r
        for r in ReportingRound.objects.filter(plan=plan, publication_status=Publication.PUBLISHED)
        .filter(period_end__lte=rnd.period_end)
        .exclude(pk=rnd.pk)
    }
    latest: dict[int, Update] = {}
    updates = (
        Update.objects.filter(round_id__in=[*earlier_rounds, rnd.pk])
        .select_related("round", "status")
        .order_by("round__period_end", "round_id")
    )
    for update in updates:
        latest[update.activity_id] = update  # later rounds overwrite earlier ones

    themes = list(plan.themes.all())
    priorities = list(
        plan.priorities.select_related("theme", "opcc_lead").prefetch_related("delivery_leads", "activities")
    )
    data, statuses_rows = round_snapshot(
        plan=plan,
        rnd=rnd,
        themes=themes,
        priorities=priorities,
        key=list(plan.statuses.all()),
        latest=latest,
        when=when,
    )
    PriorityStatus.objects.bulk_create(statuses_rows)
    Snapshot.objects.create(round=rnd, taken_at=when, data=data)
    rnd.state = ReportingRound.State.CLOSED
    rnd.published_by = user
    rnd.save(update_fields=["state", "published_by"])
    return mark_published(rnd, when=when)


def round_reminders_send(*, round: ReportingRound, user: User) -> int:
    """E-mail each lead with updates still to write in ``round`` the list of them, with links:
    once per lead per round (a RoundReminder records it, claimed in the same transaction as the
    sending, so a failed send is tried again next time and a repeated run sends nothing).
    Returns how many were sent. Run by the task queue (plans.tasks), as a system actor."""
    from . import selectors

    require_role(user, round.plan.body, EDIT_ROLES, "send a round's reminders")
    rnd = ReportingRound.objects.select_related("plan", "plan__body").get(pk=round.pk)
    if not rnd.is_open:
        return 0
    sent = 0
    for reminder in selectors.round_reminder_leads(round=rnd):
        try:
            with transaction.atomic():
                _, created = RoundReminder.objects.get_or_create(
                    round=rnd,
                    user=reminder.user,
                    defaults={"sent_at": timezone.now(), "activities": len(reminder.activities)},
                )
                if not created:
                    continue
                subject, text = _reminder_message(rnd, reminder)
                send_mail(subject, text, None, [reminder.user.email])
        except Exception:  # one lead's failed e-mail must not stop the others; it is tried again next run
            logger.exception("Could not send the %s reminder to %s", rnd, reminder.user)
            continue
        sent += 1
    return sent


def _reminder_message(rnd: ReportingRound, reminder) -> tuple[str, str]:
    body = rnd.plan.body
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    round_url = reverse("plans_staff:round", args=[body.slug, rnd.plan.slug, rnd.slug])
    links = [
        (
            activity,
            site
            + reverse("plans_staff:update", args=[body.slug, rnd.plan.slug, rnd.slug, activity.code])
            + "?"
            + urlencode({"next": f"{round_url}?show=mine-todo"}),
        )
        for activity in reminder.activities
    ]
    count = len(links)
    subject = f"{rnd.name}: {count} delivery update{'s' if count != 1 else ''} due by {rnd.due_date:%-d %B %Y}"
    text = render_to_string(
        "plans/email/round_reminder.txt",
        {
            "round": rnd,
            "plan": rnd.plan,
            "body": body,
            "lead": reminder.user,
            "links": links,
            "count": count,
            "list_url": f"{site}{round_url}?show=mine-todo",
        },
    )
    return subject, text


# --- chapters: "We said / We did" ---------------------------------------------------------


@transaction.atomic
def chapter_create(
    *, plan: Plan, title: str, user: User, kind: str = "other", adopted_date: date | None = None, summary: str = ""
) -> Chapter:
    require_role(user, plan.body, EDIT_ROLES, "add a chapter")
    chapter = Chapter(
        plan=plan, title=title, kind=kind, adopted_date=adopted_date, summary=summary, order=plan.chapters.count()
    )
    _full_clean(chapter, exclude=["plan"])
    stamp(chapter, user=user)
    chapter.save()
    return chapter


@transaction.atomic
def objective_create(*, chapter: Chapter, number: str, title: str, user: User, summary: str = "") -> Objective:
    require_role(user, chapter.plan.body, EDIT_ROLES, "add an objective")
    if Objective.objects.filter(chapter=chapter, number=number).exists():
        raise ValidationError({"number": f"Objective {number} already exists in this chapter."})
    objective = Objective(
        chapter=chapter, number=number, title=title, summary=summary, order=chapter.objectives.count()
    )
    _full_clean(objective, exclude=["chapter"])
    stamp(objective, user=user)
    objective.save()
    return objective


@transaction.atomic
def commitment_add(
    *, objective: Objective, we_said: str, user: User, we_did: str = "", reported_date: date | None = None
) -> Commitment:
    require_role(user, objective.chapter.plan.body, EDIT_ROLES, "add a commitment")
    if not we_said.strip():
        raise ValidationError({"we_said": "Enter what the plan said would be done."})
    commitment = Commitment(
        objective=objective,
        we_said=we_said.strip(),
        we_did=we_did.strip(),
        reported_date=reported_date,
        order=objective.commitments.count(),
    )
    _full_clean(commitment, exclude=["objective"])
    stamp(commitment, user=user)
    commitment.save()
    return commitment
