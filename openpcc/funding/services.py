"""Every write to funds, recipients, grants (award, vary, close, publish), payments, commissioned
services and bids: atomic, validated (a clear message naming what is wrong, nothing saved),
role-checked and stamped for history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, require_role
from openpcc.core.writing import mark_published, save_versioned, stamp
from openpcc.plans.models import Priority

from . import selectors
from .models import (
    CommissionedService,
    Fund,
    FundingBid,
    Grant,
    GrantVariation,
    MonitoringReturn,
    Payment,
    Recipient,
    ReturnFigure,
    financial_year_label,
    org_id_problem,
    pounds,
)

MAX_MONEY = Decimal("999999999999.99")
FUND_FIELDS = ("name", "financial_year", "starts_on", "budget", "description")
GRANT_FIELDS = (
    "fund",
    "recipient",
    "title",
    "purpose",
    "amount",
    "start_date",
    "end_date",
    "conditions",
    "decision",
    "override_reason",
)
SERVICE_FIELDS = (
    "provider",
    "name",
    "description",
    "fund",
    "value",
    "start_date",
    "end_date",
    "procurement_route",
    "is_contract",
)
BID_FIELDS = (
    "funder",
    "scheme",
    "amount_sought",
    "amount_note",
    "submitted_on",
    "outcome",
    "amount_secured",
    "summary",
)


def _money(errors: dict[str, str], field: str, value: Any, label: str, *, allow_zero: bool = False) -> None:
    """A sum of money: a number of pounds and pence, more than nothing (or nothing, where allowed)."""
    if value is None or value == "":
        errors[field] = f"Give the {label} in pounds, e.g. 25000."
        return
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = f"Give the {label} as a number of pounds, e.g. 25000."
        return
    if not amount.is_finite():
        errors[field] = f"Give the {label} as a number of pounds, e.g. 25000."
    elif amount < 0 or (amount == 0 and not allow_zero):
        errors[field] = f"The {label} must be more than £0 (it is {pounds(amount)})."
    elif amount != amount.quantize(Decimal("0.01")):
        errors[field] = f"Give the {label} in pounds and pence: at most two decimal places."
    elif amount > MAX_MONEY:
        errors[field] = f"The {label} is too large: at most {pounds(MAX_MONEY)}."


def _dates(errors: dict[str, str], start: date | None, end: date | None, start_label: str, end_label: str) -> None:
    if start is None:
        errors.setdefault("start_date", f"Give the {start_label}.")
    if end is None:
        errors.setdefault("end_date", f"Give the {end_label}.")
    if start and end and end < start:
        errors["end_date"] = (
            f"The {end_label} ({end:%-d %B %Y}) is before the {start_label} ({start:%-d %B %Y}): "
            "the end must be on or after the start."
        )


def _unknown(fields: dict, allowed: Iterable[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _publish(record: Any, what: str, *, user: User, when: Any, check: Callable[[Any], None] | None = None) -> Any:
    """Publish a grant, service or bid (an approver's act), once: ``check`` refuses what may not
    be published yet. The caller's transaction holds the row locked while it checks."""
    require_role(user, record.body, APPROVE_ROLES, f"publish a {what}")
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if check is not None:
        check(current)
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError({"status": f"This {what.split()[-1]} is already published."})
    stamp(current, user=user, reason="Published")
    return mark_published(current, when=when)


# --- funds -------------------------------------------------------------------------------------


def _validate_fund(body: Body, fields: dict, pk: int | None) -> dict:
    errors: dict[str, str] = {}
    name = (fields.get("name") or "").strip()
    if not name:
        errors["name"] = "Give the name of the fund, e.g. Victims Fund."
    starts_on = fields.get("starts_on")
    if starts_on is None:
        errors["starts_on"] = "Give the date the financial year starts, e.g. 1 April 2020."
    year = (fields.get("financial_year") or "").strip()
    if starts_on is not None:
        expected = financial_year_label(starts_on)
        if not year:
            year = expected
        elif year != expected:
            errors["financial_year"] = (
                f"A financial year starting on {starts_on:%-d %B %Y} is {expected}, not “{year}”: "
                "correct the year or the start date."
            )
    _money(errors, "budget", fields.get("budget"), "budget", allow_zero=True)
    if not errors and Fund.objects.filter(body=body, name=name, financial_year=year).exclude(pk=pk).exists():
        errors["name"] = f"{body.display_name} already has a {name} for {year}."
    _raise(errors)
    return {**fields, "name": name, "financial_year": year}


@transaction.atomic
def fund_create(*, body: Body, fields: dict, user: User) -> Fund:
    require_role(user, body, EDIT_ROLES, "set up a fund")
    _unknown(fields, FUND_FIELDS, "fund")
    fund = Fund(body=body, **_validate_fund(body, fields, None))
    stamp(fund, user=user)
    fund.save()
    return fund


@transaction.atomic
def fund_edit(*, fund: Fund, expected_version: int, fields: dict, user: User) -> Fund:
    require_role(user, fund.body, EDIT_ROLES, "change a fund")
    _unknown(fields, FUND_FIELDS, "fund")
    current = Fund.objects.get(pk=fund.pk)
    merged = _validate_fund(fund.body, {**{f: getattr(current, f) for f in FUND_FIELDS}, **fields}, fund.pk)
    budget = Decimal(merged["budget"])
    committed = selectors.fund_committed(fund=current)
    if budget < committed:
        raise ValidationError(
            {
                "budget": (
                    f"The budget cannot be less than the {pounds(committed)} already awarded or committed "
                    f"from this fund (you gave {pounds(budget)})."
                )
            }
        )
    return save_versioned(fund, expected_version=expected_version, fields=merged, user=user)


# --- recipients --------------------------------------------------------------------------------


def _validate_recipient(body: Body, kind: str, name: str, identifier: str, pk: int | None) -> tuple[str, str]:
    """The name and identifier cleaned, or every problem with them named (nothing saved)."""
    errors: dict[str, str] = {}
    name, identifier = (name or "").strip(), (identifier or "").strip()
    if kind not in Recipient.Kind.values:
        errors["kind"] = "Choose an organisation or an individual."
    if not name:
        errors["name"] = "Give the recipient's name."
    if problem := org_id_problem(identifier):
        errors["identifier"] = problem
    elif identifier and kind == Recipient.Kind.INDIVIDUAL:
        errors["identifier"] = "An individual has no org-id identifier: leave it blank."
    elif identifier and Recipient.objects.filter(body=body, identifier=identifier).exclude(pk=pk).exists():
        errors["identifier"] = f"{identifier} is already recorded as a recipient."
    _raise(errors)
    return name, identifier


@transaction.atomic
def recipient_create(*, body: Body, kind: str, name: str, identifier: str = "", user: User) -> Recipient:
    require_role(user, body, EDIT_ROLES, "add a recipient")
    name, identifier = _validate_recipient(body, kind, name, identifier, None)
    recipient = Recipient(body=body, kind=kind, name=name, identifier=identifier)
    stamp(recipient, user=user)
    recipient.save()
    return recipient


@transaction.atomic
def recipient_update(
    *,
    recipient: Recipient,
    expected_version: int,
    kind: str,
    name: str,
    identifier: str = "",
    name_may_be_published: bool = False,
    user: User,
) -> Recipient:
    """Correct a recipient's kind, name or org-id, checked as on creation, kept in its history.
    An individual's name is never published, so recording an individual as an organisation (whose
    name then shows on every public page, export and search entry of its grants) needs
    ``name_may_be_published``. Refused if someone else changed the recipient since
    ``expected_version`` was read."""
    require_role(user, recipient.body, EDIT_ROLES, "correct a recipient")
    current = Recipient.objects.get(pk=recipient.pk)
    name, identifier = _validate_recipient(recipient.body, kind, name, identifier, recipient.pk)
    if current.is_individual and kind == Recipient.Kind.ORGANISATION and not name_may_be_published:
        raise ValidationError(
            {
                "name_may_be_published": (
                    "This recipient is recorded as an individual, whose name is never published. Confirm that "
                    "it is an organisation whose name may appear on public pages, or keep it as an individual."
                )
            }
        )
    return save_versioned(
        recipient,
        expected_version=expected_version,
        fields={"kind": kind, "name": name, "identifier": identifier},
        user=user,
        change_reason="Corrected",
    )


# --- grants ------------------------------------------------------------------------------------


def _validate_grant(body: Body, fields: dict, priorities: list[Priority]) -> None:
    errors: dict[str, str] = {}
    fund, recipient, decision = fields.get("fund"), fields.get("recipient"), fields.get("decision")
    if fund is None:
        errors["fund"] = "Choose the fund the grant is paid from."
    elif fund.body_id != body.pk:
        errors["fund"] = "Choose one of this body's funds."
    if recipient is None:
        errors["recipient"] = "Choose the recipient of the grant."
    elif recipient.body_id != body.pk:
        errors["recipient"] = "Choose one of this body's recipients."
    if decision is not None and decision.body_id != body.pk:
        errors["decision"] = "Link only to this body's decision records."
    if not (fields.get("title") or "").strip():
        errors["title"] = "Give the grant a title, e.g. the project's name."
    if not (fields.get("purpose") or "").strip():
        errors["purpose"] = "Say what the grant is for."
    _money(errors, "amount", fields.get("amount"), "amount")
    _dates(errors, fields.get("start_date"), fields.get("end_date"), "planned start", "planned end")
    if any(p.plan.body_id != body.pk for p in priorities):
        errors["priorities"] = "Link only to priorities of this body's plans."
    _raise(errors)


def _beyond_remainder(grant_fund: Fund, amount: Decimal, *, exclude: Grant | None, reason: str) -> None:
    """Refuse an amount beyond what the fund has left unless the reason for the override is recorded.
    The fund's row is locked first, so two awards cannot both take the last of it."""
    Fund.objects.select_for_update().filter(pk=grant_fund.pk).first()
    remaining = selectors.fund_remaining(fund=grant_fund, exclude_grant=exclude)
    if amount > remaining and not (reason or "").strip():
        raise ValidationError(
            {
                "override_reason": (
                    f"{pounds(amount)} is more than the {pounds(max(remaining, Decimal(0)))} the {grant_fund} "
                    "has left: record why the award goes beyond the fund's remainder, or reduce the amount."
                )
            }
        )


@transaction.atomic
def grant_create(*, body: Body, fields: dict, user: User, priorities: Iterable[Priority] = ()) -> Grant:
    """A draft grant: nothing is awarded until ``grant_award``."""
    require_role(user, body, EDIT_ROLES, "draft a grant")
    _unknown(fields, GRANT_FIELDS, "grant")
    priorities = list(priorities)
    _validate_grant(body, fields, priorities)
    grant = Grant(body=body, **{**fields, "title": fields["title"].strip(), "purpose": fields["purpose"].strip()})
    stamp(grant, user=user, reason="Drafted")
    grant.save()
    grant.priorities.set(priorities)
    return grant


@transaction.atomic
def grant_edit(
    *, grant: Grant, expected_version: int, fields: dict, user: User, priorities: Iterable[Priority] = ()
) -> Grant:
    require_role(user, grant.body, EDIT_ROLES, "edit a draft grant")
    _unknown(fields, GRANT_FIELDS, "grant")
    current = Grant.objects.get(pk=grant.pk)
    if current.status != Grant.Status.DRAFT:
        raise ValidationError(
            {"status": f"This grant is {current.get_status_display().lower()}: change it through a variation."}
        )
    priorities = list(priorities)
    _validate_grant(grant.body, {**{f: getattr(current, f) for f in GRANT_FIELDS}, **fields}, priorities)
    saved = save_versioned(grant, expected_version=expected_version, fields=fields, user=user)
    saved.priorities.set(priorities)
    return saved


@transaction.atomic
def grant_award(*, grant: Grant, user: User, on: date | None = None) -> Grant:
    """Award a draft: its amount counts against the fund from now on."""
    require_role(user, grant.body, EDIT_ROLES, "award a grant")
    current = Grant.objects.select_for_update().select_related("fund").get(pk=grant.pk)
    if current.status != Grant.Status.DRAFT:
        raise ValidationError({"status": f"This grant is already {current.get_status_display().lower()}."})
    _beyond_remainder(current.fund, current.amount, exclude=current, reason=current.override_reason)
    current.status, current.awarded_on = Grant.Status.AWARDED, on or timezone.localdate()
    current.version += 1
    stamp(current, user=user, reason="Awarded")
    current.save()
    returns_schedule(record=current, user=user)
    return current


@transaction.atomic
def grant_publish(*, grant: Grant, user: User, when=None) -> Grant:
    def awarded(current: Grant) -> None:
        if current.status == Grant.Status.DRAFT:
            raise ValidationError({"status": "Only an awarded grant can be published. Award it first."})

    return _publish(grant, "grant", user=user, when=when, check=awarded)


@transaction.atomic
def grant_vary(
    *,
    grant: Grant,
    expected_version: int,
    what_changed: str,
    reason: str,
    new_amount: Decimal,
    new_start: date,
    new_end: date,
    user: User,
    override_reason: str = "",
    on: date | None = None,
) -> GrantVariation:
    """Vary an awarded grant: the variation is recorded (and published with the grant) and the grant
    takes the new amount and dates, in one transaction; the grant's history keeps the old values."""
    require_role(user, grant.body, EDIT_ROLES, "vary a grant")
    current = Grant.objects.select_related("fund").get(pk=grant.pk)
    if current.status == Grant.Status.CLOSED:
        raise ValidationError({"grant": "This grant is closed: a closed grant cannot be varied."})
    if current.status == Grant.Status.DRAFT:
        raise ValidationError({"grant": "This grant is still a draft: edit the draft instead of varying it."})
    errors: dict[str, str] = {}
    if not (what_changed or "").strip():
        errors["what_changed"] = "Say what the variation changes."
    if not (reason or "").strip():
        errors["reason"] = "Give the reason for the variation; it is published with the grant."
    _money(errors, "new_amount", new_amount, "new amount")
    dates: dict[str, str] = {}
    _dates(dates, new_start, new_end, "new start", "new end")
    errors.update({{"start_date": "new_start", "end_date": "new_end"}[k]: v for k, v in dates.items()})
    if not errors and (Decimal(new_amount), new_start, new_end) == (
        current.amount,
        current.start_date,
        current.end_date,
    ):
        errors["new_amount"] = "The new amount and dates are the same as the grant's: nothing would change."
    _raise(errors)
    new_amount = Decimal(new_amount)
    if new_amount > current.amount:
        _beyond_remainder(current.fund, new_amount, exclude=current, reason=override_reason)
    variation = GrantVariation(
        grant=current,
        what_changed=what_changed.strip(),
        reason=reason.strip(),
        previous_amount=current.amount,
        new_amount=new_amount,
        previous_start=current.start_date,
        previous_end=current.end_date,
        new_start=new_start,
        new_end=new_end,
        made_on=on or timezone.localdate(),
        made_by=user,
    )
    stamp(variation, user=user)
    variation.save()
    fields: dict[str, Any] = {"amount": new_amount, "start_date": new_start, "end_date": new_end}
    if override_reason.strip():
        fields["override_reason"] = override_reason.strip()
    varied = save_versioned(
        current, expected_version=expected_version, fields=fields, user=user, change_reason=f"Varied: {what_changed}"
    )
    returns_schedule(record=varied, user=user)  # the returns due follow the new dates
    return variation


@transaction.atomic
def grant_close(*, grant: Grant, user: User) -> Grant:
    require_role(user, grant.body, EDIT_ROLES, "close a grant")
    current = Grant.objects.select_for_update().get(pk=grant.pk)
    if current.status != Grant.Status.AWARDED:
        raise ValidationError({"status": "Only an awarded grant can be closed."})
    current.status = Grant.Status.CLOSED
    current.version += 1
    stamp(current, user=user, reason="Closed")
    current.save()
    return current


@transaction.atomic
def payment_record(*, grant: Grant, paid_on: date, amount: Decimal, user: User) -> Payment:
    require_role(user, grant.body, EDIT_ROLES, "record a payment")
    current = Grant.objects.get(pk=grant.pk)
    errors: dict[str, str] = {}
    if current.status == Grant.Status.DRAFT:
        errors["amount"] = "A draft grant cannot be paid: award it first."
    if paid_on is None:
        errors["paid_on"] = "Give the date of the payment."
    _money(errors, "amount", amount, "amount")
    if not errors:
        paid = selectors.grant_paid(grant=current)
        if paid + Decimal(amount) > current.amount:
            errors["amount"] = (
                f"{pounds(Decimal(amount))} would take payments to {pounds(paid + Decimal(amount))}, more than "
                f"the grant's {pounds(current.amount)}: vary the grant first."
            )
    _raise(errors)
    payment = Payment(grant=current, paid_on=paid_on, amount=Decimal(amount))
    stamp(payment, user=user)
    payment.save()
    return payment


# --- commissioned services -------------------------------------------------------------------


def _validate_service(body: Body, fields: dict, priorities: list[Priority]) -> None:
    errors: dict[str, str] = {}
    provider, fund = fields.get("provider"), fields.get("fund")
    if provider is None:
        errors["provider"] = "Choose the provider of the service."
    elif provider.body_id != body.pk:
        errors["provider"] = "Choose one of this body's recipients."
    if fund is not None and fund.body_id != body.pk:
        errors["fund"] = "Choose one of this body's funds."
    if not (fields.get("name") or "").strip():
        errors["name"] = "Give the name of the service."
    if fields.get("procurement_route") not in CommissionedService.Route.values:
        errors["procurement_route"] = "Choose the procurement route."
    _money(errors, "value", fields.get("value"), "value")
    _dates(errors, fields.get("start_date"), fields.get("end_date"), "start date", "end date")
    if any(p.plan.body_id != body.pk for p in priorities):
        errors["priorities"] = "Link only to priorities of this body's plans."
    _raise(errors)


@transaction.atomic
def service_create(*, body: Body, fields: dict, user: User, priorities: Iterable[Priority] = ()) -> CommissionedService:
    require_role(user, body, EDIT_ROLES, "record a commissioned service")
    _unknown(fields, SERVICE_FIELDS, "service")
    priorities = list(priorities)
    _validate_service(body, fields, priorities)
    service = CommissionedService(body=body, **{**fields, "name": fields["name"].strip()})
    stamp(service, user=user)
    service.save()
    service.priorities.set(priorities)
    return service


@transaction.atomic
def service_edit(
    *,
    service: CommissionedService,
    expected_version: int,
    fields: dict,
    user: User,
    priorities: Iterable[Priority] = (),
) -> CommissionedService:
    require_role(user, service.body, EDIT_ROLES, "change a commissioned service")
    _unknown(fields, SERVICE_FIELDS, "service")
    current = CommissionedService.objects.get(pk=service.pk)
    priorities = list(priorities)
    _validate_service(service.body, {**{f: getattr(current, f) for f in SERVICE_FIELDS}, **fields}, priorities)
    saved = save_versioned(service, expected_version=expected_version, fields=fields, user=user)
    saved.priorities.set(priorities)
    returns_schedule(record=saved, user=user)  # the returns due follow the service's dates
    return saved


@transaction.atomic
def service_publish(*, service: CommissionedService, user: User, when=None) -> CommissionedService:
    return _publish(service, "commissioned service", user=user, when=when)


# --- bids --------------------------------------------------------------------------------------


def _validate_bid(body: Body, fields: dict, grants: list[Grant], services: list[CommissionedService]) -> None:
    errors: dict[str, str] = {}
    if not (fields.get("funder") or "").strip():
        errors["funder"] = "Give the funder, e.g. Home Office."
    if not (fields.get("scheme") or "").strip():
        errors["scheme"] = "Give the scheme or fund bid to, e.g. Safer Streets Fund."
    if fields.get("submitted_on") is None:
        errors["submitted_on"] = "Give the date the bid was submitted."
    _money(errors, "amount_sought", fields.get("amount_sought"), "amount sought")
    outcome, secured = fields.get("outcome"), fields.get("amount_secured")
    if outcome not in FundingBid.Outcome.values:
        errors["outcome"] = "Choose the outcome: pending, successful, unsuccessful or withdrawn."
    elif outcome == FundingBid.Outcome.SUCCESSFUL:
        _money(errors, "amount_secured", secured, "amount secured")
    elif secured not in (None, "") and Decimal(secured) != 0:
        errors["amount_secured"] = (
            "Only a successful bid secures an amount: leave it blank, or mark the bid successful."
        )
    if any(g.body_id != body.pk for g in grants) or any(s.body_id != body.pk for s in services):
        errors["grants"] = "Link only to this body's grants and services."
    _raise(errors)


@transaction.atomic
def bid_create(
    *,
    body: Body,
    fields: dict,
    user: User,
    grants: Iterable[Grant] = (),
    services: Iterable[CommissionedService] = (),
) -> FundingBid:
    require_role(user, body, EDIT_ROLES, "record a funding bid")
    _unknown(fields, BID_FIELDS, "bid")
    grants, services = list(grants), list(services)
    _validate_bid(body, fields, grants, services)
    bid = FundingBid(body=body, **fields)
    stamp(bid, user=user)
    bid.save()
    bid.grants.set(grants)
    bid.services.set(services)
    return bid


@transaction.atomic
def bid_edit(
    *,
    bid: FundingBid,
    expected_version: int,
    fields: dict,
    user: User,
    grants: Iterable[Grant] = (),
    services: Iterable[CommissionedService] = (),
) -> FundingBid:
    require_role(user, bid.body, EDIT_ROLES, "change a funding bid")
    _unknown(fields, BID_FIELDS, "bid")
    current = FundingBid.objects.get(pk=bid.pk)
    grants, services = list(grants), list(services)
    _validate_bid(bid.body, {**{f: getattr(current, f) for f in BID_FIELDS}, **fields}, grants, services)
    saved = save_versioned(bid, expected_version=expected_version, fields=fields, user=user)
    saved.grants.set(grants)
    saved.services.set(services)
    return saved


@transaction.atomic
def bid_publish(*, bid: FundingBid, user: User, when=None) -> FundingBid:
    return _publish(bid, "funding bid", user=user, when=when)


# --- outcome monitoring --------------------------------------------------------------------------

MAX_FIGURES = 8
MAX_DUE_DAYS = 365


def _kind(record: Grant | CommissionedService) -> str:
    return "grant" if isinstance(record, Grant) else "service"


def _validate_monitoring(frequency: str, due_days: Any, contact_email: str) -> None:
    from django.core.validators import validate_email

    errors: dict[str, str] = {}
    if frequency not in Grant.Frequency.values:
        errors["return_frequency"] = "Choose quarterly, six-monthly or no monitoring returns."
    if due_days is None or due_days == "":
        errors["return_due_days"] = "Give how many days after each period a return is due, e.g. 30."
    else:
        try:
            days = int(due_days)
        except (TypeError, ValueError):
            days = -1
        if not 0 <= days <= MAX_DUE_DAYS:
            errors["return_due_days"] = f"Give the days after each period as a whole number from 0 to {MAX_DUE_DAYS}."
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = f"“{contact_email}” is not an e-mail address: give one like name@example.org."
    elif frequency:
        errors["contact_email"] = "Give the e-mail address that reminders of overdue returns go to."
    _raise(errors)


def returns_schedule(*, record: Grant | CommissionedService, user: User) -> int:
    """Bring the returns due of a grant or service in line with its frequency and dates: a return
    per period from its start to its end, due ``return_due_days`` after each period ends. Returns
    already received are kept whatever changes; returns not yet received follow the new periods.
    Returns how many returns are now scheduled and not yet received."""
    require_role(user, record.body, EDIT_ROLES, "schedule monitoring returns")
    kind = _kind(record)
    if kind == "grant" and record.status == Grant.Status.DRAFT:
        periods = []  # a draft has no returns until it is awarded
    else:
        periods = selectors.return_periods(
            start=record.start_date, end=record.end_date, frequency=record.return_frequency
        )
    existing = {r.period_start: r for r in MonitoringReturn.objects.filter(**{kind: record})}
    wanted = dict(periods)
    for start, ret in existing.items():
        if ret.received_on is None and (start not in wanted or wanted[start] != ret.period_end):
            ret.delete()
    pending = 0
    for start, end in periods:
        due = end + timedelta(days=record.return_due_days)
        ret = existing.get(start)
        if ret is not None and ret.received_on is not None:
            continue
        pending += 1
        if ret is not None and ret.period_end == end:
            if ret.due_on != due:
                ret.due_on = due
                stamp(ret, user=user, reason="Due date follows the monitoring settings")
                ret.save()
            continue
        ret = MonitoringReturn(body=record.body, period_start=start, period_end=end, due_on=due, **{kind: record})
        stamp(ret, user=user, reason="Scheduled")
        ret.save()
    return pending


@transaction.atomic
def monitoring_set(
    *,
    record: Grant | CommissionedService,
    expected_version: int,
    return_frequency: str,
    return_due_days: int,
    contact_email: str,
    user: User,
) -> Grant | CommissionedService:
    """Set how often a grant or service sends returns, when they are due and whom to remind, and
    schedule its returns from its dates."""
    require_role(user, record.body, EDIT_ROLES, "set monitoring returns")
    contact_email = (contact_email or "").strip()
    _validate_monitoring(return_frequency, return_due_days, contact_email)
    saved = save_versioned(
        record,
        expected_version=expected_version,
        fields={
            "return_frequency": return_frequency,
            "return_due_days": int(return_due_days),
            "contact_email": contact_email,
        },
        user=user,
        change_reason="Monitoring returns set",
    )
    returns_schedule(record=saved, user=user)
    return saved


def _figures(errors: dict[str, str], figures: Iterable[tuple[str, Any]]) -> list[tuple[str, Decimal]]:
    """Named numeric figures: each measure with a number, each number with a measure."""
    clean: list[tuple[str, Decimal]] = []
    seen: set[str] = set()
    for n, (measure, value) in enumerate(figures, start=1):
        measure = (measure or "").strip()
        text = str(value).strip().replace(",", "") if value is not None else ""
        if not measure and not text:
            continue
        if not measure:
            errors[f"measure_{n}"] = f"Figure {n}: name what the number {text} counts, e.g. people supported."
            continue
        if not text:
            errors[f"value_{n}"] = f"Figure {n}: give the number of “{measure}”, e.g. 120."
            continue
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            errors[f"value_{n}"] = f"Figure {n}: “{value}” for “{measure}” is not a number: give digits, e.g. 120."
        elif number != number.quantize(Decimal("0.01")) or abs(number) > MAX_MONEY:
            errors[f"value_{n}"] = f"Figure {n}: give “{measure}” with at most two decimal places."
        elif measure.lower() in seen:
            errors[f"measure_{n}"] = f"Figure {n}: “{measure}” is given twice: give each measure once."
        else:
            seen.add(measure.lower())
            clean.append((measure, number))
    if len(clean) > MAX_FIGURES:
        errors["measure_1"] = f"Give at most {MAX_FIGURES} figures."
    return clean


@transaction.atomic
def return_record(
    *,
    record: Grant | CommissionedService,
    period_start: date | None,
    period_end: date | None,
    received_on: date | None,
    narrative: str,
    figures: Iterable[tuple[str, Any]],
    user: User,
) -> MonitoringReturn:
    """Record a return received for a period within the grant or service, with its named figures
    and narrative: it fills the return scheduled for that period, or adds one where none was
    scheduled. A return already recorded is never overwritten."""
    require_role(user, record.body, EDIT_ROLES, "record a monitoring return")
    kind = _kind(record)
    current = type(record).objects.select_for_update().get(pk=record.pk)
    what = "grant" if kind == "grant" else "service"
    errors: dict[str, str] = {}
    if kind == "grant" and current.status == Grant.Status.DRAFT:
        errors["period_start"] = "A draft grant has no returns: award it first."
    if period_start is None:
        errors["period_start"] = "Give the first day of the period the return covers."
    if period_end is None:
        errors["period_end"] = "Give the last day of the period the return covers."
    if received_on is None:
        errors["received_on"] = "Give the date the return was received."
    if period_start and period_end and "period_start" not in errors:
        if period_end < period_start:
            errors["period_end"] = (
                f"The period ends ({period_end:%-d %B %Y}) before it starts ({period_start:%-d %B %Y})."
            )
        elif period_start < current.start_date or period_end > current.end_date:
            errors["period_start"] = (
                f"The period {period_start:%-d %B %Y} to {period_end:%-d %B %Y} is outside the {what} "
                f"({current.start_date:%-d %B %Y} to {current.end_date:%-d %B %Y}): "
                f"a return must cover a period within it."
            )
    clean = _figures(errors, figures)
    narrative = (narrative or "").strip()
    if not clean and not narrative and not any(k.startswith(("measure_", "value_")) for k in errors):
        errors["narrative"] = "Give at least one figure or the narrative of the return."
    _raise(errors)
    ret = MonitoringReturn.objects.select_for_update().filter(**{kind: current, "period_start": period_start}).first()
    if ret is not None and ret.received_on is not None:
        raise ValidationError(
            {
                "period_start": (
                    f"The return for {period_start:%-d %B %Y} to {ret.period_end:%-d %B %Y} was already "
                    f"recorded (received {ret.received_on:%-d %B %Y}): it is not overwritten."
                )
            }
        )
    if ret is not None and ret.period_end != period_end:
        raise ValidationError(
            {
                "period_end": (
                    f"The return due for the period from {period_start:%-d %B %Y} ends on "
                    f"{ret.period_end:%-d %B %Y}, not {period_end:%-d %B %Y}."
                )
            }
        )
    if ret is None:
        ret = MonitoringReturn(
            body=current.body,
            period_start=period_start,
            period_end=period_end,
            due_on=period_end + timedelta(days=current.return_due_days),
            **{kind: current},
        )
    ret.received_on, ret.narrative, ret.recorded_by = received_on, narrative, user
    ret.version += 1
    stamp(ret, user=user, reason="Return received")
    ret.save()
    ReturnFigure.objects.bulk_create(
        ReturnFigure(monitoring_return=ret, measure=m, value=v, order=i) for i, (m, v) in enumerate(clean)
    )
    return ret


def return_reminder_send(*, monitoring_return: MonitoringReturn, user: User, today: date) -> bool:
    """E-mail the contact of a grant or service that its return is overdue: once per return (the
    sending is recorded on the return, claimed in the same transaction as the e-mail, so a failed
    send is tried again next time and a repeated run sends nothing). Run by the task queue."""
    require_role(user, monitoring_return.body, EDIT_ROLES, "remind of an overdue return")
    with transaction.atomic():
        ret = (
            # lock the return's own row only (PostgreSQL cannot lock the nullable side of a join)
            MonitoringReturn.objects.select_for_update(of=("self",))
            .select_related("body", "grant", "service")
            .filter(pk=monitoring_return.pk)
            .first()
        )
        if ret is None or ret.received_on or ret.reminder_sent_at or ret.due_on >= today:
            return False
        to = ret.parent.contact_email
        if not to:
            return False
        claimed = MonitoringReturn.objects.filter(pk=ret.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now(), reminder_sent_to=to
        )
        if claimed != 1:
            return False
        subject, text = _return_reminder_message(ret)
        send_mail(subject, text, None, [to])
    return True


def _return_reminder_message(ret: MonitoringReturn) -> tuple[str, str]:
    parent = ret.parent
    name = parent.title if ret.grant_id else parent.name
    subject = f"Monitoring return overdue: {name}, {ret.period_start:%-d %B %Y} to {ret.period_end:%-d %B %Y}"
    text = render_to_string("funding/email/return_reminder.txt", {"ret": ret, "name": name, "body": ret.body})
    return subject, text


# --- 360Giving publisher -----------------------------------------------------------------------


def giving_publisher_set(*, body: Body, prefix: str, org_id: str = "", user: User):
    """Record the 360Giving prefix registered for ``body`` and its org-id as a funder (giving360)."""
    from .models import GIVING_PREFIX, GivingPublisher

    require_role(user, body, APPROVE_ROLES, "set the body's 360Giving prefix")
    errors: dict[str, str] = {}
    prefix, org_id = (prefix or "").strip(), (org_id or "").strip()
    if not GIVING_PREFIX.fullmatch(prefix):
        errors["prefix"] = (
            f"“{prefix}” is not a 360Giving prefix: give the one 360Giving registered, e.g. 360G-cambspcc."
            if prefix
            else "Give the 360Giving prefix registered for the body, e.g. 360G-cambspcc."
        )
    if problem := org_id_problem(org_id):
        errors["org_id"] = problem
    _raise(errors)
    publisher = GivingPublisher.objects.filter(body=body).first() or GivingPublisher(body=body)
    publisher.prefix, publisher.org_id = prefix, org_id
    stamp(publisher, user=user)
    publisher.save()
    return publisher
