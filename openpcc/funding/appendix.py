"""The staff appendix page's Word download (python-docx): a table of service, provider, funding
amount and period for the commissioned services, another for the grants awarded, each with its
total, and the total of both, to the penny. Built from ``selectors.appendix_get``, with every
record staff hold; the same figures as a full board paper, public records only unless for a
private meeting, are the paper kinds of ``funding.boardpapers`` (the board-paper generator)."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.shared import Pt

from openpcc.core.board_paper import money

from .boardpapers import GRANT_HEADINGS, period_text
from .boardpapers import SERVICE_HEADINGS as HEADINGS
from .models import pounds
from .selectors import Appendix, AppendixRow


def period(row: AppendixRow) -> str:
    return period_text(row.start, row.end)


def _table(doc, headings: tuple[str, ...], rows: list[AppendixRow], total_label: str, total) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = (
            row.name,
            row.provider,
            money(row.amount),
            period(row),
        )
    cells = table.add_row().cells
    cells[0].text, cells[2].text = total_label, money(total)
    for cell in (cells[0], cells[2]):
        for run in cell.paragraphs[0].runs:
            run.bold = True


def appendix_word(appendix: Appendix) -> bytes:
    doc = WordDocument()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading("Appendix", level=0)
    doc.add_paragraph(appendix.title)
    doc.add_paragraph(f"{appendix.body.display_name}. From the records on the day it was produced.")
    doc.add_heading("Services funded", level=1)
    if appendix.services:
        _table(doc, HEADINGS, appendix.services, "Total of services", appendix.services_total)
    else:
        doc.add_paragraph("No commissioned services in this period.")
    doc.add_heading("Grants awarded", level=1)
    if appendix.grants:
        _table(doc, GRANT_HEADINGS, appendix.grants, "Total of grants", appendix.grants_total)
    else:
        doc.add_paragraph("No grants awarded in this period.")
    doc.add_paragraph().add_run(f"Total funding: {money(appendix.total)} ({pounds(appendix.total)})").bold = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
