"""Staff pages for the delivery tracker: rounds, updates, review and publication, priorities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, body_staff_view, has_role
from openpcc.core.writing import ConflictError

from . import selectors, services
from .forms import PlanSettingsForm, PriorityForm, RoundForm, UpdateForm


def _return_to(request: HttpRequest, fallback: str) -> str:
    """Where to go back to after a form: its ``next`` (the list as the user left it, filter and
    all) when that is a page of this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@body_staff_view(EDIT_ROLES)
def plans_index(request: HttpRequest, body: Body) -> HttpResponse:
    return render(
        request, "plans/staff/index.html", staff_page_context(request, body, plans=selectors.plan_staff_list(body=body))
    )


@body_staff_view(APPROVE_ROLES)
@require_POST
def plan_publish(request: HttpRequest, body: Body, plan_slug: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    services.plan_publish(plan=plan, user=request.user)
    messages.success(request, f"{plan.title} is now public.")
    return redirect("plans_staff:index", body.slug)


@body_staff_view(EDIT_ROLES)
def round_create(request: HttpRequest, body: Body, plan_slug: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    form = RoundForm(request.POST or None, initial=selectors.round_next_suggestion(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_open(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Round {rnd.name} is open for updates.")
            return redirect("plans_staff:round", body.slug, plan.slug, rnd.slug)
    return render(request, "plans/staff/round_form.html", staff_page_context(request, body, plan=plan, form=form))


@body_staff_view(EDIT_ROLES)
def round_detail(request: HttpRequest, body: Body, plan_slug: str, round_slug: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    rnd = selectors.round_staff_get(plan=plan, slug=round_slug)
    show = request.GET.get("show", "all")
    if show not in {"all", "todo", "mine", "mine-todo"}:
        show = "all"
    worklist = selectors.round_worklist_get(round=rnd, user=request.user, show=show)
    reminders = selectors.round_reminder_status(round=rnd, today=timezone.localdate())
    return render(
        request,
        "plans/staff/round.html",
        staff_page_context(
            request,
            body,
            plan=plan,
            round=rnd,
            worklist=worklist,
            reminders=reminders,
            show=show,
            here=request.get_full_path(),
        ),
    )


@body_staff_view(EDIT_ROLES)
def update_edit(request: HttpRequest, body: Body, plan_slug: str, round_slug: str, code: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    rnd = selectors.round_staff_get(plan=plan, slug=round_slug)
    activity, current, previous = selectors.activity_staff_get(round=rnd, code=code)
    back = _return_to(request, reverse("plans_staff:round", args=[body.slug, plan.slug, rnd.slug]))
    conflict = None
    error = ""
    form = None
    if request.method == "POST":
        form = UpdateForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.update_record(
                    round=rnd,
                    activity=activity,
                    user=request.user,
                    status=form.cleaned_data["status"],
                    narrative=form.cleaned_data["narrative"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as exc:
                conflict = exc.current if exc.current.pk else None
                # Keep the user's text; the hidden version moves on so a deliberate re-save works.
                data = request.POST.copy()
                data["version"] = str(conflict.version if conflict else 0)
                form = UpdateForm(data, plan=plan)
                form.is_valid()
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_service_errors(form, exc)
                error = " ".join(exc.message_dict.get("round", []))
            else:
                messages.success(request, f"Update for {activity.code} saved.")
                return redirect(back)
    closure = selectors.round_closure_get(round=rnd)
    if closure is not None:
        form = None  # a closed round's update is shown, not offered for editing
    elif form is None:
        initial = {"version": current.version if current else 0}
        if current:
            initial.update(status=current.status.code, narrative=current.narrative)
        elif previous:
            initial.update(status=previous.status.code)
        form = UpdateForm(initial=initial, plan=plan)
    return render(
        request,
        "plans/staff/update_form.html",
        staff_page_context(
            request,
            body,
            plan=plan,
            round=rnd,
            activity=activity,
            current=current,
            previous=previous,
            form=form,
            conflict=conflict,
            closure=closure,
            error=error,
            back=back,
            next=back if (request.POST.get("next") or request.GET.get("next")) == back else "",
        ),
    )


@body_staff_view(EDIT_ROLES)
def plan_settings(request: HttpRequest, body: Body, plan_slug: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    form = PlanSettingsForm(
        request.POST or None,
        initial={
            "narrative_required": plan.narrative_required,
            "reminder_days_before": plan.reminder_days_before,
            "version": plan.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_settings_edit(
                plan=plan,
                expected_version=form.cleaned_data["version"] or 0,
                narrative_required=form.cleaned_data["narrative_required"],
                reminder_days_before=form.cleaned_data["reminder_days_before"],
                user=request.user,
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Settings of {plan.title} saved.")
            return redirect("plans_staff:index", body.slug)
    return render(request, "plans/staff/plan_settings.html", staff_page_context(request, body, plan=plan, form=form))


@body_staff_view(EDIT_ROLES)
def round_publish(request: HttpRequest, body: Body, plan_slug: str, round_slug: str) -> HttpResponse:
    """The round's review: every activity, updated, carried forward or missing, and what publishing
    will do. Editors read it; approvers publish from it."""
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    rnd = selectors.round_staff_get(plan=plan, slug=round_slug)
    error = ""
    if request.method == "POST":
        if not has_role(request.user, body, APPROVE_ROLES):
            raise PermissionDenied("Only an approver can publish a reporting round.")
        try:
            services.round_publish(round=rnd, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Round {rnd.name} is published. The public plan pages now show its statuses.")
            return redirect("plans_staff:round", body.slug, plan.slug, rnd.slug)
    worklist = selectors.round_worklist_get(round=rnd, user=request.user, show="all")
    return render(
        request,
        "plans/staff/round_publish.html",
        staff_page_context(
            request, body, plan=plan, round=rnd, worklist=worklist, error=error, here=request.get_full_path()
        ),
    )


@body_staff_view(APPROVE_ROLES)
@require_POST
def round_state(request: HttpRequest, body: Body, plan_slug: str, round_slug: str, action: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    rnd = selectors.round_staff_get(plan=plan, slug=round_slug)
    try:
        if action == "close":
            services.round_close(round=rnd, user=request.user)
            messages.success(request, f"Round {rnd.name} is closed for review: officers can no longer change updates.")
        else:
            services.round_reopen(round=rnd, user=request.user)
            messages.success(request, f"Round {rnd.name} is open for updates again.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("plans_staff:round", body.slug, plan.slug, rnd.slug)


@body_staff_view(EDIT_ROLES)
def priority_list(request: HttpRequest, body: Body, plan_slug: str) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    priorities = plan.priorities.select_related("theme", "opcc_lead").prefetch_related("delivery_leads")
    return render(
        request, "plans/staff/priorities.html", staff_page_context(request, body, plan=plan, priorities=priorities)
    )


@body_staff_view(EDIT_ROLES)
def priority_edit(request: HttpRequest, body: Body, plan_slug: str, code: str | None = None) -> HttpResponse:
    plan = selectors.plan_staff_get(body=body, slug=plan_slug)
    priority = selectors.priority_staff_get(plan=plan, code=code) if code else None
    if request.method == "POST":
        form = PriorityForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if priority is None:
                    saved = services.priority_create(
                        plan=plan,
                        user=request.user,
                        theme=data["theme"],
                        code=data["code"],
                        text=data["text"],
                        opcc_lead=data["opcc_lead"],
                        delivery_leads=data["delivery_leads"],
                        notes=data["notes"],
                    )
                else:
                    saved = services.priority_edit(
                        priority=priority,
                        expected_version=data["version"] or 0,
                        user=request.user,
                        theme=data["theme"],
                        code=data["code"],
                        text=data["text"],
                        opcc_lead=data["opcc_lead"],
                        delivery_leads=data["delivery_leads"],
                        notes=data["notes"],
                    )
            except ConflictError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Priority {saved.code} saved.")
                return redirect("plans_staff:priorities", body.slug, plan.slug)
    elif priority is not None:
        form = PriorityForm(
            initial={
                "theme": priority.theme,
                "code": priority.code,
                "text": priority.text,
                "opcc_lead": priority.opcc_lead,
                "delivery_leads": list(priority.delivery_leads.all()),
                "notes": priority.notes,
                "version": priority.version,
            },
            plan=plan,
        )
    else:
        form = PriorityForm(plan=plan)
    history_url = (
        reverse("staff:history", args=[body.slug, "plans.priority", priority.pk]) if priority is not None else None
    )
    return render(
        request,
        "plans/staff/priority_form.html",
        staff_page_context(request, body, plan=plan, priority=priority, form=form, history_url=history_url),
    )
