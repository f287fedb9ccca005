"""What spending plugs into the shared apps (core.registry, core.navigation): a "Spending"
section and open data file for offices, a staff section, the body's feed (each month as it is
published) and a section of the body's home page (the latest month's total)."""

from __future__ import annotations

from openpcc.core.models import Body
from openpcc.core.navigation import register_open_data, register_section
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    BodyHomeSection,
    StaffSection,
    register_body_home_section,
    register_feed,
    register_staff_section,
)

from . import selectors

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})


def register() -> None:
    register_section(key="spending", label="Spending", url_name="spending:list", order=35, kinds=OFFICES)
    register_open_data(
        key="spending", label="spending over £500 (JSON)", url_name="spending:json", order=35, kinds=OFFICES
    )
    register_staff_section(
        StaffSection(
            label="Spending over £500", url_name="spending_staff:index", roles=EDIT_ROLES, order=35, kinds=OFFICES
        )
    )
    register_feed("spending", selectors.feed_entries)
    register_body_home_section(
        BodyHomeSection(
            key="spending", template="spending/_body_home.html", context=selectors.body_home_section, order=55
        )
    )
