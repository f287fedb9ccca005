"""Reads for funds, grants, services and bids, each with a fixed number of queries. A fund's totals
are computed in the database (subqueries of sums), so they reconcile to the penny with the rows."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from openpcc.core.golden_thread import LinkedRecord, LinkSection
from openpcc.core.models import Body, User
from openpcc.core.paging import Paging, paging
from openpcc.core.params import year_value
from openpcc.core.permissions import EDIT_ROLES, has_role
from openpcc.core.registry import FeedEntry
from openpcc.decisions.models import Decision
from openpcc.documents.selectors import papers_prefetch
from openpcc.plans.models import Priority

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
    pounds,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
NEAR_BUDGET = Decimal("0.9")  # a fund this much committed is shown on the dashboard
PENNY = Decimal("0.01")
TOTALS = ("awarded", "services_value", "paid", "committed", "remaining")


def in_pennies(value) -> Decimal:
    """A sum from the database as pounds and pence. SQLite adds decimals as floating point, so a
    sum can come back as 0.0100000000093; rounded to the penny it is exact again (a no-op on
    PostgreSQL, whose numeric sums are exact)."""
    return Decimal(value if value is not None else 0).quantize(PENNY)


def _penny_totals(funds: list[Fund]) -> list[Fund]:
    for fund in funds:
        for name in TOTALS:
            setattr(fund, name, in_pennies(getattr(fund, name)))
    return funds


# --- fund totals ---------------------------------------------------------------------------------


def _sum_of(qs: QuerySet, column: str) -> Coalesce:
    """The sum of ``column`` over ``qs`` (already restricted to one fund by OuterRef), as a subquery."""
    total = qs.order_by().values("fund").annotate(t=Sum(column)).values("t")[:1]
    return Coalesce(Subquery(total, output_field=MONEY), ZERO, output_field=MONEY)


def funds_with_totals(qs: QuerySet[Fund], *, public: bool) -> QuerySet[Fund]:
    """Funds with ``awarded`` (grants awarded or closed, at their amounts after variations),
    ``services_value`` (services commissioned from the fund), ``committed`` (the two together),
    ``paid`` (payments on its grants) and ``remaining`` (budget less committed). On public pages
    only public grants and services count, so the totals agree with the lists shown."""
    grants = Grant.objects.filter(fund=OuterRef("pk"), status__in=Grant.COUNTED)
    services = CommissionedService.objects.filter(fund=OuterRef("pk"))
    payments = Payment.objects.filter(grant__fund=OuterRef("pk"), grant__status__in=Grant.COUNTED).annotate(
        fund=F("grant__fund")
    )
    if public:
        grants, services = grants.published(), services.published()
        payments = payments.published()
    return qs.annotate(
        awarded=_sum_of(grants, "amount"),
        services_value=_sum_of(services, "value"),
        paid=_sum_of(payments, "amount"),
    ).annotate(
        committed=ExpressionWrapper(F("awarded") + F("services_value"), output_field=MONEY),
        remaining=ExpressionWrapper(F("budget") - F("awarded") - F("services_value"), output_field=MONEY),
    )


def fund_totals_get(*, fund: Fund, public: bool = False) -> Fund:
    return _penny_totals([funds_with_totals(Fund.objects.filter(pk=fund.pk), public=public).get()])[0]


def fund_committed(*, fund: Fund) -> Decimal:
    return fund_totals_get(fund=fund).committed


def fund_remaining(*, fund: Fund, exclude_grant: Grant | None = None) -> Decimal:
    """What the fund has left, counting every awarded grant and service (published or not), less
    ``exclude_grant``'s own amount when it is counted (a variation replaces it)."""
    remaining = fund_totals_get(fund=fund).remaining
    if exclude_grant is not None and exclude_grant.status in Grant.COUNTED:
        remaining += Grant.objects.get(pk=exclude_grant.pk).amount
    return remaining


