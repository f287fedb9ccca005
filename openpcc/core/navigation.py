"""The pages of a body: its public navigation (apps add their section in AppConfig.ready()) and
the context every public and staff page of a body starts from."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .models import Body
from .permissions import APPROVE_ROLES, EDIT_ROLES, has_role


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    url_name: str
    order: int
    kinds: frozenset[str] | None = None  # the kinds of body that have this section; None for all


@dataclass(frozen=True)
class OpenData:
    key: str
    label: str
    url_name: str
    order: int
    kinds: frozenset[str] | None = None


_SECTIONS: dict[str, NavSection] = {}
_OPEN_DATA: dict[str, OpenData] = {}


def register_section(*, key: str, label: str, url_name: str, order: int, kinds: frozenset[str] | None = None) -> None:
    _SECTIONS[key] = NavSection(key=key, label=label, url_name=url_name, order=order, kinds=kinds)


def register_open_data(*, key: str, label: str, url_name: str, order: int, kinds: frozenset[str] | None = None) -> None:
    """A body's open data file (JSON), listed in the footer of every page of the body."""
    _OPEN_DATA[key] = OpenData(key=key, label=label, url_name=url_name, order=order, kinds=kinds)


def body_open_data(body: Body) -> list[dict]:
    return [
        {"label": d.label, "url": reverse(d.url_name, args=[body.slug])}
        for d in sorted(_OPEN_DATA.values(), key=lambda d: d.order)
        if d.kinds is None or body.kind in d.kinds
    ]


def body_nav(body: Body, current: str) -> list[dict]:
    sections = [NavSection("home", "Overview", "public:body_home", 0), *_SECTIONS.values()]
    return [
        {"label": s.label, "url": reverse(s.url_name, args=[body.slug]), "current": s.key == current}
        for s in sorted(sections, key=lambda s: s.order)
        if s.kinds is None or body.kind in s.kinds
    ]


def body_page_context(body: Body, current: str, **extra: object) -> dict:
    """The context every public page of a body starts from."""
    return {"body": body, "body_nav": body_nav(body, current), **extra}


def staff_page_context(
    request: HttpRequest, body: Body, *, edit_roles: frozenset[str] = EDIT_ROLES, **extra: object
) -> dict:
    """The context every staff page of a body starts from: the body, the staff layout, and whether
    the user may change (``edit_roles``, the domain's own) and publish what the page shows."""
    return {
        "body": body,
        "staff_page": True,
        "can_edit": has_role(request.user, body, edit_roles),
        "can_approve": has_role(request.user, body, APPROVE_ROLES),
        **extra,
    }
