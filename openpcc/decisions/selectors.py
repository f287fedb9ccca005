"""Reads for the decision register, each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from openpcc.core.golden_thread import LinkedRecord, LinkSection
from openpcc.core.models import Body, prefixed_q
from openpcc.core.paging import Paging, paging
from openpcc.core.params import amount_value, year_value
from openpcc.core.registry import FeedEntry
from openpcc.meetings.models import Meeting, Report
from openpcc.plans.models import Priority

from .models import Amendment, Decision, ForwardDecision, Notification

SORTS = {
    "date": ("-decision_date", "-reference"),
    "date_asc": ("decision_date", "reference"),
    "amount": ("-amount", "-decision_date"),
    "amount_asc": ("amount", "decision_date"),
}


@dataclass
class Register:
    decisions: list[Decision]
    years: list[int]
    total: int
    filters: dict[str, str]
    errors: dict[str, str]
    paging: Paging | None = None


def _amount(value: str, errors: dict[str, str], field: str, example: str) -> Decimal | None:
    try:
        return amount_value(value)
    except ValueError as exc:
        errors[field] = f"Enter the {example} amount as a number of pounds, e.g. 50000 ({value[:40]!r} is {exc})."
        return None


def decision_public_list(
    *,
    body: Body,
    year: str = "",
    category: str = "",
    maker: str = "",
    amount_min: str = "",
    amount_max: str = "",
    sort: str = "date",
    page: str | None = None,
) -> Register:
    """The register, filtered and sorted; one page of it when ``page`` is given (the
    exports pass None and get every row). Values come cleaned by ``core.params``; a value that
    is not a year, a category or an amount is ignored or named in ``errors``."""
    base = Decision.objects.for_body(body).published().select_related("body")
    years = sorted({d.year for d in base.dates("decision_date", "year")}, reverse=True)
    qs = base
    errors: dict[str, str] = {}
    if (chosen_year := year_value(year)) is not None:
        qs = qs.filter(decision_date__year=chosen_year)
    if category in Decision.Category.values:
        qs = qs.filter(category=category)
    if maker in Decision.Maker.values:
        qs = qs.filter(decision_maker=maker)
    low = _amount(amount_min, errors, "amount_min", "minimum")
    high = _amount(amount_max, errors, "amount_max", "maximum")
    if low is not None and high is not None and low > high:
        errors["amount_max"] = "The maximum amount must be at least the minimum."
    amount_filtered = not errors and (low is not None or high is not None)
    if amount_filtered:
        if low is not None:
            qs = qs.filter(amount__gte=low)
        if high is not None:
            qs = qs.filter(amount__lte=high)
    # Order and filter on light columns, then load only the rows shown (all for exports).
    rows = list(
        qs.order_by(*SORTS.get(sort, SORTS["date"])).values_list(
            "pk", "amount", "exempt_parts", "decision_date", "reference"
        )
    )
    withheld = {pk for pk, _, parts, _, _ in rows if "amount" in (parts or [])}
    if amount_filtered:
        # Withheld amounts never match a filter, or the filter would reveal them.
        rows = [r for r in rows if r[0] not in withheld]
    if sort.startswith("amount"):
        # Withheld amounts sort with the unknown ones, newest first: by the date, which is public,
        # never by the amount, or their order among themselves would reveal it.
        known = [r for r in rows if r[1] is not None and r[0] not in withheld]
        unknown = [r for r in rows if r[1] is None or r[0] in withheld]
        unknown.sort(key=lambda r: (r[3] or date.min, r[4]), reverse=True)
        rows = known + unknown
    ids = [r[0] for r in rows]
    pages = paging(len(ids), page) if page is not None else None
    shown = ids[pages.start : pages.end] if pages else ids
    by_id = {d.pk: d for d in (qs.filter(pk__in=shown) if pages else qs)}
    decisions = [by_id[pk] for pk in shown]
    return Register(
        decisions=decisions,
        years=years,
        total=len(ids),
        paging=pages,
        errors=errors,
        filters={
            "year": year,
            "category": category,
            "maker": maker,
            "amount_min": amount_min,
            "amount_max": amount_max,
            "sort": sort,
        },
    )


def decision_public_get(*, body: Body, slug: str) -> Decision:
    decision = (
        Decision.objects.for_body(body)
        .published()
        .filter(reference_slug=slug)
        .select_related("meeting", "meeting__committee")
        .prefetch_related(
            Prefetch("reports", queryset=Report.objects.published().select_related("body")),
            Prefetch("priorities", queryset=Priority.objects.select_related("plan__body")),
            Prefetch("amendments", queryset=Amendment.objects.order_by("made_at")),
            Prefetch(
                "notifications",
                queryset=Notification.objects.published().select_related("panel", "agenda_item__meeting"),
            ),
        )
        .first()
    )
    if decision is None:
        raise Http404("No published decision with that reference.")
    if decision.meeting and not decision.meeting.is_public:
        decision.meeting = None
    return decision


def decision_staff_list(*, body: Body) -> QuerySet[Decision]:
    return Decision.objects.for_body(body).order_by("status", "-decision_date", "-id")


def decision_staff_get(*, body: Body, pk: int) -> Decision:
    decision = (
        Decision.objects.for_body(body)
        .filter(pk=pk)
        .select_related("meeting", "signed_by")
        .prefetch_related(
            "reports", "priorities", "amendments", "notifications__panel", "notifications__agenda_item__meeting"
        )
        .first()
    )
    if decision is None:
        raise Http404("No such decision at this body.")
    return decision


def forward_decision_list(*, body: Body) -> list[ForwardDecision]:
    return list(ForwardDecision.objects.for_body(body))


def decision_to_notify_list(*, meeting: Meeting) -> list[Decision]:
    """Every decision the scrutinised office has published that this panel has not yet been notified of."""
    office = meeting.body.scrutinises
    if office is None:
        return []
    return list(
        Decision.objects.for_body(office)
        .published()
        .exclude(notifications__panel=meeting.body)
        .order_by("decision_date", "reference")
    )


def notification_list(*, meeting: Meeting, public: bool) -> list[Notification]:
    qs = Notification.objects.filter(agenda_item__meeting=meeting).select_related("decision", "agenda_item")
    if public:
        qs = qs.published().filter(prefixed_q(Decision.public_q(), "decision__"))
    return list(qs.order_by("decision__decision_date", "decision__reference"))


def feed_entries(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """The body's feed entries from its decision register (core.registry)."""
    return [
        FeedEntry(
            f"Decision {d.reference}: {d.subject}",
            reverse("decisions:detail", args=[body.slug, d.reference_slug]),
            d.published_at,
            "Withheld: " + d.withheld_reason if d.is_withheld("decision") else d.decision[:500],
            "decision",
        )
        for d in decision_feed_list(body=body, limit=limit)
    ]


def decision_feed_list(*, body: Body, limit: int = 50) -> list[Decision]:
    return list(Decision.objects.for_body(body).published().select_related("body").order_by("-published_at")[:limit])


def priority_links(priority: Priority, *, public: bool = True) -> LinkSection:
    """Golden thread: decisions that serve ``priority`` (one query)."""
    qs = (
        Decision.objects.filter(priorities=priority)
        .select_related("body")
        .only("reference", "reference_slug", "subject", "decision_date", "category", "body__slug")
    )
    if public:
        qs = qs.published()
    return LinkSection(
        heading="Decisions",
        records=[
            LinkedRecord(
                title=f"{d.reference}: {d.subject}",
                url=reverse("decisions:detail", args=[d.body.slug, d.reference_slug]),
                date=d.decision_date,
                meta=d.get_category_display(),
            )
            for d in qs.order_by("-decision_date")
        ],
    )