def grant_paid(*, grant: Grant) -> Decimal:
    return in_pennies(Payment.objects.filter(grant=grant).aggregate(t=Sum("amount"))["t"])


# --- public lists --------------------------------------------------------------------------------


def _id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


@dataclass
class GrantList:
    funds: list[Fund]
    grants: list[Grant]
    total: int
    filters: dict[str, str]
    years: list[int]
    fund_choices: list[Fund]
    recipients: list[Recipient]
    priorities: list[tuple[str, str]]
    paging: Paging | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _public_grants(body: Body) -> QuerySet[Grant]:
    return Grant.objects.for_body(body).published()


def grant_public_list(
    *, body: Body, fund: str = "", year: str = "", recipient: str = "", priority: str = "", page: str | None = None
) -> GrantList:
    """The funds with their public totals, then the published grants filtered by fund, financial
    year, recipient (organisations only: an individual is never a filter) and plan priority;
    one page of them when ``page`` is given (the exports pass None and get every row)."""
    funds = _penny_totals(
        list(funds_with_totals(Fund.objects.for_body(body), public=True).order_by("-starts_on", "name"))
    )
    base = _public_grants(body)
    qs = base
    if (fund_id := _id(fund)) is not None:
        qs = qs.filter(fund_id=fund_id)
    if (chosen := year_value(year)) is not None:
        qs = qs.filter(fund__starts_on__year=chosen)
    if (recipient_id := _id(recipient)) is not None:
        qs = qs.filter(recipient_id=recipient_id, recipient__kind=Recipient.Kind.ORGANISATION)
    if priority:
        qs = qs.filter(pk__in=Grant.priorities.through.objects.filter(priority__code=priority).values("grant_id"))
    qs = qs.order_by("-fund__starts_on", "-start_date", "-id")
    total = qs.count()
    pages = paging(total, page) if page is not None else None
    rows = qs.select_related("fund", "recipient", "body", "decision").prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.select_related("plan__body").order_by("order"))
    )
    grants = list(rows[pages.start : pages.end] if pages else rows)
    recipients = list(
        Recipient.objects.for_body(body)
        .filter(kind=Recipient.Kind.ORGANISATION, grants__in=base)
        .distinct()
        .order_by("name")
    )
    priorities = list(Priority.objects.filter(grants__in=base).values_list("code", "text").distinct().order_by("code"))
    return GrantList(
        funds=funds,
        grants=grants,
        total=total,
        paging=pages,
        filters={"fund": fund, "year": year, "recipient": recipient, "priority": priority},
        years=sorted({f.starts_on.year for f in funds}, reverse=True),
        fund_choices=funds,
        recipients=recipients,
        priorities=[(code, f"{code}: {text[:60]}") for code, text in dict(priorities).items()],
    )


def grant_public_get(*, body: Body, pk: int) -> Grant:
    grant = (
        _public_grants(body)
        .filter(pk=pk)
        .select_related("fund", "recipient", "decision", "body")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan__body").order_by("order")),
            Prefetch("variations", queryset=GrantVariation.objects.order_by("made_on", "id")),
            Prefetch(  # returns received, with their figures: never the contact or who recorded them
                "returns",
                queryset=MonitoringReturn.objects.filter(MonitoringReturn.public_q())
                .only("pk", "grant_id", "period_start", "period_end", "received_on", "narrative")
                .prefetch_related(Prefetch("figures", queryset=ReturnFigure.objects.order_by("order", "id")))
                .order_by("period_start", "id"),
                to_attr="public_returns",
            ),
        )
        .annotate(paid=Coalesce(Sum("payments__amount"), ZERO, output_field=MONEY))
        .first()
    )
    if grant is None:
        raise Http404("No published grant with that number.")
    grant.paid = in_pennies(grant.paid)
    if grant.decision is not None and not grant.decision.is_public:
        grant.decision = None
    return grant


