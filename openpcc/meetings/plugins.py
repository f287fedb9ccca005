"""What meetings and scrutiny plug into the shared apps (core.registry): the records that carry
papers, the dashboard's coming meetings, the body's feed of agendas and minutes, the staff
section and the golden thread."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from openpcc.core.golden_thread import register_priority_links
from openpcc.core.navigation import register_open_data, register_section
from openpcc.core.permissions import CLERK_ROLES, STAFF_ROLES
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
from openpcc.documents.selectors import papers_prefetch

from . import selectors
from .extensions import ItemSection, register_item_section
from .models import AgendaItem, Meeting, Report, papers_public_q, papers_withheld_q


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def _meeting_url(m: Meeting, anchor: str = "") -> str:
    return reverse("meetings:detail", args=[m.body.slug, m.pk]) + anchor


def register() -> None:
    register_paper_parent(
        PaperParent(
            key="report",
            model=Report,
            papers_public=Report.public_q,
            label=lambda r: f"Report: {r.title}",
            public_url=lambda r: reverse("meetings:report", args=[r.body.slug, r.pk]),
            staff_url=lambda r: (
                reverse("meetings_staff:report_edit", args=[r.body.slug, r.agenda_item.meeting_id, r.agenda_item_id])
                if r.agenda_item_id
                else None
            ),
            roles=CLERK_ROLES,
            affected_by={
                Report: lambda o: [o.pk],
                AgendaItem: lambda o: _ids(Report.objects.filter(agenda_item=o)),
                Meeting: lambda o: _ids(Report.objects.filter(agenda_item__meeting=o)),
            },
            date_path="agenda_item__meeting__date",
            related=("body", "agenda_item__meeting"),
            papers_withheld=lambda: papers_withheld_q("agenda_item__meeting__") | Q(agenda_item__is_exempt=True),
        )
    )
    register_paper_parent(
        PaperParent(
            key="item",
            model=AgendaItem,
            papers_public=AgendaItem.public_q,
            label=lambda i: f"Item {i.number}: {i.title} ({i.meeting})",
            public_url=lambda i: _meeting_url(i.meeting, f"#item-{i.pk}"),
            staff_url=lambda i: reverse("meetings_staff:item_edit", args=[i.meeting.body.slug, i.meeting_id, i.pk]),
            roles=CLERK_ROLES,
            affected_by={AgendaItem: lambda o: [o.pk], Meeting: lambda o: _ids(o.items.all())},
            date_path="meeting__date",
            related=("meeting__body", "meeting__committee"),
            papers_withheld=lambda: papers_withheld_q("meeting__") | Q(is_exempt=True),
        )
    )
    register_paper_parent(
        PaperParent(
            key="meeting",
            model=Meeting,
            papers_public=lambda: papers_public_q(""),
            label=str,
            public_url=_meeting_url,
            staff_url=lambda m: reverse("meetings_staff:meeting", args=[m.body.slug, m.pk]),
            roles=CLERK_ROLES,
            affected_by={Meeting: lambda o: [o.pk]},
            date_path="date",
            related=("body", "committee"),
            papers_withheld=lambda: papers_withheld_q(""),
        )
    )
    # an item's own papers, under the item (a report's are with the report)
    register_item_section(ItemSection(key="papers", prefetch=papers_prefetch, template="documents/_item_papers.html"))
    register_dashboard_panel(
        DashboardPanel(key="meetings", template="meetings/staff/_dashboard.html", context=selectors.dashboard_panel)
    )
    register_staff_section(
        StaffSection(
            label="Meetings, agendas, minutes and actions", url_name="meetings_staff:index", roles=STAFF_ROLES, order=20
        )
    )
    register_feed("meetings", selectors.feed_entries)
    register_body_home_section(
        BodyHomeSection(
            key="meetings", template="meetings/_body_home.html", context=selectors.body_home_section, order=20
        )
    )
    register_priority_links(selectors.priority_links)
    register_section(key="meetings", label="Meetings", url_name="meetings:list", order=20)
    register_section(key="actions", label="Action log", url_name="meetings:actions", order=30)
    register_section(key="work_programme", label="Work programme", url_name="meetings:work_programme", order=40)
    register_open_data(key="meetings", label="meetings (JSON)", url_name="meetings:json", order=20)
    register_open_data(key="actions", label="actions (JSON)", url_name="meetings:actions_json", order=30)
