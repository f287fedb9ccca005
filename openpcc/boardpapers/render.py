"""One renderer, three outputs: a board paper (core.board_paper.Paper) as an accessible HTML
page, an editable Word document (python-docx, or docxtpl filling an office's own .docx template)
and a PDF made from the same HTML (WeasyPrint), tagged for accessibility, with bookmarks, a
contents list and "Page N of M" in the footer.

Each output can wear a body's paper style (``PaperLook``: logo, heading and accent colours, a font
installed on the machine, footer text). Its values are checked when the body's administrator saves
them (boardpapers.style_services) and again here: a colour that is not ``#rrggbb`` or a font name
with anything but letters, digits, spaces and hyphens is dropped, so nothing a person typed ever
reaches a stylesheet as CSS."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
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
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A font family's name as fontconfig lists it: letters, digits, spaces and hyphens only.
SAFE_FONT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,79}$")
HOUSE_FONT = "Arial"  # the house style's first choice; the stack falls back to what is installed
FONT_STACK = 'Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
LOGO_HEIGHT_PX = 60  # the logo's height on the page (its width keeps its proportions)
# What an office's Word template may ask for, by name (docxtpl placeholders such as {{ title }});
# ``{{p content }}`` (a paragraph of its own) is where the paper's sections and appendices go.
TEMPLATE_FIELDS = {
    "title": "the paper's title",
    "body_name": "the body's name",
    "to": "whom the paper goes to",
    "author": "whom it is from",
    "date": "its date, e.g. 21 September 2017",
    "contact_officer": "the contact officer",
    "classification": "its marking",
    "footer": "the footer text of the body's paper style",
    "logo": "the body's logo, as a picture",
    "content": "the paper itself (use {{p content }} in a paragraph of its own)",
}


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "")


@dataclass(frozen=True)
class PaperLook:
    """A body's paper style, as the renderer uses it (blank values: the house style). Built by
    boardpapers.style_selectors.paper_look_for from the saved style."""

    heading_colour: str = ""
    accent_colour: str = ""
    font_family: str = ""
    footer: str = ""
    logo: bytes = b""
    logo_type: str = ""  # image/png or image/jpeg
    logo_width: int = 0
    logo_height: int = 0
    word_template: bytes = b""

    @property
    def heading(self) -> str:
        return self.heading_colour.lower() if HEX_COLOUR.match(self.heading_colour or "") else ""

    @property
    def accent(self) -> str:
        return self.accent_colour.lower() if HEX_COLOUR.match(self.accent_colour or "") else ""

    @property
    def font(self) -> str:
        return self.font_family if SAFE_FONT.match(self.font_family or "") else ""

    @property
    def has_logo(self) -> bool:
        return bool(self.logo) and self.logo_type in ("image/png", "image/jpeg")

    @property
    def styled(self) -> bool:
        return bool(self.heading or self.accent or self.font or self.footer or self.has_logo)

    def logo_size(self, height: int = LOGO_HEIGHT_PX) -> tuple[int, int]:
        if not (self.logo_width and self.logo_height):
            return (height, height)
        return (max(1, round(height * self.logo_width / self.logo_height)), height)


PLAIN = PaperLook()


def look_css(look: PaperLook, *, pdf: bool = False) -> str:
    """The stylesheet of a paper style, written only from checked values. On screen it styles the
    paper inside a page (``.opcc-paper--styled``); for the PDF it also sets the page margins' font."""
    rules: list[str] = []
    font = f'"{look.font}", {FONT_STACK}' if look.font else ""
    scope = ".opcc-paper--styled"
    if font:
        rules.append(f"{scope} {{ font-family: {font}; }}")
        if pdf:
            rules.append(f"html {{ font-family: {font}; }}")
            rules.append(
                "@page { "
                + " ".join(
                    f"@{box} {{ font-family: {font}; }}"
                    for box in ("top-center", "bottom-left", "bottom-center", "bottom-right")
                )
                + " }"
            )
    if look.heading:
        rules.append(
            f"{scope} .opcc-paper__title, {scope} h1, {scope} h2, {scope} h3, {scope} h4, {scope} h5 "
            f"{{ color: {look.heading}; }}"
        )
    if look.accent:
        rules.append(f"{scope} thead th {{ background: {look.accent}; color: #ffffff; }}")
        rules.append(f"{scope} .opcc-paper__frame div {{ border-bottom: 2px solid {look.accent}; }}")
        rules.append(f"{scope} .opcc-paper__marking {{ border-bottom: 2px solid {look.accent}; }}")
    rules.append(f"{scope} .opcc-paper__logo {{ display: block; max-width: 100%; height: auto; margin: 0 0 10px; }}")
    if pdf:
        rules.append(f"{scope} .opcc-paper__logo {{ max-height: 18mm; width: auto; }}")
    return "\n".join(rules) + "\n"


def _look_view(look: PaperLook) -> dict:
    logo = ""
    if look.has_logo:
        logo = f"data:{look.logo_type};base64,{base64.b64encode(look.logo).decode('ascii')}"
    width, height = look.logo_size()
    return {
        "styled": look.styled,
        "logo": logo,
        "logo_width": width,
        "logo_height": height,
        "footer": clean(look.footer),
    }


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


