"""Staff pages for decisions: drafting, signing, publishing, amendments, the forward list,
the reference scheme, and the panel's "Decisions by the Commissioner" item and responses."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpcc.core.forms import run_service
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, PANEL_ROLES, body_staff_view, has_role
from openpcc.meetings.models import Meeting

from . import selectors, services
from .forms import PART_LABELS, AmendForm, DecisionForm, ForwardForm, NotifyForm, ResponseForm, SchemeForm
from .models import Decision, ForwardDecision, Notification, ReferenceScheme

NOTIFY_ROLES = PANEL_ROLES


_ctx = partial(staff_page_context, part_labels=PART_LABELS)


@body_staff_view(EDIT_ROLES)
def index(request: HttpRequest, body: Body) -> HttpResponse:
    decisions = list(selectors.decision_staff_list(body=body))
    scheme = ReferenceScheme.objects.filter(body=body).first()
    return render(request, "decisions/staff/index.html", _ctx(request, body, decisions=decisions, scheme=scheme))


def _split(data: dict) -> tuple[dict, list, list, int | None]:
    reports, priorities, version = data.pop("reports"), data.pop("priorities"), data.pop("version")
    return data, list(reports), list(priorities), version


@body_staff_view(EDIT_ROLES)
def decision_edit(request: HttpRequest, body: Body, pk: int | None = None) -> HttpResponse:
    decision = selectors.decision_staff_get(body=body, pk=pk) if pk else None
    if decision and decision.status == Decision.Status.SIGNED:
        messages.error(request, f"{decision.reference} is signed: record an amendment to change its text.")
        return redirect("decisions_staff:detail", body.slug, decision.pk)
    initial = {}
    if decision:
        initial = {f: getattr(decision, f) for f in (*services.DRAFT_FIELDS, "version")}
        initial.update(reports=list(decision.reports.all()), priorities=list(decision.priorities.all()))
    form = DecisionForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            fields, reports, priorities, version = _split(dict(d))
            if decision is None:
                return services.decision_create(
                    body=body, user=request.user, fields=fields, reports=reports, priorities=priorities
                )
            return services.decision_edit(
                decision=decision,
                expected_version=version or 0,
                user=request.user,
                fields=fields,
                reports=reports,
                priorities=priorities,
            )

        saved = run_service(form, save)
        if saved:
            messages.success(request, "Decision record saved as a draft.")
            return redirect("decisions_staff:detail", body.slug, saved.pk)
    heading = f"Edit draft: {decision.subject}" if decision else "Draft a decision record"
    return render(
        request, "decisions/staff/form.html", _ctx(request, body, form=form, heading=heading, decision=decision)
    )


@body_staff_view(EDIT_ROLES)
def decision_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    decision = selectors.decision_staff_get(body=body, pk=pk)
    amend_form = AmendForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, body, APPROVE_ROLES):
            messages.error(request, "Only an approver can amend a signed decision.")
        elif run_service(amend_form, lambda d: services.decision_amend(decision=decision, user=request.user, **d)):
            messages.success(request, "Amendment recorded.")
            return redirect("decisions_staff:detail", body.slug, decision.pk)
    return render(request, "decisions/staff/detail.html", _ctx(request, body, d=decision, amend_form=amend_form))


@body_staff_view(APPROVE_ROLES)
@require_POST
def decision_state(request: HttpRequest, body: Body, pk: int, action: str) -> HttpResponse:
    decision = selectors.decision_staff_get(body=body, pk=pk)
    try:
        if action == "sign":
            signed = services.decision_sign(decision=decision, user=request.user)
            messages.success(request, f"Signed as {signed.reference}.")
        else:
            services.decision_publish(decision=decision, user=request.user)
            messages.success(request, f"{decision.reference} is published.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("decisions_staff:detail", body.slug, pk)


@body_staff_view(EDIT_ROLES)
def forward(request: HttpRequest, body: Body) -> HttpResponse:
    if request.method == "POST" and request.POST.get("remove"):
        entry = ForwardDecision.objects.for_body(body).filter(pk=request.POST["remove"]).first()
        if entry:
            services.forward_decision_remove(entry=entry, user=request.user)
            messages.success(request, "Removed from the forward list.")
        return redirect("decisions_staff:forward", body.slug)
    form = ForwardForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, lambda d: services.forward_decision_add(body=body, user=request.user, **d)
    ):
        messages.success(request, "Added to the forward list.")
        return redirect("decisions_staff:forward", body.slug)
    return render(
        request,
        "decisions/staff/forward.html",
        _ctx(request, body, form=form, entries=selectors.forward_decision_list(body=body)),
    )


@body_staff_view(APPROVE_ROLES)
def scheme(request: HttpRequest, body: Body) -> HttpResponse:
    current = ReferenceScheme.objects.filter(body=body).first()
    initial = (
        {
            "prefix": current.prefix,
            "pattern": current.pattern,
            "padding": current.padding,
            "restart_each_year": current.restart_each_year,
        }
        if current
        else {"pattern": "{prefix} {year}-{number}", "padding": 3, "restart_each_year": True}
    )
    form = SchemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and run_service(form, lambda d: services.scheme_set(body=body, user=request.user, **d)):
        messages.success(request, "Reference scheme saved.")
        return redirect("decisions_staff:index", body.slug)
    return render(
        request,
        "decisions/staff/form.html",
        _ctx(request, body, form=form, heading="Decision reference scheme", example=current),
    )


@body_staff_view(NOTIFY_ROLES)
def notify(request: HttpRequest, body: Body, meeting_pk: int) -> HttpResponse:
    """The panel secretariat builds the "Decisions by the Commissioner" item for a meeting."""
    meeting = (
        Meeting.objects.for_body(body).select_related("body__scrutinises", "committee").filter(pk=meeting_pk).first()
    )
    if meeting is None:
        raise Http404("No such meeting at this body.")
    proposed = selectors.decision_to_notify_list(meeting=meeting)
    form = NotifyForm(
        request.POST or None, proposed=proposed, initial={"decisions": [d.pk for d in proposed], "number": ""}
    )
    if request.method == "POST" and run_service(
        form, lambda d: services.notifications_create(meeting=meeting, user=request.user, **d)
    ):
        messages.success(
            request, "The decisions item is on the agenda. They count as notified when the agenda is published."
        )
        return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(
        request, "decisions/staff/notify.html", _ctx(request, body, form=form, meeting=meeting, proposed=proposed)
    )


@body_staff_view(NOTIFY_ROLES)
def respond(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    notification = (
        Notification.objects.for_body(body).filter(pk=pk).select_related("decision", "agenda_item__meeting").first()
    )
    if notification is None:
        raise Http404("No such notification at this panel.")
    form = ResponseForm(
        request.POST or None,
        initial={"response": notification.response or None, "response_detail": notification.response_detail},
    )
    if request.method == "POST" and run_service(
        form, lambda d: services.notification_respond(notification=notification, user=request.user, **d)
    ):
        messages.success(request, f"Response to {notification.decision.reference} recorded.")
        return redirect("meetings_staff:meeting", body.slug, notification.agenda_item.meeting_id)
    return render(
        request,
        "decisions/staff/form.html",
        _ctx(
            request,
            body,
            form=form,
            heading=f"Panel response: {notification.decision.reference}",
            meeting=notification.agenda_item.meeting,
        ),
    )