@dataclass
class ServiceList:
    services: list[CommissionedService]
    total: int
    total_value: Decimal
    filters: dict[str, str]
    years: list[int]
    fund_choices: list[Fund]
    paging: Paging | None = None


def service_public_list(*, body: Body, fund: str = "", year: str = "", page: str | None = None) -> ServiceList:
    """Published commissioned services and contracts (with their papers), by fund or year."""
    base = CommissionedService.objects.for_body(body).published()
    qs = base
    if (fund_id := _id(fund)) is not None:
        qs = qs.filter(fund_id=fund_id)
    if (chosen := year_value(year)) is not None:
        qs = qs.filter(start_date__year__lte=chosen, end_date__year__gte=chosen)
    summary = qs.aggregate(n=Count("id"), v=Coalesce(Sum("value"), ZERO, output_field=MONEY))
    pages = paging(summary["n"], page) if page is not None else None
    rows = (
        qs.order_by("-start_date", "name", "id")
        .select_related("provider", "fund", "body")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan__body").order_by("order")),
            papers_prefetch(),
        )
    )
    funds = list(Fund.objects.for_body(body).filter(services__in=base).distinct().order_by("-starts_on", "name"))
    return ServiceList(
        services=list(rows[pages.start : pages.end] if pages else rows),
        total=summary["n"],
        total_value=in_pennies(summary["v"]),
        paging=pages,
        filters={"fund": fund, "year": year},
        years=sorted({y.year for y in base.dates("start_date", "year")}, reverse=True),
        fund_choices=funds,
    )


@dataclass
class BidList:
    bids: list[FundingBid]
    total: int
    paging: Paging | None = None


def bid_public_list(*, body: Body, page: str | None = None) -> BidList:
    qs = FundingBid.objects.for_body(body).published().order_by("-submitted_on", "-id")
    total = qs.count()
    pages = paging(total, page) if page is not None else None
    rows = qs.select_related("body").prefetch_related(
        Prefetch("grants", queryset=Grant.objects.published().select_related("recipient", "body")),
        Prefetch("services", queryset=CommissionedService.objects.published().select_related("provider")),
    )
    return BidList(bids=list(rows[pages.start : pages.end] if pages else rows), total=total, paging=pages)


# --- staff ---------------------------------------------------------------------------------------


def fund_staff_list(*, body: Body) -> list[Fund]:
    return _penny_totals(
        list(funds_with_totals(Fund.objects.for_body(body), public=False).order_by("-starts_on", "name"))
    )


def fund_staff_get(*, body: Body, pk: int) -> Fund:
    fund = funds_with_totals(Fund.objects.for_body(body).filter(pk=pk), public=False).first()
    if fund is None:
        raise Http404("No such fund at this body.")
    return _penny_totals([fund])[0]


def grant_staff_list(*, body: Body, page: str | None = "") -> tuple[list[Grant], Paging]:
    qs = Grant.objects.for_body(body).order_by("status", "-start_date", "-id")
    pages = paging(qs.count(), page)
    return list(qs.select_related("fund", "recipient")[pages.start : pages.end]), pages


def grant_staff_get(*, body: Body, pk: int) -> Grant:
    grant = (
        Grant.objects.for_body(body)
        .filter(pk=pk)
        .select_related("fund", "recipient", "decision")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan").order_by("order")),
            Prefetch("variations", queryset=GrantVariation.objects.select_related("made_by")),
            Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "id")),
        )
        .first()
    )
    if grant is None:
        raise Http404("No such grant at this body.")
    return grant


def recipient_staff_list(*, body: Body) -> list[Recipient]:
    return list(Recipient.objects.for_body(body).order_by("name"))


def recipient_staff_get(*, body: Body, pk: int) -> Recipient:
    """A recipient of ``body`` with how many grants and services it has (one query)."""
    recipient = (
        Recipient.objects.for_body(body)
        .filter(pk=pk)
        .annotate(
            grant_count=Count("grants", distinct=True),
            service_count=Count("services", distinct=True),
        )
        .first()
    )
    if recipient is None:
        raise Http404("No such recipient at this body.")
    return recipient


