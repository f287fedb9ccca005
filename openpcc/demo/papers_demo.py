"""Demo papers: a Word document for each report in the demo, written from the report's own fields
(the board-paper shape), and the Panel's agenda plan as a paper on the agenda item that has no
report. They go in through the documents service as the secretariat would upload them, so their
text is extracted (in the background worker, or at once where tasks run inline)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument

from openpcc.core.models import Body, User
from openpcc.documents import services as documents
from openpcc.meetings.models import AgendaItem, Report, WorkProgrammeItem

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SECTIONS = (
    ("Purpose", "purpose"),
    ("Recommendations", "recommendations"),
    ("Background", "background"),
    ("Key issues", "key_issues"),
    ("Implications", "implications"),
    ("Consultation", "consultation"),
    ("Next steps", "next_steps"),
)


def _docx(title: str, lines: list[tuple[str, str]]) -> bytes:
    """A Word document: a title, then (heading, text) sections; text splits into paragraphs by line."""
    doc = WordDocument()
    doc.add_heading(title, level=0)
    for heading, text in lines:
        if heading:
            doc.add_heading(heading, level=1)
        for paragraph in (p.strip() for p in text.splitlines()):
            if paragraph:
                doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:60] or "paper"


def _report_paper(report: Report) -> bytes:
    header = [
        ("", f"To: {report.to}" if report.to else ""),
        ("", f"From: {report.author}" if report.author else ""),
        ("", f"Date: {report.report_date:%-d %B %Y}" if report.report_date else ""),
    ]
    sections = [(heading, getattr(report, field)) for heading, field in SECTIONS if getattr(report, field)]
    if report.contact_officer:
        sections.append(("Contact officer", report.contact_officer))
    return _docx(report.title, header + sections)


def _agenda_plan_paper(item: AgendaItem) -> bytes:
    """The committee's planned meetings and their business, as the work programme holds them."""
    rows = (
        WorkProgrammeItem.objects.filter(committee=item.meeting.committee, meeting__date__gt=item.meeting.date)
        .select_related("meeting")
        .order_by("meeting__date", "order", "id")
    )
    sections: dict[str, list[str]] = {}
    for row in rows:
        sections.setdefault(f"{row.meeting.date:%-d %B %Y}", []).append(row.title)
    return _docx(
        f"{item.meeting.committee.name}: meeting dates and agenda plan",
        [(day, "\n".join(titles)) for day, titles in sections.items()],
    )


def load_papers(bodies: list[Body], user: User) -> int:
    """Attach the demo's papers; returns how many."""
    made = 0
    reports = Report.objects.filter(body__in=bodies, agenda_item__isnull=False).select_related("agenda_item__meeting")
    for report in reports.order_by("id"):
        name = f"{_slug(report.title)}.docx"
        upload = SimpleUploadedFile(name, _report_paper(report), content_type=WORD)
        documents.document_add(parent=report, upload=upload, user=user, title=f"Report: {report.title}")
        made += 1
    plans = AgendaItem.objects.filter(
        meeting__body__in=bodies, report__isnull=True, title__icontains="agenda plan"
    ).select_related("meeting__committee")
    for item in plans.order_by("id"):
        content = _agenda_plan_paper(item)
        upload = SimpleUploadedFile(f"agenda-plan-{item.meeting.date:%Y-%m-%d}.docx", content, content_type=WORD)
        documents.document_add(parent=item, upload=upload, user=user, title=f"Agenda plan ({item.meeting.date:%B %Y})")
        made += 1
    return made
