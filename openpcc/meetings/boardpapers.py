"""The board papers meetings write (core.registry.register_board_paper): a committee's action
log and its work programme. Both read the same selectors as the public pages, so a public paper
holds exactly what the public pages show. And the meetings' section of the annual report
(core.registry.register_annual_report_section): meetings held, questions asked, actions agreed."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    Block,
    Heading,
    PaperContent,
    Paragraph,
    Section,
    Table,
    counted,
    financial_year_of,
)
from openpcc.core.models import Body
from openpcc.core.permissions import CLERK_ROLES
from openpcc.core.registry import (
    AnnualReportSection,
    BoardPaperKind,
    PaperParam,
    register_annual_report_section,
    register_board_paper,
)

from . import selectors
from .models import Action, ActionUpdate, Committee, Meeting, Question

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


def _committee_paper(
    body: Body,
    committee: Committee,
    *,
    what: str,
    purpose: str,
    recommendation: str,
    summary: str,
    blocks: tuple,
    url_name: str,
) -> PaperContent:
    """A committee's paper in the one frame both meetings papers share: a summary section, the
    record itself at Appendix 1 and the public web page it comes from as background."""
    return PaperContent(
        title=f"{committee.name}: {what}",
        purpose=purpose,
        recommendations=(recommendation,),
        sections=(Section("Summary", (Paragraph(summary),)),),
        appendices=(Appendix(f"{committee.name}: {what}", blocks),),
        background_documents=(
            BackgroundDocument(
                f"{what[0].upper()}{what[1:]} (web page)", _site() + reverse(url_name, args=[body.slug])
            ),
        ),
        suggested_to=committee.name,
    )


def _items_table(caption: str, items) -> Table:
    return Table(caption, ("Item", "Responsible", "Notes"), tuple((i.title, i.responsible, i.notes) for i in items))


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
    return _committee_paper(
        body,
        committee,
        what="action log",
        purpose=f"To report progress on the actions agreed at meetings of the {committee.name}.",
        recommendation="To note the progress on the actions and agree which may be closed.",
        summary=f"The log holds {counted(len(rows), 'action')}: {counts.get('Open', 0)} open "
        f"({overdue} past their due date) and {counts.get('Closed', 0)} closed. "
        "They are listed at Appendix 1, open actions first.",
        blocks=(Table(f"Actions of the {committee.name}", ACTION_HEADINGS, tuple(rows)),)
        if rows
        else (Paragraph("No actions are recorded."),),
        url_name="meetings:actions",
    )


def build_work_programme(*, body: Body, values: dict, private: bool) -> PaperContent:
    committee = _committee(body, values)
    blocks = selectors.work_programme_list(body=body, public=not private, committee=committee.slug)
    block = next((b for b in blocks if b.committee.pk == committee.pk), None)
    content: list[Block] = []
    planned = 0
    for meeting, items in block.meetings if block else []:
        # the block's committee, not meeting.committee: a query per meeting otherwise
        content.append(Heading(f"{meeting.title or block.committee.name}, {meeting.date:%-d %B %Y}"))
        if items:
            planned += len(items)
            content.append(_items_table(f"Items planned for {meeting.date:%-d %B %Y}", items))
        else:
            content.append(Paragraph("No items planned yet."))
    topics = block.possible_topics if block else []
    if topics:
        content += [Heading("Possible topics for future meetings"), _items_table("Possible topics", topics)]
    meetings = len(block.meetings) if block else 0
    return _committee_paper(
        body,
        committee,
        what="work programme",
        purpose=f"To set out the work programme of the {committee.name} for its coming meetings.",
        recommendation="To note the work programme and suggest items for future meetings.",
        summary=f"{counted(planned, 'item')} planned for {counted(meetings, 'coming meeting')}, and "
        f"{counted(len(topics), 'possible topic')} for later meetings. The programme is at Appendix 1.",
        blocks=tuple(content) or (Paragraph("Nothing is planned yet."),),
        url_name="meetings:work_programme",
    )


# --- the annual report's section --------------------------------------------------------------------


def annual_meetings(*, body: Body, start: date, end: date, private: bool) -> tuple:
    """Per committee, the meetings held in the financial year (to today, none cancelled), the
    questions asked at them and the actions agreed: those the public pages show, or every one for a
    private meeting's report. Four queries."""
    last = min(end, timezone.localdate())
    meetings = (
        Meeting.objects.for_body(body).filter(date__gte=start, date__lte=last).exclude(status=Meeting.Status.CANCELLED)
    )
    questions = Question.objects.for_body(body).filter(item__meeting__date__gte=start, item__meeting__date__lte=last)
    actions = Action.objects.for_body(body).filter(meeting__date__gte=start, meeting__date__lte=last)
    closed = Action.objects.for_body(body).filter(closed_on__gte=start, closed_on__lte=end)
    if not private:
        meetings, questions, actions, closed = (q.published() for q in (meetings, questions, actions, closed))

    def by_committee(qs, path: str) -> dict[str, int]:
        return dict(qs.order_by().values_list(f"{path}__name").annotate(n=Count("id")))

    held = by_committee(meetings, "committee")
    asked = by_committee(questions, "item__meeting__committee")
    agreed = by_committee(actions, "committee")
    closed_n = closed.count()
    names = sorted(set(held) | set(asked) | set(agreed))
    if not names:
        return ()
    total = (sum(held.values()), sum(asked.values()), sum(agreed.values()))
    rows = [(n, str(held.get(n, 0)), str(asked.get(n, 0)), str(agreed.get(n, 0))) for n in names]
    rows.append(("Total", *(str(t) for t in total)))
    return (
        Paragraph(
            f"{counted(total[0], 'meeting was', 'meetings were')} held, at which "
            f"{counted(total[1], 'question was', 'questions were')} asked and "
            f"{counted(total[2], 'action was', 'actions were')} agreed; "
            f"{counted(closed_n, 'action was', 'actions were')} closed in the year."
        ),
        Table(
            "Meetings, questions and actions by committee",
            ("Committee", "Meetings held", "Questions asked", "Actions agreed"),
            tuple(rows),
        ),
    )


def annual_meeting_years(*, body: Body, private: bool) -> set[int]:
    meetings = Meeting.objects.for_body(body).exclude(status=Meeting.Status.CANCELLED)
    meetings = meetings if private else meetings.published()
    return {financial_year_of(d) for d in meetings.dates("date", "month")}


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
    register_annual_report_section(
        AnnualReportSection(
            key="meetings",
            title="Meetings, questions and actions",
            build=annual_meetings,
            years=annual_meeting_years,
            order=20,
        )
    )