def service_staff_list(*, body: Body) -> list[CommissionedService]:
    return list(
        CommissionedService.objects.for_body(body).select_related("provider", "fund").order_by("-start_date", "id")
    )


def service_staff_get(*, body: Body, pk: int) -> CommissionedService:
    service = (
        CommissionedService.objects.for_body(body)
        .filter(pk=pk)
        .select_related("provider", "fund")
        .prefetch_related(Prefetch("priorities", queryset=Priority.objects.select_related("plan")))
        .first()
    )
    if service is None:
        raise Http404("No such service at this body.")
    return service


def bid_staff_list(*, body: Body) -> list[FundingBid]:
    return list(FundingBid.objects.for_body(body).order_by("-submitted_on", "-id"))


def bid_staff_get(*, body: Body, pk: int) -> FundingBid:
    bid = FundingBid.objects.for_body(body).filter(pk=pk).prefetch_related("grants", "services").first()
    if bid is None:
        raise Http404("No such bid at this body.")
    return bid


def decision_choices(*, body: Body) -> QuerySet[Decision]:
    return Decision.objects.for_body(body).exclude(reference="").order_by("-decision_date", "-id")


# --- what funding adds to the shared pages (core.registry) ---------------------------------------


def dashboard_panel(*, user: User, bodies: list[Body]) -> dict | None:
    """Draft grants waiting to be awarded, and funds at least 90% committed, at the bodies where
    the user does the office's work (two queries)."""
    mine = [b for b in bodies if has_role(user, b, EDIT_ROLES)]
    if not mine:
        return None
    drafts = list(
        Grant.objects.filter(body__in=mine, status=Grant.Status.DRAFT)
        .select_related("body", "fund")
        .order_by("body__name", "-id")[:20]
    )
    near = _penny_totals(
        list(
            funds_with_totals(Fund.objects.filter(body__in=mine), public=False)
            .filter(budget__gt=0, committed__gte=F("budget") * NEAR_BUDGET)
            .select_related("body")
            .order_by("body__name", "-starts_on", "name")[:20]
        )
    )
    if not drafts and not near:
        return None
    return {"drafts": drafts, "near": near}


def feed_entries(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """New awards, as the public may see them (an individual never named)."""
    grants = _public_grants(body).select_related("recipient", "fund").order_by("-published_at", "-id")[:limit]
    return [
        FeedEntry(
            f"Grant awarded: {g.title} ({pounds(g.amount)} to {g.recipient.public_label})",
            reverse("funding:detail", args=[body.slug, g.pk]),
            g.published_at,
            f"From the {g.fund}. {g.purpose[:400]}",
            "grant",
        )
        for g in grants
    ]


def body_home_section(*, body: Body) -> dict | None:
    """A body's home page: its latest published awards."""
    grants = list(_public_grants(body).select_related("recipient", "fund").order_by("-published_at", "-id")[:5])
    return {"grants": grants} if grants else None


def priority_links(priority: Priority, *, public: bool = True) -> LinkSection:
    """Golden thread: the grants and commissioned services that serve ``priority``, with their
    total value (two queries)."""
    grants = Grant.objects.filter(priorities=priority).select_related("body", "recipient")
    services = CommissionedService.objects.filter(priorities=priority).select_related("body", "provider")
    if public:
        grants, services = grants.published(), services.published()
    else:
        grants = grants.filter(status__in=Grant.COUNTED)
    grants, services = list(grants.order_by("-start_date", "-id")), list(services.order_by("-start_date", "-id"))
    total = sum((g.amount for g in grants), Decimal(0)) + sum((s.value for s in services), Decimal(0))
    records = [
        LinkedRecord(
            title=f"Grant: {g.title}",
            url=reverse("funding:detail", args=[g.body.slug, g.pk]),
            date=g.start_date,
            meta=f"{pounds(g.amount)} to {g.recipient.public_label}",
        )
        for g in grants
    ] + [
        LinkedRecord(
            title=f"Service: {s.name}",
            url=reverse("funding:services", args=[s.body.slug]) + f"#service-{s.pk}",
            date=s.start_date,
            meta=f"{pounds(s.value)}, {s.provider.public_label}",
        )
        for s in services
    ]
    heading = "Grants and commissioned services"
    if records:
        heading += f": {len(records)} worth {pounds(total)} in total"
    return LinkSection(heading=heading, records=records)


# --- outcome monitoring --------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """``day`` moved on by ``months`` (the last day of a shorter month where it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def return_periods(*, start: date, end: date, frequency: str) -> list[tuple[date, date]]:
    """The monitoring periods of a grant or service: from its start, a quarter (or half year) at
    a time, the last one ending with it. No frequency: no periods."""
    months = Grant.MONTHS.get(frequency)
    if not months or end < start:
        return []
    periods, n = [], 0
    period_start = start
    while period_start <= end:
        n += 1
        next_start = _add_months(start, months * n)
        periods.append((period_start, min(next_start - timedelta(days=1), end)))
        period_start = next_start
    return periods


def _returns(**parent) -> QuerySet[MonitoringReturn]:
    return (
        MonitoringReturn.objects.filter(**parent)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("figures", queryset=ReturnFigure.objects.order_by("order", "id")))
        .order_by("period_start", "id")
    )


