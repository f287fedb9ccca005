"""What decision records plug into the shared apps (core.registry): decisions carry papers, add
to the body's feed, have a staff section, a public section and golden-thread links."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from openpcc.core.golden_thread import register_priority_links
from openpcc.core.models import Body
from openpcc.core.navigation import register_open_data, register_section
from openpcc.core.permissions import CLERK_ROLES, EDIT_ROLES
from openpcc.core.registry import (
    PaperParent,
    StaffSection,
    register_feed,
    register_paper_parent,
    register_staff_section,
)
from openpcc.meetings.extensions import ItemSection, MeetingAction, register_item_section, register_meeting_action

from . import selectors
from .models import Decision, Notification

OFFICES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})


def register() -> None:
    register_section(key="decisions", label="Decisions", url_name="decisions:list", order=15, kinds=OFFICES)
    register_open_data(key="decisions", label="decisions (JSON)", url_name="decisions:json", order=15, kinds=OFFICES)
    register_priority_links(selectors.priority_links)
    register_paper_parent(
        PaperParent(
            key="decision",
            model=Decision,
            papers_public=Decision.public_q,
            label=str,
            public_url=lambda d: reverse("decisions:detail", args=[d.body.slug, d.reference_slug]),
            staff_url=lambda d: reverse("decisions_staff:detail", args=[d.body.slug, d.pk]),
            roles=CLERK_ROLES,
            affected_by={Decision: lambda o: [o.pk]},
            date_path="decision_date",
            related=("body",),
        )
    )
    register_staff_section(
        StaffSection(
            label="Decision records", url_name="decisions_staff:index", roles=EDIT_ROLES, order=15, kinds=OFFICES
        )
    )
    register_feed("decisions", selectors.feed_entries)
    # "Decisions by the Commissioner" on a panel's meeting pages
    register_item_section(
        ItemSection(
            key="decision-notifications",
            prefetch=lambda: Prefetch(
                "decision_notifications",
                # a decision is only ever notified once published
                queryset=Notification.objects.select_related("decision__body").order_by(
                    "decision__decision_date", "decision__reference"
                ),
            ),
            template="decisions/_item_notifications.html",
        )
    )
    register_meeting_action(
        MeetingAction(
            label="Decisions by the Commissioner",
            url_name="decisions_staff:notify",
            shown=lambda meeting, body: bool(body.scrutinises_id),
        )
    )
