"""One renderer, three outputs: a board paper (core.board_paper.Paper) as an accessible HTML
page, an editable Word document (python-docx) and a PDF made from the same HTML (WeasyPrint),
tagged for accessibility, with bookmarks, a contents list and "Page N of M" in the footer."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.text import slugify

from openpcc.core.board_paper import (
    Block,
    BulletList,
    Heading,
    Paper,
    Paragraph,
    StatusKey,
    Table,
)

PRINT_CSS = Path(__file__).with_name("print.css")
# XML 1.0 cannot hold most control characters; a record's text may (pasted from elsewhere).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


def _table_view(table: Table) -> dict:
    return {
        "t": "table",
        "caption": table.caption,
        "headings": table.headings,
        "row_headings": table.row_headings,
        "rows": [(row[0] if row else "", row[1:]) for row in table.rows],
    }


def _blocks_view(blocks: tuple[Block, ...], number: int | None) -> list[dict]:
    """The template's view of blocks: paragraphs numbered ``number.n`` in a section (not in an
    appendix); a status key is a two-column table."""
    out: list[dict] = []
    n = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            n += 1
            out.append({"t": "p", "number": f"{number}.{n}" if number else "", "text": block.text})
        elif isinstance(block, Heading):
            out.append({"t": "h", "text": block.text})
        elif isinstance(block, BulletList):
            out.append({"t": "ul", "items": block.items})
        elif isinstance(block, StatusKey):
            out.append(_table_view(Table(block.caption, ("Status", "Meaning"), block.entries)))
        elif isinstance(block, Table):
            out.append(_table_view(block))
    return out


def paper_view(paper: Paper, *, level: int = 1) -> dict:
    """The context the paper's HTML is written from. ``level`` is the heading level of the paper's
    title (1 standing alone, as in the PDF; 2 inside a staff page that has its own h1)."""
    sections = [
        {"id": f"section-{n}", "number": n, "title": title, "blocks": _blocks_view(blocks, n)}
        for n, title, blocks in paper.numbered_sections()
    ]
    appendices = [
        {"id": f"appendix-{n}", "number": n, "title": a.title, "blocks": _blocks_view(a.blocks, None)}
        for n, a in enumerate(paper.content.appendices, 1)
    ]
    f = paper.frame
    frame_rows = [("To", f.to), ("From", f.author), ("Date", f"{f.date:%-d %B %Y}")]
    if f.contact_officer:
        frame_rows.append(("Contact officer", f.contact_officer))
    return {
        "paper": paper,
        "title": paper.content.title,
        "frame": f,
        "frame_rows": frame_rows,
        "sections": sections,
        "appendices": appendices,
        "h1": f"h{level}",
        "h2": f"h{level + 1}",
        "h3": f"h{level + 2}",
    }


def paper_html(paper: Paper, *, level: int = 2) -> str:
    """The paper as an HTML fragment, for a page that has its own h1 (the staff preview)."""
    return render_to_string("boardpapers/_paper.html", paper_view(paper, level=level))


def paper_document(paper: Paper) -> str:
    """The paper as a whole HTML document: what the PDF is made from."""
    return render_to_string("boardpapers/document.html", paper_view(paper, level=1))


def paper_pdf(paper: Paper) -> bytes:
    """The PDF of ``paper_document``: PDF/UA-1 (tagged, with the document's title and language),
    bookmarks from its headings, its contents list with page numbers, "Page N of M"."""
    from weasyprint import CSS, HTML  # imported here: it loads pango, which pages never need

    html = HTML(string=paper_document(paper), base_url=str(PRINT_CSS.parent))
    return html.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1")


# --- Word ------------------------------------------------------------------------------------------


def _docx_fields(paragraph, code: str, shown: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES, TOC ...) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        else:
            el = OxmlElement("w:t")
            el.text = shown
        run._r.append(el)


def _docx_text(paragraph, text: str, *, bold: bool = False) -> None:
    lines = clean(text).split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold or None
        if i < len(lines) - 1:
            run.add_break()


def _docx_table(doc, view: dict) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    caption = doc.add_paragraph(style="Caption")
    _docx_text(caption, view["caption"])
    headings = view["headings"]
    table = doc.add_table(rows=1 + len(view["rows"]), cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    # the header row repeats on every page and is marked as a header for assistive technology
    tr_pr = header._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)
    for cell, text in zip(header.cells, headings, strict=True):
        _docx_text(cell.paragraphs[0], text, bold=True)
    for row, (first, rest) in zip(table.rows[1:], view["rows"], strict=True):
        cells = row.cells
        _docx_text(cells[0].paragraphs[0], first, bold=view["row_headings"])
        for cell, text in zip(cells[1:], rest, strict=False):
            _docx_text(cell.paragraphs[0], text)
    doc.add_paragraph()


def _docx_blocks(doc, blocks: list[dict], heading_level: int) -> None:
    from docx.shared import Cm

    for b in blocks:
        if b["t"] == "p":
            p = doc.add_paragraph()
            if b["number"]:
                p.paragraph_format.left_indent = Cm(1.25)
                p.paragraph_format.first_line_indent = Cm(-1.25)
                p.add_run(f"{b['number']}\t")
            _docx_text(p, b["text"])
        elif b["t"] == "h":
            doc.add_heading(clean(b["text"]), level=heading_level)
        elif b["t"] == "ul":
            for item in b["items"]:
                _docx_text(doc.add_paragraph(style="List Bullet"), item)
        elif b["t"] == "table":
            _docx_table(doc, b)


def paper_docx(paper: Paper) -> bytes:
    """The paper as a Word document staff can still edit: real headings (the navigation pane and
    the contents field use them), real tables with a repeating header row, numbered paragraphs,
    the marking in the header and "Page N of M" in the footer; appendices on landscape pages."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    view = paper_view(paper, level=1)
    f = paper.frame
    doc = Document()
    doc.core_properties.title = clean(paper.content.title)
    doc.core_properties.author = clean(f.body_name)
    doc.core_properties.subject = clean(f.classification)
    doc.core_properties.language = "en-GB"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    def furnish(section) -> None:
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        section.header.paragraphs[0].text = clean(f.classification)
        foot = section.footer.paragraphs[0]
        foot.text = ""
        foot.add_run(f"{clean(f.classification)}    Page ")
        _docx_fields(foot, "PAGE")
        foot.add_run(" of ")
        _docx_fields(foot, "NUMPAGES")

    furnish(doc.sections[0])
    _docx_text(doc.add_paragraph(), f.classification, bold=True)
    _docx_text(doc.add_paragraph(), f.body_name)
    doc.add_heading(clean(paper.content.title), level=1)
    for label, value in view["frame_rows"]:
        p = doc.add_paragraph()
        _docx_text(p, f"{label}: ", bold=True)
        _docx_text(p, value)
    doc.add_heading("Contents", level=2)
    _docx_fields(
        doc.add_paragraph(),
        'TOC \\o "2-2" \\h \\z \\u',
        "The contents list: update this field to fill it in (in Word, right-click it and choose Update Field).",
    )
    for s in view["sections"]:
        doc.add_heading(f"{s['number']}. {clean(s['title'])}", level=2)
        _docx_blocks(doc, s["blocks"], 3)
    for a in view["appendices"]:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        if section.page_width < section.page_height:
            section.page_width, section.page_height = section.page_height, section.page_width
        doc.add_heading(f"Appendix {a['number']}: {clean(a['title'])}", level=2)
        _docx_blocks(doc, a["blocks"], 3)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def paper_filename(paper: Paper, extension: str) -> str:
    stem = slugify(f"{paper.content.title} {paper.frame.date:%Y-%m-%d}")[:90] or "paper"
    return f"{stem}.{extension}"