def monitored_staff_get(*, body: Body, kind: str, pk: int) -> Grant | CommissionedService:
    """A grant or a commissioned service of ``body``, for its returns pages."""
    if kind == "grant":
        return grant_staff_get(body=body, pk=pk)
    return service_staff_get(body=body, pk=pk)


@dataclass
class ReturnsPage:
    record: Grant | CommissionedService
    kind: str
    returns: list[MonitoringReturn]
    counts: dict[str, int]


def returns_staff_list(*, record: Grant | CommissionedService, today: date) -> ReturnsPage:
    """Every return of a grant or service with its state on ``today`` (due, received, overdue)."""
    kind = "grant" if isinstance(record, Grant) else "service"
    rows = list(_returns(**{kind: record}))
    counts = {"due": 0, "received": 0, "overdue": 0}
    for ret in rows:
        ret.current_state = ret.state(today)
        counts[ret.current_state] += 1
    return ReturnsPage(record=record, kind=kind, returns=rows, counts=counts)


def return_staff_get(*, record: Grant | CommissionedService, pk: int) -> MonitoringReturn:
    kind = "grant" if isinstance(record, Grant) else "service"
    ret = MonitoringReturn.objects.filter(pk=pk, **{kind: record}).first()
    if ret is None:
        raise Http404("No such return of this record.")
    return ret


def returns_public_list(*, grant: Grant) -> list[MonitoringReturn]:
    """The returns of a published grant the public may see: those received, with their figures
    (never who sent them or the contact address)."""
    return list(_returns(grant=grant).filter(MonitoringReturn.public_q()))


def overdue_returns(*, bodies: list[Body], today: date, limit: int = 20) -> list[MonitoringReturn]:
    return list(
        MonitoringReturn.objects.filter(body__in=bodies, received_on__isnull=True, due_on__lt=today)
        .filter(Q(grant__status__in=Grant.COUNTED) | Q(service__isnull=False))
        .select_related("body", "grant", "service")
        .order_by("due_on", "id")[:limit]
    )


def returns_dashboard_panel(*, user: User, bodies: list[Body]) -> dict | None:
    """Monitoring returns overdue at the bodies where the user does the office's work (two
    queries: the count and the oldest twenty)."""
    mine = [b for b in bodies if has_role(user, b, EDIT_ROLES)]
    if not mine:
        return None
    today = timezone.localdate()
    overdue = overdue_returns(bodies=mine, today=today)
    if not overdue:
        return None
    total = (
        MonitoringReturn.objects.filter(body__in=mine, received_on__isnull=True, due_on__lt=today)
        .filter(Q(grant__status__in=Grant.COUNTED) | Q(service__isnull=False))
        .count()
    )
    return {"overdue": overdue, "total": total, "today": today}


