"""Staff pages every app shares: the dashboard and the history tab."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .history import history_entries
from .models import Body, Role, ScopedModel
from .navigation import staff_page_context
from .permissions import STAFF_ROLES, body_staff_view, has_role, roles_for, staff_bodies
from .registry import dashboard_panels, staff_sections


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each domain's panels (what is due, overdue, awaiting review) and, for each of the user's
    bodies, the staff sections their roles there open (core.registry)."""
    user = request.user
    bodies = staff_bodies(user)
    entries = [
        {
            "body": b,
            "roles": [Role(r).label for r in sorted(roles_for(user, b))],
            "links": [
                (s.label, reverse(s.url_name, args=[b.slug]))
                for s in staff_sections()
                if has_role(user, b, s.roles) and (s.kinds is None or b.kind in s.kinds)
            ],
        }
        for b in bodies
    ]
    panels = []
    for panel in dashboard_panels():
        context = panel.context(user=user, bodies=bodies)
        if context:
            panels.append({"template": panel.template, "context": context})
    return render(request, "core/dashboard.html", {"entries": entries, "panels": panels, "staff_page": True})


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
        staff_page_context(request, body, obj=obj, entries=history_entries(obj), model_name=model._meta.verbose_name),
    )
