"""The board papers meetings write (core.registry.register_board_paper): a committee's action
log and its work programme. Both read the same selectors as the public pages, so a public paper
holds exactly what the public pages show."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    Heading,
    PaperContent,
    Paragraph,
    Section,
    Table,
    counted,
)
from openpcc.core.models import Body
from openpcc.core.permissions import CLERK_ROLES
from openpcc.core.registry import BoardPaperKind, PaperParam, register_board_paper

from . import selectors
from .models import Action, ActionUpdate, Committee

ACTION_HEADINGS = ("Action", "Raised at", "Action agreed", "Owner", "Due", "Status", "Latest update")


def _committees(*, body: Body, private: bool) -> list[tuple[str, str]]:
    return [(str(c.pk), c.name) for c in Committee.objects.for_body(body).order_by("name")]


def _committee(body: Body, values: dict) -> Committee:
    value = str(values.get("committee") or "")
    committee = Committee.objects.for_body(body).filter(pk=value).first() if value.isdigit() else None
    if committee is None:
        raise ValueError("committee: choose one of this body's committees.")
    return committee


def _site() -> str:
    return settings.OPENPCC_SITE_URL.rstrip("/")


def committee_actions(*, body: Body, committee: Committee, private: bool) -> list[Action]:
    """The committee's actions with their updates: those the public action log shows, or (for a
    private meeting) every one, exempt items' included."""
    qs = Action.objects.for_body(body).filter(committee=committee)
    updates = ActionUpdate.objects.all()
    if not private:
        qs, updates = qs.published(), updates.published()
    return list(
        qs.select_related("meeting")
        .prefetch_related(Prefetch("updates", queryset=updates.order_by("date", "id")))
        .order_by("status", "number")
    )


def build_action_log(*, body: Body, values: dict, private: bool) -> PaperContent:
    committee = _committee(body, values)
    actions = committee_actions(body=body, committee=committee, private=private)
    today = timezone.localdate()
    rows = []
    for a in actions:
        latest = list(a.updates.all())[-1:] or None
        status = a.get_status_display()
        if a.status == Action.Status.OPEN and a.due_date and a.due_date < today:
            status = "Open, overdue"
        elif a.status == Action.Status.CLOSED and a.closed_on:
            status = f"Closed {a.closed_on:%-d %B %Y}"
        update = f"{latest[0].date:%-d %B %Y}: {latest[0].text}" if latest else a.closing_note
        rows.append(
            (
                str(a.number),
                f"{a.meeting.date:%-d %B %Y}",
                a.text,
                a.owner,
                f"{a.due_date:%-d %B %Y}" if a.due_date else "",
                status,
                update,
            )
        )
    counts = Counter(r[5].split(",")[0].split(" ")[0] for r in rows)
    overdue = sum(1 for r in rows if r[5] == "Open, overdue")
    return PaperContent(
        title=f"{committee.name}: action log",
        purpose=f"To report progress on the actions agreed at meetings of the {committee.name}.",
        recommendations=("To note the progress on the actions and agree which may be closed.",),
        sections=(
            Section(
                "Summary",
                (
                    Paragraph(
                        f"The log holds {counted(len(rows), 'action')}: {counts.get('Open', 0)} open "
                        f"({overdue} past their due date) and {counts.get('Closed', 0)} closed. "
                        "They are listed at Appendix 1, open actions first."
                    ),
                ),
            ),
        ),
        appendices=(
            Appendix(
                f"{committee.name}: action log",
                (Table(f"Actions of the {committee.name}", ACTION_HEADINGS, tuple(rows)),)
                if rows
                else (Paragraph("No actions are recorded."),),
            ),
        ),
        background_documents=(
            BackgroundDocument("Action log (web page)", _site() + reverse("meetings:actions", args=[body.slug])),
        ),
        suggested_to=committee.name,
    )


def build_work_programme(*, body: Body, values: dict, private: bool) -> PaperContent:
    committee = _committee(body, values)
    blocks = selectors.work_programme_list(body=body, public=not private, committee=committee.slug)
    block = next((b for b in blocks if b.committee.pk == committee.pk), None)
    content: list = []
    planned = 0
    for meeting, items in block.meetings if block else []:
        # the block's committee, not meeting.committee: a query per meeting otherwise
        content.append(Heading(f"{meeting.title or block.committee.name}, {meeting.date:%-d %B %Y}"))
        if items:
            planned += len(items)
            content.append(
                Table(
                    f"Items planned for {meeting.date:%-d %B %Y}",
                    ("Item", "Responsible", "Notes"),
                    tuple((i.title, i.responsible, i.notes) for i in items),
                )
            )
        else:
            content.append(Paragraph("No items planned yet."))
    topics = block.possible_topics if block else []
    if topics:
        content.append(Heading("Possible topics for future meetings"))
        content.append(
            Table(
                "Possible topics",
                ("Topic", "Responsible", "Notes"),
                tuple((i.title, i.responsible, i.notes) for i in topics),
            )
        )
    meetings = len(block.meetings) if block else 0
    return PaperContent(
        title=f"{committee.name}: work programme",
        purpose=f"To set out the work programme of the {committee.name} for its coming meetings.",
        recommendations=("To note the work programme and suggest items for future meetings.",),
        sections=(
            Section(
                "Summary",
                (
                    Paragraph(
                        f"{counted(planned, 'item')} planned for {counted(meetings, 'coming meeting')}, and "
                        f"{counted(len(topics), 'possible topic')} for later meetings. The programme is at Appendix 1."
                    ),
                ),
            ),
        ),
        appendices=(
            Appendix(f"{committee.name}: work programme", tuple(content) or (Paragraph("Nothing is planned yet."),)),
        ),
        background_documents=(
            BackgroundDocument(
                "Work programme (web page)", _site() + reverse("meetings:work_programme", args=[body.slug])
            ),
        ),
        suggested_to=committee.name,
    )


def register() -> None:
    param = PaperParam("committee", "Committee", choices=_committees)
    register_board_paper(
        BoardPaperKind(
            key="action-log",
            title="Action log",
            description="A committee's actions: what was agreed, by whom, when due, its status and latest update.",
            build=build_action_log,
            params=(param,),
            roles=CLERK_ROLES,
            order=30,
        )
    )
    register_board_paper(
        BoardPaperKind(
            key="work-programme",
            title="Work programme",
            description="A committee's coming meetings with the items planned for each, and possible topics.",
            build=build_work_programme,
            params=(param,),
            roles=CLERK_ROLES,
            order=40,
        )
    )