def returns_due_for_reminders(*, today: date) -> list[int]:
    """The returns, at every body, overdue on ``today``, not yet reminded of, whose grant (awarded)
    or service has a contact e-mail: one query."""
    qs = MonitoringReturn.objects.filter(received_on__isnull=True, reminder_sent_at__isnull=True, due_on__lt=today)
    qs = qs.filter(
        (Q(grant__status__in=Grant.COUNTED) & ~Q(grant__contact_email=""))
        | (Q(service__isnull=False) & ~Q(service__contact_email=""))
    )
    return list(qs.order_by("due_on", "id").values_list("pk", flat=True))


# --- board paper appendices ----------------------------------------------------------------------


@dataclass
class AppendixRow:
    kind: str  # "service" or "grant"
    name: str
    provider: str
    fund: str
    amount: Decimal
    start: date
    end: date


@dataclass
class Appendix:
    body: Body
    fund: Fund | None
    period_start: date
    period_end: date
    title: str
    services: list[AppendixRow]
    grants: list[AppendixRow]
    services_total: Decimal
    grants_total: Decimal
    total: Decimal


def appendix_funds(*, body: Body) -> list[Fund]:
    return list(Fund.objects.for_body(body).order_by("-starts_on", "name"))


def appendix_get(
    *, body: Body, fund: Fund | None, period_start: date, period_end: date, public: bool = False
) -> Appendix:
    """A board paper appendix from live data: the commissioned services and the grants awarded
    (awarded or closed, at their amounts after variations) of ``fund`` (or of every fund) whose
    period overlaps ``period_start``–``period_end``, with their totals to the penny; only the
    published ones when ``public``. Recipients who are individuals appear as "an individual":
    board papers are published. Two queries."""
    services = CommissionedService.objects.for_body(body).filter(start_date__lte=period_end, end_date__gte=period_start)
    grants = Grant.objects.for_body(body).filter(
        status__in=Grant.COUNTED, start_date__lte=period_end, end_date__gte=period_start
    )
    if public:
        services, grants = services.published(), grants.published()
    if fund is not None:
        services, grants = services.filter(fund=fund), grants.filter(fund=fund)
    service_rows = [
        AppendixRow("service", s.name, s.provider.public_label, str(s.fund or ""), s.value, s.start_date, s.end_date)
        for s in services.select_related("provider", "fund").order_by("name", "start_date", "id")
    ]
    grant_rows = [
        AppendixRow("grant", g.title, g.recipient.public_label, str(g.fund), g.amount, g.start_date, g.end_date)
        for g in grants.select_related("recipient", "fund").order_by("recipient__name", "title", "id")
    ]
    services_total = sum((r.amount for r in service_rows), Decimal("0.00"))
    grants_total = sum((r.amount for r in grant_rows), Decimal("0.00"))
    what = str(fund) if fund is not None else "all funds"
    return Appendix(
        body=body,
        fund=fund,
        period_start=period_start,
        period_end=period_end,
        title=(f"Services funded and grants awarded, {what}, {period_start:%-d %B %Y} to {period_end:%-d %B %Y}"),
        services=service_rows,
        grants=grant_rows,
        services_total=services_total.quantize(PENNY),
        grants_total=grants_total.quantize(PENNY),
        total=(services_total + grants_total).quantize(PENNY),
    )


def financial_year_start(day: date) -> date:
    """1 April of the financial year ``day`` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def year_end(start: date) -> date:
    """The day before the same date a year later: 1 April 2019 gives 31 March 2020."""
    return _add_months(start, 12) - timedelta(days=1)