def paper_view(paper: Paper, *, level: int = 1, look: PaperLook | None = None) -> dict:
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
        "look": _look_view(look or PLAIN),
        "h1": f"h{level}",
        "h2": f"h{level + 1}",
        "h3": f"h{level + 2}",
    }


def paper_html(paper: Paper, *, level: int = 2, look: PaperLook | None = None) -> str:
    """The paper as an HTML fragment, for a page that has its own h1 (the staff preview). In a
    body's style, the page links ``look_css`` (the paper style's stylesheet) for its colours."""
    return render_to_string("boardpapers/_paper.html", paper_view(paper, level=level, look=look))


def paper_document(paper: Paper, *, look: PaperLook | None = None) -> str:
    """The paper as a whole HTML document: what the PDF is made from."""
    return render_to_string("boardpapers/document.html", paper_view(paper, level=1, look=look))


def paper_pdf(paper: Paper, *, look: PaperLook | None = None) -> bytes:
    """The PDF of ``paper_document``: PDF/UA-1 (tagged, with the document's title and language),
    bookmarks from its headings, its contents list with page numbers, "Page N of M"; in a body's
    style, its logo, colours, font and footer."""
    from weasyprint import CSS, HTML  # imported here: it loads pango, which pages never need

    look = look or PLAIN
    html = HTML(string=paper_document(paper, look=look), base_url=str(PRINT_CSS.parent))
    stylesheets = [_print_css()]
    if look.styled:
        stylesheets.append(CSS(string=look_css(look, pdf=True)))
    return html.write_pdf(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


_PRINT_CSS_PARSED: list = []


def _print_css():
    """print.css, parsed once a process (it never changes while the process runs)."""
    if not _PRINT_CSS_PARSED:
        from weasyprint import CSS

        _PRINT_CSS_PARSED.append(CSS(filename=str(PRINT_CSS)))
    return _PRINT_CSS_PARSED[0]


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


def _docx_table(doc, view: dict, accent: str = "") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

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
        if accent:  # the style's accent behind white text (its contrast was checked when saved)
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:color"), "auto")
            shade.set(qn("w:fill"), accent[1:].upper())
            cell._tc.get_or_add_tcPr().append(shade)
            for run in cell.paragraphs[0].runs:
                run.font.color.rgb = RGBColor.from_string("FFFFFF")
    for row, (first, rest) in zip(table.rows[1:], view["rows"], strict=True):
        cells = row.cells
        _docx_text(cells[0].paragraphs[0], first, bold=view["row_headings"])
        for cell, text in zip(cells[1:], rest, strict=False):
            _docx_text(cell.paragraphs[0], text)
    doc.add_paragraph()


def _docx_blocks(doc, blocks: list[dict], heading_level: int, accent: str = "") -> None:
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
            _docx_table(doc, b, accent)


def _docx_font(style, font: str) -> None:
    """Give a Word style ``font`` for every script, dropping the theme fonts that would win over it."""
    from docx.oxml.ns import qn

    style.font.name = font
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _docx_styles(doc, look: PaperLook) -> None:
    """The house font (or the style's) and, in a body's style, its heading colour. Styles a Word
    template lacks are added, so the paper's headings, captions and lists always have theirs."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = doc.styles
    names = {s.name for s in styles}
    for name, kind in (
        ("Heading 1", WD_STYLE_TYPE.PARAGRAPH),
        ("Heading 2", WD_STYLE_TYPE.PARAGRAPH),
        ("Heading 3", WD_STYLE_TYPE.PARAGRAPH),
        ("Caption", WD_STYLE_TYPE.PARAGRAPH),
        ("List Bullet", WD_STYLE_TYPE.PARAGRAPH),
        ("Table Grid", WD_STYLE_TYPE.TABLE),
    ):
        if name not in names:
            added = styles.add_style(name, kind)
            if name.startswith("Heading"):
                added.base_style = styles["Normal"]
                added.font.bold = True
                added.font.size = Pt({"1": 18, "2": 14, "3": 12}[name[-1]])
                outline = OxmlElement("w:outlineLvl")  # what the contents field and navigation use
                outline.set(qn("w:val"), str(int(name[-1]) - 1))
                added.element.get_or_add_pPr().append(outline)
    if look.word_template and not look.font:
        return  # the office's template keeps its own fonts and colours (unless a font is chosen)
    font = look.font or HOUSE_FONT
    normal = styles["Normal"]
    _docx_font(normal, font)
    if not look.word_template:
        normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        if name in names or name.startswith("Heading"):
            style = styles[name]
            _docx_font(style, font)
            if look.heading and name != "Caption" and not look.word_template:
                style.font.color.rgb = RGBColor.from_string(look.heading[1:].upper())


def _docx_logo(paragraph, look: PaperLook, alt: str) -> None:
    from docx.shared import Cm

    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(look.logo), height=Cm(1.5))
    shape._inline.docPr.set("descr", alt)  # the picture's alternative text


def _docx_body(doc, paper: Paper, view: dict, look: PaperLook, *, sections: bool) -> None:
    """The paper from its marking to its last appendix. With ``sections``, each appendix is a
    landscape section of its own (``furnish`` gives it the header and footer); otherwise (inside
    an office's template) it starts on a new page."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    f = paper.frame
    accent = look.accent
    if not look.word_template:
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
        _docx_blocks(doc, s["blocks"], 3, accent)
    for a in view["appendices"]:
        if sections:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
            section.orientation = WD_ORIENT.LANDSCAPE
            if section.page_width < section.page_height:
                section.page_width, section.page_height = section.page_height, section.page_width
        else:
            doc.add_page_break()
        doc.add_heading(f"Appendix {a['number']}: {clean(a['title'])}", level=2)
        _docx_blocks(doc, a["blocks"], 3, accent)


def _docx_properties(doc, paper: Paper) -> None:
    props = doc.core_properties
    props.title = clean(paper.content.title)
    props.author = clean(paper.frame.body_name)
    props.subject = clean(paper.frame.classification)
    props.language = "en-GB"


def paper_docx(paper: Paper, *, look: PaperLook | None = None) -> bytes:
    """The paper as a Word document staff can still edit: real headings (the navigation pane and
    the contents field use them), real tables with a repeating header row, numbered paragraphs,
    the marking in the header and "Page N of M" in the footer; appendices on landscape pages.
    In a body's style: its font and heading colour, its logo in the header, its footer text, its
    accent behind the tables' header rows; with the office's own Word template, the paper is
    written into that template instead (``paper_docx_from_template``)."""
    look = look or PLAIN
    if look.word_template:
        return paper_docx_from_template(paper, look=look)
    from docx import Document

    view = paper_view(paper, level=1)
    f = paper.frame
    doc = Document()
    _docx_properties(doc, paper)
    _docx_styles(doc, look)
    marking = clean(f.classification)
    footer = clean(look.footer)

    def furnish(section) -> None:
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        head = section.header.paragraphs[0]
        if look.has_logo:
            _docx_logo(head, look, f"{clean(f.body_name)} logo")
            head = section.header.add_paragraph()
        head.text = marking
        foot = section.footer.paragraphs[0]
        if footer:
            foot.text = footer
            foot = section.footer.add_paragraph()
        foot.text = ""
        foot.add_run(f"{marking}    Page ")
        _docx_fields(foot, "PAGE")
        foot.add_run(" of ")
        _docx_fields(foot, "NUMPAGES")

    furnish(doc.sections[0])
    _docx_body(doc, paper, view, look, sections=True)
    for section in doc.sections[1:]:
        furnish(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class TemplateProblem(ValueError):
    """An office's Word template that cannot be filled: the message says why, in words."""


def template_fields(data: bytes) -> set[str]:
    """The placeholders an office's Word template asks for (raises TemplateProblem if it is not a
    Word document or its placeholders cannot be read)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        return set(DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(jinja_env=_template_env()))
    except TemplateError as exc:
        raise TemplateProblem(f"a placeholder cannot be read ({exc}).") from exc
    except Exception as exc:  # python-docx or the zip reader: not a Word document
        raise TemplateProblem("it is not a Word document (.docx) that can be opened.") from exc


def _template_env():
    """A sandboxed Jinja environment: a template's placeholders can read the values given to them
    and nothing else (no attributes of Python objects), and their text is escaped for XML."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def paper_docx_from_template(paper: Paper, *, look: PaperLook) -> bytes:
    """The paper written into an office's own Word template with docxtpl: the template keeps its
    page setup, styles, headers and footers; its placeholders (``TEMPLATE_FIELDS``) are filled,
    and ``{{p content }}`` becomes the paper's contents, sections and appendices."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError

    view = paper_view(paper, level=1)
    f = paper.frame
    tpl = DocxTemplate(io.BytesIO(look.word_template))
    try:
        doc = tpl.get_docx()
    except Exception as exc:
        raise TemplateProblem("it is not a Word document (.docx) that can be opened.") from exc
    _docx_styles(doc, look)
    content = tpl.new_subdoc()
    _docx_body(content, paper, view, look, sections=False)
    context = {
        "title": clean(paper.content.title),
        "body_name": clean(f.body_name),
        "to": clean(f.to),
        "author": clean(f.author),
        "date": f"{f.date:%-d %B %Y}",
        "contact_officer": clean(f.contact_officer),
        "classification": clean(f.classification),
        "footer": clean(look.footer),
        "logo": InlineImage(tpl, io.BytesIO(look.logo), height=Cm(1.5)) if look.has_logo else "",
        "content": content,
    }
    try:
        tpl.render(context, jinja_env=_template_env(), autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(f"a placeholder could not be filled ({exc}).") from exc
    _docx_properties(tpl.docx, paper)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def paper_filename(paper: Paper, extension: str) -> str:
    stem = slugify(f"{paper.content.title} {paper.frame.date:%Y-%m-%d}")[:90] or "paper"
    return f"{stem}.{extension}"
