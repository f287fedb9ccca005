"""What funding plugs into the shared apps (core.registry): grants and contracts carry papers,
awards go to the body's feed and home page, draft grants and funds near their budget to the
dashboard, a staff section, a public section "Grants" for offices, open data, search and the
golden thread (grants and services on a plan priority's page)."""

from __future__ import annotations

from django.urls import reverse

from openpcc.core.golden_thread import register_priority_links
from openpcc.core.models import Body
from openpcc.core.navigation import register_open_data, register_section
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    BodyHomeSection,
    DashboardPanel,
    PaperParent,
    StaffSection,
    register_body_home_section,
    register_dashboard_panel,
    register_feed,
    register_paper_parent,
    register_staff_section,
)

from . import selectors
from .models import CommissionedService, Grant

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})


def register() -> None:
    register_section(key="funding", label="Grants", url_name="funding:list", order=50, kinds=OFFICES)
    register_open_data(key="grants", label="grants (JSON)", url_name="funding:json", order=50, kinds=OFFICES)
    register_open_data(
        key="services", label="commissioned services (JSON)", url_name="funding:services_json", order=51, kinds=OFFICES
    )
    register_open_data(
        key="grants-360giving",
        label="grants in 360Giving format (JSON)",
        url_name="funding:giving360_json",
        order=52,
        kinds=OFFICES,
    )
    register_paper_parent(
        PaperParent(
            key="grant",
            model=Grant,
            papers_public=Grant.public_q,
            label=lambda g: f"Grant: {g.title}",
            public_url=lambda g: reverse("funding:detail", args=[g.body.slug, g.pk]),
            staff_url=lambda g: reverse("funding_staff:grant", args=[g.body.slug, g.pk]),
            roles=EDIT_ROLES,
            affected_by={Grant: lambda o: [o.pk]},
            date_path="start_date",
            related=("body",),
        )
    )
    register_paper_parent(
        PaperParent(
            key="service",
            model=CommissionedService,
            papers_public=CommissionedService.public_q,
            label=lambda s: f"Contract: {s.name}",
            public_url=lambda s: reverse("funding:services", args=[s.body.slug]) + f"#service-{s.pk}",
            staff_url=lambda s: reverse("funding_staff:service_edit", args=[s.body.slug, s.pk]),
            roles=EDIT_ROLES,
            affected_by={CommissionedService: lambda o: [o.pk]},
            date_path="start_date",
            related=("body",),
        )
    )
    register_staff_section(
        StaffSection(
            label="Funds, grants, services and bids",
            url_name="funding_staff:index",
            roles=EDIT_ROLES,
            order=50,
            kinds=OFFICES,
        )
    )
    register_dashboard_panel(
        DashboardPanel(key="funding", template="funding/staff/_dashboard.html", context=selectors.dashboard_panel)
    )
    register_dashboard_panel(
        DashboardPanel(
            key="funding_returns",
            template="funding/staff/_returns_dashboard.html",
            context=selectors.returns_dashboard_panel,
        )
    )
    register_feed("grants", selectors.feed_entries)
    register_body_home_section(
        BodyHomeSection(
            key="funding", template="funding/_body_home.html", context=selectors.body_home_section, order=50
        )
    )
    register_priority_links(selectors.priority_links)
