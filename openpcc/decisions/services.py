"""Every write to the decision register: drafting, signing with a reference from the body's
own scheme, publication, amendments, exempt parts, notification to the panel and its
response, and the forward list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import APPROVE_ROLES, CLERK_ROLES, EDIT_ROLES, PANEL_ROLES, require_role
from openpcc.core.writing import mark_published, save_versioned, stamp
from openpcc.meetings.models import AgendaItem, Meeting, Report
from openpcc.meetings.services import agenda_item_add
from openpcc.plans.models import Priority

from . import selectors
from .models import (
    Amendment,
    Decision,
    ForwardDecision,
    Notification,
    ReferenceCounter,
    ReferenceScheme,
    decision_date_problem,
    reference_pattern_problem,
)

TEXT_FIELDS = ("subject", "decision", "reasons", "options_considered", "financial_implications", "legal_implications")
DRAFT_FIELDS = (
    *TEXT_FIELDS,
    "amount",
    "amount_note",
    "decision_maker",
    "decision_maker_name",
    "category",
    "meeting",
    "exempt_parts",
    "withheld_reason",
    "decision_date",
    "date_reason",
)


# --- the reference scheme ------------------------------------------------------------------


@transaction.atomic
def scheme_set(
    *,
    body: Body,
    prefix: str,
    pattern: str = "{prefix} {year}-{number}",
    padding: int = 3,
    restart_each_year: bool = True,
    user: User,
) -> ReferenceScheme:
    require_role(user, body, APPROVE_ROLES, "set the decision reference scheme")
    errors = {}
    if not prefix.strip():
        errors["prefix"] = "Give the prefix, e.g. CPCC."
    if problem := reference_pattern_problem(pattern):
        errors["pattern"] = problem
    elif restart_each_year and "{year}" not in pattern:
        errors["pattern"] = "A scheme that restarts each year must contain {year}, or references would repeat."
    if not 1 <= padding <= 6:
        errors["padding"] = "Padding is between 1 and 6 digits."
    if errors:
        raise ValidationError(errors)
    scheme, _ = ReferenceScheme.objects.update_or_create(
        body=body,
        defaults={
            "prefix": prefix.strip(),
            "pattern": pattern,
            "padding": padding,
            "restart_each_year": restart_each_year,
        },
    )
    return scheme


def _scheme(body: Body) -> ReferenceScheme:
    scheme = ReferenceScheme.objects.filter(body=body).first()
    if scheme is None:
        raise ValidationError(
            {"reference": f"{body.display_name} has no decision reference scheme yet: set one first."}
        )
    return scheme


def _lock_counter(body: Body, year: int) -> ReferenceCounter:
    """Lock (creating if need be) the counter row; concurrent signers queue here."""
    try:
        with transaction.atomic():
            ReferenceCounter.objects.get_or_create(body=body, year=year)
    except IntegrityError:  # another transaction created it first; it exists now
        pass
    return ReferenceCounter.objects.select_for_update().get(body=body, year=year)


def _allocate(body: Body, year: int) -> str:
    scheme = _scheme(body)
    counter = _lock_counter(body, year if scheme.restart_each_year else 0)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return scheme.format(year=year, number=counter.last_number)


# --- drafting ----------------------------------------------------------------------------------


def _validate(body: Body, fields: dict, reports: Iterable[Report], priorities: Iterable[Priority]) -> None:
    errors: dict[str, str] = {}
    if not (fields.get("subject") or "").strip():
        errors["subject"] = "Give the subject of the decision."
    if not (fields.get("decision") or "").strip():
        errors["decision"] = "Enter the decision itself: what has been decided."
    amount = fields.get("amount")
    if amount is not None and Decimal(amount) < 0:
        errors["amount"] = "The amount cannot be negative. Record income or savings in the financial implications."
    parts = fields.get("exempt_parts") or []
    unknown = set(parts) - set(Decision.EXEMPTABLE)
    if unknown:
        errors["exempt_parts"] = f"These parts cannot be withheld: {', '.join(sorted(unknown))}."
    if parts and not (fields.get("withheld_reason") or "").strip():
        errors["withheld_reason"] = "Say why the marked parts are withheld from publication."
    meeting = fields.get("meeting")
    if meeting is not None and meeting.body_id != body.pk:
        errors["meeting"] = "Choose a meeting of this body."
    if problem := decision_date_problem(fields.get("decision_date"), meeting, fields.get("date_reason") or ""):
        errors["date_reason"] = problem
    if any(r.body_id != body.pk for r in reports):
        errors["reports"] = "Link only to this body's reports."
    if any(p.plan.body_id != body.pk for p in priorities):
        errors["priorities"] = "Link only to priorities of this body's plans."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_create(
    *,
    body: Body,
    user: User,
    fields: dict,
    reports: Iterable[Report] = (),
    priorities: Iterable[Priority] = (),
) -> Decision:
    require_role(user, body, EDIT_ROLES, "draft a decision record")
    reports, priorities = list(reports), list(priorities)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown decision fields: {sorted(unknown)}")
    _validate(body, fields, reports, priorities)
    decision = Decision(body=body, **fields)
    decision.full_clean(exclude=["body", "meeting"])
    stamp(decision, user=user)
    decision.save()
    decision.reports.set(reports)
    decision.priorities.set(priorities)
    return decision


@transaction.atomic
def decision_edit(
    *,
    decision: Decision,
    expected_version: int,
    user: User,
    fields: dict,
    reports: Iterable[Report] = (),
    priorities: Iterable[Priority] = (),
) -> Decision:
    require_role(user, decision.body, EDIT_ROLES, "edit a decision record")
    current = Decision.objects.get(pk=decision.pk)
    if current.status == Decision.Status.SIGNED:
        raise ValidationError(
            {"decision": f"{current.reference} is signed: its text can only change through a recorded amendment."}
        )
    reports, priorities = list(reports), list(priorities)
    _validate(decision.body, {**{f: getattr(current, f) for f in DRAFT_FIELDS}, **fields}, reports, priorities)
    saved = save_versioned(decision, expected_version=expected_version, fields=fields, user=user)
    saved.reports.set(reports)
    saved.priorities.set(priorities)
    return saved


@transaction.atomic
def decision_sign(*, decision: Decision, user: User, on: date | None = None, reference: str = "") -> Decision:
    """Sign a draft: it gets the next reference of the body's scheme, in the same transaction,
    so a reference is never skipped (a failed signing rolls the counter back) nor reused.

    ``reference`` is only for loading historical records that already have one."""
    require_role(user, decision.body, APPROVE_ROLES, "sign a decision record")
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if current.status == Decision.Status.SIGNED:
        raise ValidationError({"status": f"This decision is already signed as {current.reference}."})
    if not current.decision.strip():
        raise ValidationError({"decision": "A decision with no decision text cannot be signed."})
    if not reference:
        on = on or current.decision_date or timezone.localdate()
    if problem := decision_date_problem(on, current.meeting, current.date_reason):
        raise ValidationError({"date_reason": problem})
    if reference:  # a historical record: its date may be unknown
        year = on.year if on else _year_in(reference)
        reference = _record_historical(decision.body, reference, year)
    else:
        reference = _allocate(decision.body, on.year)
    current.reference, current.reference_slug = reference, slugify(reference)
    current.status, current.decision_date = Decision.Status.SIGNED, on
    current.signed_by, current.signed_at = user, timezone.now()
    current.version += 1
    stamp(current, user=user, reason=f"Signed as {reference}")
    current.save()
    return current


def _year_in(reference: str) -> int | None:
    match = re.search(r"\b(19|20)\d{2}\b", reference)
    return int(match.group(0)) if match else None


def _record_historical(body: Body, reference: str, year: int | None) -> str:
    if Decision.objects.filter(body=body, reference=reference).exists():
        raise ValidationError({"reference": f"{reference} is already used."})
    match = re.search(r"(\d+)\s*$", reference)
    if match and year is not None:
        counter = _lock_counter(body, year)
        counter.last_number = max(counter.last_number, int(match.group(1)))
        counter.save(update_fields=["last_number"])
    return reference


@transaction.atomic
def decision_publish(*, decision: Decision, user: User, when=None) -> Decision:
    require_role(user, decision.body, APPROVE_ROLES, "publish a decision record")
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if current.status != Decision.Status.SIGNED:
        raise ValidationError({"status": "Only a signed decision can be published. Sign it first."})
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError({"status": f"{current.reference} is already published."})
    stamp(current, user=user, reason="Published")
    return mark_published(current, when=when)


@transaction.atomic
def decision_amend(*, decision: Decision, field: str, text: str, reason: str, user: User) -> Decision:
    """Change the text of a signed decision, keeping the previous wording and the reason."""
    require_role(user, decision.body, APPROVE_ROLES, "amend a signed decision")
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    errors = {}
    if current.status != Decision.Status.SIGNED:
        errors["field"] = "Only a signed decision is amended; edit a draft directly."
    if field not in TEXT_FIELDS:
        errors["field"] = f"“{field}” is not a part of the record that can be amended."
    if not reason.strip():
        errors["reason"] = "Give the reason for the amendment; it is published with the record."
    if field == "decision" and not text.strip():
        errors["text"] = "The decision text cannot be emptied."
    if errors:
        raise ValidationError(errors)
    previous = getattr(current, field)
    if previous == text:
        raise ValidationError({"text": "The new wording is the same as the old."})
    Amendment.objects.create(decision=current, field=field, previous=previous, reason=reason.strip(), made_by=user)
    setattr(current, field, text)
    current.version += 1
    stamp(current, user=user, reason=f"Amended {field}: {reason.strip()}")
    current.save()
    return current


# --- forward list ---------------------------------------------------------------------------


@transaction.atomic
def forward_decision_add(
    *, body: Body, topic: str, timescale: str = "", background: list[dict] | None = None, user: User
) -> ForwardDecision:
    require_role(user, body, EDIT_ROLES, "change the forward list of decisions")
    if not topic.strip():
        raise ValidationError({"topic": "Give the area where a decision is likely."})
    for i, doc in enumerate(background or [], start=1):
        url = (doc.get("url") or "").strip()
        if url and not url.startswith(("http://", "https://")):
            raise ValidationError({"background": f"Background report {i}: the link must start with https://"})
    order = (ForwardDecision.objects.filter(body=body).aggregate(m=Max("order"))["m"] or 0) + 1
    entry = ForwardDecision(
        body=body, topic=topic.strip(), timescale=timescale.strip(), background=background or [], order=order
    )
    stamp(entry, user=user)
    entry.save()
    return entry


@transaction.atomic
def forward_decision_remove(*, entry: ForwardDecision, user: User) -> None:
    require_role(user, entry.body, EDIT_ROLES, "change the forward list of decisions")
    stamp(entry, user=user)
    entry.delete()


# --- the panel: "Decisions by the Commissioner" ---------------------------------------------


@transaction.atomic
def notifications_create(
    *,
    meeting: Meeting,
    decisions: Iterable[Decision],
    number: str,
    title: str = "Decisions by the Commissioner",
    user: User,
) -> AgendaItem:
    """Add the "Decisions by the Commissioner" item with the chosen decisions. They count as
    notified to the panel when the meeting's agenda is published."""
    panel = meeting.body
    require_role(user, panel, CLERK_ROLES, "build the decisions item")
    chosen = list(decisions)
    if not chosen:
        raise ValidationError({"decisions": "Choose at least one decision to notify."})
    proposable = {d.pk for d in selectors.decision_to_notify_list(meeting=meeting)}
    refused = [d.reference or d.subject for d in chosen if d.pk not in proposable]
    if refused:
        raise ValidationError(
            {
                "decisions": (
                    f"Not published by the office this panel scrutinises, or already notified: {', '.join(refused)}."
                )
            }
        )
    item = AgendaItem.objects.filter(meeting=meeting, number__iexact=number.strip()).first()
    if item is None:
        item = agenda_item_add(
            meeting=meeting,
            number=number,
            title=title,
            purpose="Decision records published by the Commissioner since the last meeting.",
            user=user,
        )
    elif item.title != title:
        raise ValidationError({"number": f"Item {number} is already on this agenda as “{item.title}”."})
    for d in chosen:
        n = Notification(panel=panel, decision=d, agenda_item=item)
        stamp(n, user=user)
        n.save()
    return item


@transaction.atomic
def notification_respond(
    *, notification: Notification, response: str, response_detail: str = "", user: User
) -> Notification:
    require_role(user, notification.panel, PANEL_ROLES, "record the panel's response")
    if response not in (Notification.Response.NOTED, Notification.Response.FURTHER_SCRUTINY):
        raise ValidationError({"response": "Choose noted or further scrutiny requested."})
    if response == Notification.Response.FURTHER_SCRUTINY and not response_detail.strip():
        raise ValidationError({"response_detail": "Say what further scrutiny the panel asked for."})
    meeting = notification.agenda_item.meeting
    if meeting.date > timezone.localdate():
        raise ValidationError({"response": "The panel's response is recorded after its meeting has taken place."})
    notification.response, notification.response_detail = response, response_detail.strip()
    notification.responded_at = timezone.now()
    stamp(notification, user=user)
    notification.save()
    return notification
