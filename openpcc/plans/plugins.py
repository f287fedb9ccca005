"""What the Police and Crime Plan tracker plugs into the shared apps (core.registry): the
dashboard's rounds in progress, the staff section, the body's feed of delivery reports and its
public navigation."""

from __future__ import annotations

from openpcc.core.models import Body
from openpcc.core.navigation import register_open_data, register_section
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    BodyHomeSection,
    BodySummary,
    DashboardPanel,
    StaffSection,
    register_body_home_section,
    register_body_summary,
    register_dashboard_panel,
    register_feed,
    register_staff_section,
)

from . import selectors

# Panels scrutinise a commissioner's plan; they have none of their own.
PLAN_BODIES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})


def register() -> None:
    register_section(key="plan", label="Police and Crime Plan", url_name="plans:plan", order=10, kinds=PLAN_BODIES)
    register_open_data(key="plan", label="plan (JSON)", url_name="plans:plan_json", order=10, kinds=PLAN_BODIES)
    register_dashboard_panel(
        DashboardPanel(
            key="rounds", template="plans/staff/_dashboard.html", context=selectors.dashboard_panel, order=10
        )
    )
    register_staff_section(
        StaffSection(
            label="Police and Crime Plan and delivery rounds",
            url_name="plans_staff:index",
            roles=EDIT_ROLES,
            order=10,
            kinds=PLAN_BODIES,
        )
    )
    register_feed("plan-rounds", selectors.feed_entries)
    register_body_home_section(
        BodyHomeSection(key="plan", template="plans/_body_home.html", context=selectors.body_home_section, order=10)
    )
    register_body_summary(
        BodySummary(key="plan", template="plans/_home_line.html", context=selectors.body_summaries, order=10)
    )
