"""Staff pages for funding: funds, recipients, grants (draft, award, publish, vary, close, pay),
commissioned services and funding bids. Thin: every write goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openpcc.core.forms import run_service
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, body_staff_view

from . import selectors, services
from .appendix import appendix_word
from .forms import (
    AppendixForm,
    BidForm,
    FundForm,
    GrantForm,
    MonitoringForm,
    PaymentForm,
    RecipientEditForm,
    RecipientForm,
    ReturnForm,
    ServiceForm,
    VariationForm,
)
from .models import Grant, pounds


def _form_page(request: HttpRequest, body: Body, form, heading: str, **extra) -> HttpResponse:
    return render(
        request, "funding/staff/form.html", staff_page_context(request, body, form=form, heading=heading, **extra)
    )


@body_staff_view(EDIT_ROLES)
def index(request: HttpRequest, body: Body) -> HttpResponse:
    grants, pages = selectors.grant_staff_list(body=body, page=request.GET.get("page", ""))
    return render(
        request,
        "funding/staff/index.html",
        staff_page_context(
            request,
            body,
            funds=selectors.fund_staff_list(body=body),
            grants=grants,
            paging=pages,
            recipients=selectors.recipient_staff_list(body=body),
            services=selectors.service_staff_list(body=body),
            bids=selectors.bid_staff_list(body=body),
        ),
    )


# --- funds and recipients ------------------------------------------------------------------------


@body_staff_view(EDIT_ROLES)
def fund_edit(request: HttpRequest, body: Body, pk: int | None = None) -> HttpResponse:
    fund = selectors.fund_staff_get(body=body, pk=pk) if pk else None
    initial = {f: getattr(fund, f) for f in (*services.FUND_FIELDS, "version")} if fund else {}
    form = FundForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def save(d):
            d = dict(d)
            version = d.pop("version")
            if fund is None:
                return services.fund_create(body=body, fields=d, user=request.user)
            return services.fund_edit(fund=fund, expected_version=version or 0, fields=d, user=request.user)

        if saved := run_service(form, save):
            messages.success(request, f"{saved} saved.")
            return redirect("funding_staff:index", body.slug)
    heading = f"Edit fund: {fund}" if fund else "Set up a fund"
    return _form_page(request, body, form, heading, fund=fund, history=("funding.fund", fund.pk) if fund else None)


@body_staff_view(EDIT_ROLES)
def recipient_create(request: HttpRequest, body: Body) -> HttpResponse:
    form = RecipientForm(request.POST or None)
    if request.method == "POST" and (
        saved := run_service(form, lambda d: services.recipient_create(body=body, user=request.user, **d))
    ):
        messages.success(request, f"{saved} added as a recipient.")
        return redirect("funding_staff:index", body.slug)
    return _form_page(request, body, form, "Add a recipient")


@body_staff_view(EDIT_ROLES)
def recipient_edit(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    recipient = selectors.recipient_staff_get(body=body, pk=pk)
    form = RecipientEditForm(
        request.POST or None,
        individual=recipient.is_individual,
        initial={f: getattr(recipient, f) for f in ("kind", "name", "identifier", "version")},
    )
    if request.method == "POST":

        def save(d):
            d = dict(d)
            return services.recipient_update(
                recipient=recipient, expected_version=d.pop("version"), user=request.user, **d
            )

        if saved := run_service(form, save):
            messages.success(request, f"{saved} corrected.")
            return redirect("funding_staff:index", body.slug)
    grants, services_ = recipient.grant_count, recipient.service_count
    intro = (
        f"It has {grants} grant{pluralize(grants)} and provides {services_} service{pluralize(services_)}: "
        "a correction shows wherever they are listed."
    )
    if recipient.is_individual:
        intro += " An individual is published as “an individual”, never by name."
    return _form_page(
        request,
        body,
        form,
        f"Correct a recipient: {recipient.name}",
        intro=intro,
        history=("funding.recipient", recipient.pk),
    )


# --- grants --------------------------------------------------------------------------------------


@body_staff_view(EDIT_ROLES)
def grant_edit(request: HttpRequest, body: Body, pk: int | None = None) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk) if pk else None
    if grant and grant.status != Grant.Status.DRAFT:
        messages.error(request, "This grant is awarded: change it through a variation.")
        return redirect("funding_staff:grant", body.slug, grant.pk)
    initial = {}
    if grant:
        initial = {f: getattr(grant, f) for f in (*services.GRANT_FIELDS, "version")}
        initial["priorities"] = list(grant.priorities.all())
    elif request.GET.get("fund", "").isdigit():
        initial["fund"] = int(request.GET["fund"][:18])
    form = GrantForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            d = dict(d)
            priorities, version = list(d.pop("priorities")), d.pop("version")
            if grant is None:
                return services.grant_create(body=body, fields=d, priorities=priorities, user=request.user)
            return services.grant_edit(
                grant=grant, expected_version=version or 0, fields=d, priorities=priorities, user=request.user
            )

        if saved := run_service(form, save):
            messages.success(request, "Grant saved as a draft. Award it when it is approved.")
            return redirect("funding_staff:grant", body.slug, saved.pk)
    heading = f"Edit draft grant: {grant.title}" if grant else "Draft a grant"
    return _form_page(request, body, form, heading, history=("funding.grant", grant.pk) if grant else None)


@body_staff_view(EDIT_ROLES)
def grant_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk)
    fund = selectors.fund_staff_get(body=body, pk=grant.fund_id)
    return render(
        request,
        "funding/staff/grant.html",
        staff_page_context(request, body, g=grant, fund=fund, paid=sum(p.amount for p in grant.payments.all())),
    )


@body_staff_view(EDIT_ROLES)
@require_POST
def grant_state(request: HttpRequest, body: Body, pk: int, action: str) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk)
    try:
        if action == "award":
            services.grant_award(grant=grant, user=request.user)
            messages.success(request, f"Grant awarded: {pounds(grant.amount)} from the {grant.fund}.")
        else:
            services.grant_close(grant=grant, user=request.user)
            messages.success(request, "The grant is closed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("funding_staff:grant", body.slug, pk)


@body_staff_view(APPROVE_ROLES)
@require_POST
def grant_publish(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk)
    try:
        services.grant_publish(grant=grant, user=request.user)
        messages.success(request, "The grant is published.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("funding_staff:grant", body.slug, pk)


@body_staff_view(EDIT_ROLES)
def grant_vary(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk)
    form = VariationForm(
        request.POST or None,
        initial={
            "new_amount": grant.amount,
            "new_start": grant.start_date,
            "new_end": grant.end_date,
            "version": grant.version,
        },
    )
    if request.method == "POST":

        def save(d):
            d = dict(d)
            return services.grant_vary(grant=grant, expected_version=d.pop("version"), user=request.user, **d)

        if run_service(form, save):
            messages.success(request, "Variation recorded: the grant now has the new amount and dates.")
            return redirect("funding_staff:grant", body.slug, grant.pk)
    return _form_page(
        request,
        body,
        form,
        f"Vary the grant: {grant.title}",
        intro=f"Now {pounds(grant.amount)}, {grant.start_date:%-d %B %Y} to {grant.end_date:%-d %B %Y}.",
        history=("funding.grant", grant.pk),
    )


@body_staff_view(EDIT_ROLES)
def payment_create(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    grant = selectors.grant_staff_get(body=body, pk=pk)
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, lambda d: services.payment_record(grant=grant, user=request.user, **d)
    ):
        messages.success(request, "Payment recorded.")
        return redirect("funding_staff:grant", body.slug, grant.pk)
    return _form_page(request, body, form, f"Record a payment: {grant.title}")


# --- services ------------------------------------------------------------------------------------


@body_staff_view(EDIT_ROLES)
def service_edit(request: HttpRequest, body: Body, pk: int | None = None) -> HttpResponse:
    service = selectors.service_staff_get(body=body, pk=pk) if pk else None
    initial = {}
    if service:
        initial = {f: getattr(service, f) for f in (*services.SERVICE_FIELDS, "version")}
        initial["priorities"] = list(service.priorities.all())
    form = ServiceForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            d = dict(d)
            priorities, version = list(d.pop("priorities")), d.pop("version")
            if service is None:
                return services.service_create(body=body, fields=d, priorities=priorities, user=request.user)
            return services.service_edit(
                service=service, expected_version=version or 0, fields=d, priorities=priorities, user=request.user
            )

        if saved := run_service(form, save):
            messages.success(request, f"{saved} saved.")
            return redirect("funding_staff:service_edit", body.slug, saved.pk)
    return _form_page(
        request,
        body,
        form,
        f"Commissioned service: {service}" if service else "Record a commissioned service",
        service=service,
        history=("funding.commissionedservice", service.pk) if service else None,
        upload=("service", service.pk) if service else None,
        publish_url="funding_staff:service_publish" if service and not service.is_published else None,
        publish_pk=service.pk if service else None,
    )


@body_staff_view(APPROVE_ROLES)
@require_POST
def service_publish(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    service = selectors.service_staff_get(body=body, pk=pk)
    try:
        services.service_publish(service=service, user=request.user)
        messages.success(request, f"{service} is published.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("funding_staff:service_edit", body.slug, pk)


# --- bids ----------------------------------------------------------------------------------------


@body_staff_view(EDIT_ROLES)
def bid_edit(request: HttpRequest, body: Body, pk: int | None = None) -> HttpResponse:
    bid = selectors.bid_staff_get(body=body, pk=pk) if pk else None
    initial = {}
    if bid:
        initial = {f: getattr(bid, f) for f in (*services.BID_FIELDS, "version")}
        initial.update(grants=list(bid.grants.all()), services=list(bid.services.all()))
    form = BidForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            d = dict(d)
            grants, linked, version = list(d.pop("grants")), list(d.pop("services")), d.pop("version")
            if bid is None:
                return services.bid_create(body=body, fields=d, grants=grants, services=linked, user=request.user)
            return services.bid_edit(
                bid=bid, expected_version=version or 0, fields=d, grants=grants, services=linked, user=request.user
            )

        if saved := run_service(form, save):
            messages.success(request, f"Bid to {saved.funder} saved.")
            return redirect("funding_staff:bid_edit", body.slug, saved.pk)
    return _form_page(
        request,
        body,
        form,
        f"Funding bid: {bid}" if bid else "Record a funding bid",
        history=("funding.fundingbid", bid.pk) if bid else None,
        publish_url="funding_staff:bid_publish" if bid and not bid.is_published else None,
        publish_pk=bid.pk if bid else None,
    )


@body_staff_view(APPROVE_ROLES)
@require_POST
def bid_publish(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    bid = selectors.bid_staff_get(body=body, pk=pk)
    try:
        services.bid_publish(bid=bid, user=request.user)
        messages.success(request, "The bid and its outcome are published.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("funding_staff:bid_edit", body.slug, pk)


# --- outcome monitoring --------------------------------------------------------------------------


def _monitored(body: Body, kind: str, pk: int):
    return selectors.monitored_staff_get(body=body, kind=kind, pk=pk)


def _record_url(body: Body, kind: str, record) -> str:
    if kind == "grant":
        return reverse("funding_staff:grant", args=[body.slug, record.pk])
    return reverse("funding_staff:service_edit", args=[body.slug, record.pk])


def _record_name(kind: str, record) -> str:
    return record.title if kind == "grant" else record.name


@body_staff_view(EDIT_ROLES)
def returns(request: HttpRequest, body: Body, pk: int, kind: str) -> HttpResponse:
    record = _monitored(body, kind, pk)
    page = selectors.returns_staff_list(record=record, today=timezone.localdate())
    return render(
        request,
        "funding/staff/returns.html",
        staff_page_context(
            request,
            body,
            page=page,
            record=record,
            kind=kind,
            name=_record_name(kind, record),
            record_url=_record_url(body, kind, record),
        ),
    )


@body_staff_view(EDIT_ROLES)
def monitoring_edit(request: HttpRequest, body: Body, pk: int, kind: str) -> HttpResponse:
    record = _monitored(body, kind, pk)
    form = MonitoringForm(
        request.POST or None,
        initial={
            "return_frequency": record.return_frequency,
            "return_due_days": record.return_due_days,
            "contact_email": record.contact_email,
            "version": record.version,
        },
    )
    if request.method == "POST":

        def save(d):
            d = dict(d)
            return services.monitoring_set(record=record, expected_version=d.pop("version"), user=request.user, **d)

        if run_service(form, save):
            messages.success(request, "Monitoring returns set: the returns due follow the dates.")
            return redirect(f"funding_staff:{kind}_returns", body.slug, record.pk)
    return _form_page(
        request,
        body,
        form,
        f"Monitoring returns: {_record_name(kind, record)}",
        intro=f"From {record.start_date:%-d %B %Y} to {record.end_date:%-d %B %Y}.",
    )


@body_staff_view(EDIT_ROLES)
def return_record(request: HttpRequest, body: Body, pk: int, kind: str) -> HttpResponse:
    record = _monitored(body, kind, pk)
    initial = {"received_on": timezone.localdate()}
    if (chosen := request.GET.get("return", "")).isdigit() and len(chosen) <= 18:
        ret = selectors.return_staff_get(record=record, pk=int(chosen))
        initial.update(period_start=ret.period_start, period_end=ret.period_end)
    form = ReturnForm(request.POST or None, initial=initial)
    if request.method == "POST":

        def save(d):
            return services.return_record(
                record=record,
                period_start=d["period_start"],
                period_end=d["period_end"],
                received_on=d["received_on"],
                narrative=d.get("narrative", ""),
                figures=form.figures(),
                user=request.user,
            )

        if saved := run_service(form, save):
            messages.success(
                request, f"Return recorded for {saved.period_start:%-d %B %Y} to {saved.period_end:%-d %B %Y}."
            )
            return redirect(f"funding_staff:{kind}_returns", body.slug, record.pk)
    return _form_page(
        request,
        body,
        form,
        f"Record a return: {_record_name(kind, record)}",
        intro=(
            f"A return must cover a period within {record.start_date:%-d %B %Y} to {record.end_date:%-d %B %Y}. "
            "Give each figure a name and a number."
        ),
    )


# --- board paper appendix ------------------------------------------------------------------------


def _appendix(request: HttpRequest, body: Body):
    """The appendix the query asks for, or the form with its errors (and None)."""
    form = AppendixForm(request.GET or None, body=body)
    if request.GET and not form.is_valid():
        return form, None
    d = form.cleaned_data if request.GET else {}
    fund, start, end = d.get("fund"), d.get("period_start"), d.get("period_end")
    if start is None:
        anchor = fund or next(iter(selectors.appendix_funds(body=body)), None)
        start = anchor.starts_on if anchor else selectors.financial_year_start(timezone.localdate())
    if end is None:
        end = selectors.year_end(start)
    if end < start:
        form.add_error(
            "period_end", f"The period ends ({end:%-d %B %Y}) before it starts ({start:%-d %B %Y}): correct the dates."
        )
        form.mark_errors()
        return form, None
    return form, selectors.appendix_get(body=body, fund=fund, period_start=start, period_end=end)


@body_staff_view(EDIT_ROLES)
def appendix(request: HttpRequest, body: Body) -> HttpResponse:
    form, data = _appendix(request, body)
    return render(
        request,
        "funding/staff/appendix.html",
        staff_page_context(request, body, form=form, appendix=data, query=request.GET.urlencode()),
    )


@body_staff_view(EDIT_ROLES)
def appendix_docx(request: HttpRequest, body: Body) -> HttpResponse:
    form, data = _appendix(request, body)
    if data is None:
        return render(
            request,
            "funding/staff/appendix.html",
            staff_page_context(request, body, form=form, appendix=None, query=""),
            status=400,
        )
    response = HttpResponse(
        appendix_word(data), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"appendix-{body.slug}-{data.period_start:%Y%m%d}-{data.period_end:%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
