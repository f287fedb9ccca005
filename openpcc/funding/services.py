"""Every write to funds, recipients, grants (award, vary, close, publish), payments, commissioned
services and bids: atomic, validated (a clear message naming what is wrong, nothing saved),
role-checked and stamped for history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
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
    Payment,
    Recipient,
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


@transaction.atomic
def recipient_create(*, body: Body, kind: str, name: str, identifier: str = "", user: User) -> Recipient:
    require_role(user, body, EDIT_ROLES, "add a recipient")
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
    elif identifier and Recipient.objects.filter(body=body, identifier=identifier).exists():
        errors["identifier"] = f"{identifier} is already recorded as a recipient."
    _raise(errors)
    recipient = Recipient(body=body, kind=kind, name=name, identifier=identifier)
    stamp(recipient, user=user)
    recipient.save()
    return recipient


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
    return current


@transaction.atomic
def grant_publish(*, grant: Grant, user: User, when=None) -> Grant:
    require_role(user, grant.body, APPROVE_ROLES, "publish a grant")
    current = Grant.objects.select_for_update().get(pk=grant.pk)
    if current.status == Grant.Status.DRAFT:
        raise ValidationError({"status": "Only an awarded grant can be published. Award it first."})
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError({"status": "This grant is already published."})
    stamp(current, user=user, reason="Published")
    return mark_published(current, when=when)


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
    save_versioned(
        current, expected_version=expected_version, fields=fields, user=user, change_reason=f"Varied: {what_changed}"
    )
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
    return saved


@transaction.atomic
def service_publish(*, service: CommissionedService, user: User, when=None) -> CommissionedService:
    require_role(user, service.body, APPROVE_ROLES, "publish a commissioned service")
    current = CommissionedService.objects.select_for_update().get(pk=service.pk)
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError({"status": "This service is already published."})
    stamp(current, user=user, reason="Published")
    return mark_published(current, when=when)


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
    require_role(user, bid.body, APPROVE_ROLES, "publish a funding bid")
    current = FundingBid.objects.select_for_update().get(pk=bid.pk)
    if current.publication_status == Publication.PUBLISHED:
        raise ValidationError({"status": "This bid is already published."})
    stamp(current, user=user, reason="Published")
    return mark_published(current, when=when)
