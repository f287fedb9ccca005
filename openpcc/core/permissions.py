"""The one place that decides who may see or do what at which body.

Rights are per body and role. Staff views use ``body_staff_view``; services call
``require_role`` so that a write is refused whatever page it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Body, BodyRole, Role, User

# Every set of roles a page or a service asks for is named here, and only here.
# Staff of a body: anyone with a role there may see its staff pages (the public is anonymous).
STAFF_ROLES = frozenset(Role.values)
# The office's own work: plans, rounds, decision drafts, the people and organisations it lists.
EDIT_ROLES = frozenset({Role.EDITOR, Role.APPROVER, Role.ADMINISTRATOR})
# Publishing what the office has decided or reported: plans, rounds, decisions, the scheme.
APPROVE_ROLES = frozenset({Role.APPROVER, Role.ADMINISTRATOR})
# Clerking meetings and their papers, at an office or a panel: committees, meetings, agendas,
# minutes, actions, uploads and archive imports.
CLERK_ROLES = EDIT_ROLES | {Role.SECRETARIAT}
# The panel's own voice: its response to a decision it was told of.
PANEL_ROLES = frozenset({Role.SECRETARIAT, Role.ADMINISTRATOR})
# The body's own settings, such as the look of the papers it generates: its administrators.
ADMIN_ROLES = frozenset({Role.ADMINISTRATOR})


def roles_for(user: User | Any, body: Body) -> frozenset[str]:
    """The roles ``user`` holds at ``body`` (memoised on the user object per request)."""
    if getattr(user, "is_system_actor", False):
        return STAFF_ROLES
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[str]] | None = getattr(user, "_openpcc_roles", None)
    if cache is None:
        cache = {}
        for body_id, role in BodyRole.objects.filter(user=user).values_list("body_id", "role"):
            cache.setdefault(body_id, frozenset())
            cache[body_id] = cache[body_id] | {role}
        user._openpcc_roles = cache
    roles = cache.get(body.pk, frozenset())
    if user.is_superuser:
        roles = roles | {Role.ADMINISTRATOR}
    return roles


def has_role(user: User | Any, body: Body, roles: Iterable[str]) -> bool:
    return bool(roles_for(user, body) & frozenset(roles))


def require_role(user: User | Any, body: Body, roles: Iterable[str], action: str = "do this") -> None:
    """Raise PermissionDenied naming what was refused unless the user holds one of ``roles``.
    Every service calls it with its acting user; with none (``None``) everything is refused."""
    if user is None:
        raise PermissionDenied(f"No acting user: a change needs one to {action} (a process uses system_actor()).")
    if not has_role(user, body, roles):
        names = ", ".join(sorted(Role(r).label for r in roles))
        raise PermissionDenied(f"You need one of these roles at {body.display_name} to {action}: {names}.")


def staff_bodies(user: User | Any) -> list[Body]:
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Body.objects.filter(is_active=True))
    return list(Body.objects.filter(staff_roles__user=user, is_active=True).distinct())


def body_staff_view(roles: Iterable[str] = STAFF_ROLES) -> Callable:
    """Decorate a staff view taking ``body_slug``: sign-in required, role at that body
    required, and the view receives ``body`` instead of the slug."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, body_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            body = get_object_or_404(Body, slug=body_slug, is_active=True)
            # refused with the roles the page needs named (the 403 page shows the reason)
            require_role(request.user, body, allowed, "see this page")
            request.openpcc_body = body  # type: ignore[attr-defined]
            return view(request, body, *args, **kwargs)

        wrapped.openpcc_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_site_admin(user: User | Any, action: str) -> None:
    """Site-wide changes (adding a body, giving roles): system administrators only."""
    if not (getattr(user, "is_system_actor", False) or (user is not None and user.is_active and user.is_superuser)):
        raise PermissionDenied(f"Only a system administrator may {action}.")


def system_actor(process: str) -> User:
    """The account in whose name ``process`` (e.g. "demo loader") changes records: made the first
    time it is asked for, never able to sign in, and shown in every record's history."""
    username = "system-" + "-".join(process.lower().split())
    actor, made = User.objects.get_or_create(
        username=username[:150],
        defaults={"first_name": "OpenPCC", "last_name": f"({process})", "is_active": False, "is_system_actor": True},
    )
    if made:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor
