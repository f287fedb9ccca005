"""Staff pages every app shares: the dashboard and the history tab."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .history import history_entries
from .models import Body, ScopedModel
from .permissions import CLERK_ROLES, EDIT_ROLES, STAFF_ROLES, body_staff_view, has_role, roles_for, staff_bodies


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from openpcc.meetings.selectors import dashboard_meetings
    from openpcc.plans.selectors import staff_dashboard_rounds

    bodies = staff_bodies(request.user)
    entries = [
        {
            "body": b,
            "roles": sorted(roles_for(request.user, b)),
            "plans": has_role(request.user, b, EDIT_ROLES),
            "can_import": has_role(request.user, b, CLERK_ROLES),
        }
        for b in bodies
    ]
    plan_bodies = [e["body"] for e in entries if e["plans"]]
    return render(
        request,
        "core/dashboard.html",
        {
            "entries": entries,
            "rounds": staff_dashboard_rounds(bodies=plan_bodies, user=request.user),
            "meetings": dashboard_meetings(bodies=bodies),
            "staff_page": True,
        },
    )


@body_staff_view(STAFF_ROLES)
def history(request: HttpRequest, body: Body, model_label: str, pk: int) -> HttpResponse:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404("Unknown kind of record.") from None
    if not issubclass(model, ScopedModel) or not hasattr(model, "history"):
        raise Http404("This kind of record has no history.")
    obj = model.objects.for_body(body).filter(pk=pk).first()
    if obj is None:
        raise Http404("No such record at this body.")
    return render(
        request,
        "core/history.html",
        {
            "body": body,
            "obj": obj,
            "entries": history_entries(obj),
            "staff_page": True,
            "model_name": model._meta.verbose_name,
        },
    )
