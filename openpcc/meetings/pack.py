"""The agenda pack: every public paper of a meeting, in agenda order, as one PDF.

A contents page (WeasyPrint) lists each item and paper with the page it starts on in the pack;
then come the papers: PDFs merged as they are (pikepdf), Word and text papers rendered from their
extracted text (WeasyPrint), clearly titled as such. Every page carries "Agenda pack page N of M"
in its bottom margin and the PDF's page labels are the same numbers, so "pack pages 12–20" on the
meeting's web page is what a PDF reader shows. Bookmarks go to each item and paper; a supplement
(a paper added after the agenda was published) is marked, with its date, in the contents, its
bookmark and on its pages. A paper that cannot be read is left out, named in the contents and in
the pack's message.

``pack_pdf`` is the assembly alone (bytes in, bytes out: what bench/pack_bench.py times);
``pack_sections`` reads a meeting's public papers in agenda order; ``pack_build`` (run by the
task worker, tasks.build_agenda_pack) does both for a queued ``AgendaPack`` and stores the file.
"""

from __future__ import annotations

import hashlib
import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.template.loader import render_to_string
from django.utils import timezone

from openpcc.boardpapers.render import clean
from openpcc.documents.models import KIND_LABELS, Document

from .models import AgendaItem, AgendaPack, AgendaPackPaper, Meeting, Report

logger = logging.getLogger(__name__)

MAX_CONTENTS_RENDERS = 4  # the contents may push itself onto one more page; it settles at once
ROWS_PER_CONTENTS_PAGE = 34  # items and papers on a contents page: the first guess at its length


class PackError(Exception):
    """Why a pack cannot be built at all (said in its status message)."""


@dataclass
class PackPaperSource:
    """One paper going into a pack: a PDF's bytes, or a Word or text paper's extracted text."""

    title: str
    kind: str  # "pdf", "docx", "text"
    data: bytes | None = None
    text: str = ""
    document_id: int | None = None
    supplement_on: date | None = None
    missing: str = ""  # why the file could not even be read from storage

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "File")


@dataclass
class PackSection:
    """An agenda item (or the meeting's own papers) and its papers, in pack order."""

    heading: str
    papers: list[PackPaperSource] = field(default_factory=list)
    note: str = ""  # "Exempt from publication: ..." or "No papers"


@dataclass
class PackedPaper:
    source: PackPaperSource
    heading: str
    order: int
    first_page: int | None = None
    last_page: int | None = None
    note: str = ""  # why it was left out


@dataclass
class PackResult:
    data: bytes
    pages: int
    papers: list[PackedPaper]
    contents_pages: int

    @property
    def skipped(self) -> list[PackedPaper]:
        return [p for p in self.papers if p.first_page is None]


# --- the assembly ------------------------------------------------------------------------------


def _render(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads pango, which pages never need

    return HTML(string=html).write_pdf()


def _open(source: PackPaperSource):
    """The paper as an open pikepdf document, or the reason it cannot go in the pack."""
    import pikepdf

    if source.missing:
        return None, source.missing
    if source.kind == "pdf":
        try:
            pdf = pikepdf.open(io.BytesIO(source.data or b""))
        except pikepdf.PasswordError:
            return None, "the PDF is protected by a password"
        except Exception:  # a damaged file is left out with a note, never a failed pack
            return None, "the PDF is damaged and could not be read"
        try:
            count = len(pdf.pages)
        except Exception:
            return None, "the PDF is damaged and could not be read"
        if not count:
            return None, "the PDF has no pages"
        return pdf, ""
    if not source.text.strip():
        return None, f"the text of this {source.kind_label.lower()} has not been extracted yet"
    html = render_to_string(
        "meetings/pack/text_paper.html",
        {
            "title": clean(source.title),
            "kind": source.kind_label,
            "paragraphs": [clean(p) for p in source.text.split("\n\n") if p.strip()],
        },
    )
    try:
        return pikepdf.open(io.BytesIO(_render(html))), ""
    except Exception:  # left out with a note, never a failed pack
        logger.exception("The text of paper %s could not be set as pages", source.document_id)
        return None, "its text could not be set as pages"


def _pdf_text(text: str) -> bytes:
    """``text`` as a PDF string literal (the stamp's words are plain ASCII)."""
    safe = text.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + safe + b")"


STAMP_FONT = "/OPCCPackStampF"  # the stamp's font in each page's resources


def _stamp(pdf, font, opening, number: int, total: int, supplement_on: date | None) -> None:
    """ "Agenda pack page N of M" (and "Supplement, added <date>") in the page's bottom margin,
    on a white band, the right way up however the page is rotated. The page's own content is
    wrapped in q/Q (``opening`` is one shared "q" stream), so its graphics state cannot move the
    stamp; the page's objects are changed directly, which is most of what makes the stamp cheap."""
    import pikepdf

    page = pdf.pages[number - 1]
    box = page.get("/MediaBox")
    if box is None:  # inherited from the page tree
        box = pikepdf.Page(page).mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    rotate = int(page.get("/Rotate", 0)) % 360
    width = y1 - y0 if rotate in (90, 270) else x1 - x0
    matrix = {
        0: f"1 0 0 1 {x0:.2f} {y0:.2f}",
        90: f"0 1 -1 0 {x1:.2f} {y0:.2f}",
        180: f"-1 0 0 -1 {x1:.2f} {y1:.2f}",
        270: f"0 -1 1 0 {x0:.2f} {y1:.2f}",
    }.get(rotate, f"1 0 0 1 {x0:.2f} {y0:.2f}")
    words = f"Agenda pack page {number} of {total}"
    if supplement_on:
        words = f"Supplement, added {supplement_on.day} {supplement_on:%B %Y}  |  {words}"
    size = 8.0
    text_width = 0.52 * size * len(words)  # Helvetica's average width, near enough for a band
    x = max(4.0, width - 24 - text_width)
    resources = page.get("/Resources")
    if isinstance(resources, pikepdf.Dictionary):
        fonts = resources.get("/Font")
        if not isinstance(fonts, pikepdf.Dictionary):
            resources.Font = fonts = pikepdf.Dictionary()
        fonts[STAMP_FONT] = font
        name = STAMP_FONT.encode()
    else:  # none of its own (inherited, or none at all): pikepdf's careful way
        name = bytes(pikepdf.Page(page).add_resource(font, pikepdf.Name.Font, prefix="OPCCPack"))
    ops = (
        b"Q q "
        + matrix.encode()
        + b" cm 1 g "
        + f"{x - 3:.2f} 6 {text_width + 6:.2f} {size + 6:.2f} re f 0 g BT ".encode()
        + name
        + f" {size:.1f} Tf {x:.2f} 9.5 Td ".encode()
        + _pdf_text(words)
        + b" Tj ET Q"
    )
    closing = pikepdf.Stream(pdf, ops)
    contents = page.get("/Contents")
    if contents is None:
        page.Contents = pikepdf.Array([opening, closing])
    elif isinstance(contents, pikepdf.Array):
        page.Contents = pikepdf.Array([opening, *contents, closing])
    else:
        page.Contents = pikepdf.Array([opening, contents, closing])


def _contents(title: str, subtitle: str, sections: list[PackSection], packed: list[PackedPaper], contents_pages: int):
    """The contents page(s) laid out (a WeasyPrint document, not yet written: its pages are counted
    first), with each paper's first page given ``contents_pages`` before it."""
    from weasyprint import HTML

    page = contents_pages + 1
    for p in packed:
        if p.first_page is not None:
            count = p.last_page - p.first_page + 1
            p.first_page, p.last_page = page, page + count - 1
            page += count
    by_section: dict[int, list[PackedPaper]] = {}
    for p in packed:
        by_section.setdefault(p.order // 10_000, []).append(p)
    rows = [{"heading": s.heading, "note": s.note, "papers": by_section.get(n, [])} for n, s in enumerate(sections)]
    html = render_to_string("meetings/pack/contents.html", {"title": title, "subtitle": subtitle, "sections": rows})
    return HTML(string=html).render()


def pack_pdf(
    *,
    title: str,
    subtitle: str,
    sections: list[PackSection],
    progress: Callable[[int, int], None] | None = None,
    stamp: bool = True,
) -> PackResult:
    """The pack of ``sections`` as one PDF (see the module's docstring). ``stamp=False`` leaves the
    visible page numbers off (the page labels stay): bench/pack_bench.py measures what they cost."""
    import pikepdf

    total = sum(len(s.papers) for s in sections)
    packed: list[PackedPaper] = []
    opened = []
    done = 0
    for n, section in enumerate(sections):
        for k, source in enumerate(section.papers):
            pdf, why = _open(source)
            item = PackedPaper(source=source, heading=section.heading, order=n * 10_000 + k, note=why)
            if pdf is not None:
                item.first_page, item.last_page = 1, len(pdf.pages)  # placed by _contents
            packed.append(item)
            opened.append(pdf)
            done += 1
            if progress is not None:
                progress(done, total)
    # The contents come first: the papers' page numbers depend on how many pages it takes. It is
    # laid out until the count it assumes is the count it takes (at once, nearly always), and
    # written once.
    guess = 1 + (len(sections) + len(packed)) // ROWS_PER_CONTENTS_PAGE
    for _ in range(MAX_CONTENTS_RENDERS):
        laid_out = _contents(title, subtitle, sections, packed, guess)
        if len(laid_out.pages) == guess:
            break
        guess = len(laid_out.pages)
    else:
        raise PackError("The contents page would not settle on a number of pages.")
    contents = pikepdf.open(io.BytesIO(laid_out.write_pdf()))
    out = pikepdf.new()
    out.pages.extend(contents.pages)
    for pdf in opened:
        if pdf is not None:
            out.pages.extend(pdf.pages)
    pages = len(out.pages)
    # page labels: plain numbers from 1, the numbers of the contents and of the meeting's page
    out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D)]))
    out.docinfo[pikepdf.Name.Title] = title
    out.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmarks showing
    out.Root.Lang = pikepdf.String("en-GB")
    font = out.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    supplement_pages: dict[int, date] = {}
    for p in packed:
        if p.first_page is not None and p.source.supplement_on:
            for number in range(p.first_page, p.last_page + 1):
                supplement_pages[number] = p.source.supplement_on
    opening = out.make_indirect(pikepdf.Stream(out, b"q"))
    for number in range(1, pages + 1) if stamp else ():
        _stamp(out, font, opening, number, pages, supplement_pages.get(number))
    with out.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Contents", 0))
        for n, section in enumerate(sections):
            papers = [p for p in packed if p.order // 10_000 == n and p.first_page is not None]
            if not papers:
                continue
            entry = pikepdf.OutlineItem(section.heading, papers[0].first_page - 1)
            for p in papers:
                label = p.source.title
                if p.source.supplement_on:
                    label += f" (Supplement, added {p.source.supplement_on.day} {p.source.supplement_on:%B %Y})"
                entry.children.append(pikepdf.OutlineItem(label, p.first_page - 1))
            outline.root.append(entry)
    buffer = io.BytesIO()
    out.save(buffer)
    return PackResult(data=buffer.getvalue(), pages=pages, papers=packed, contents_pages=guess)


# --- a meeting's papers ------------------------------------------------------------------------


def _source(document: Document, published_at) -> PackPaperSource:
    added = timezone.localtime(document.uploaded_at).date() if document.uploaded_at > published_at else None
    source = PackPaperSource(
        title=document.title, kind=document.kind, document_id=document.pk, supplement_on=added, text=document.text
    )
    if document.kind == "pdf":
        try:
            with document.file.open("rb") as fh:
                source.data = fh.read()
        except OSError:
            source.missing = "its stored file is missing"
    return source


def pack_sections(meeting: Meeting) -> list[PackSection]:
    """The meeting's public papers in agenda order: the meeting's own papers first, then each item's
    (its report's papers, then the item's), oldest first; an exempt item only by its number and
    reason. Only what the papers' public rule allows, ever; a fixed number of queries."""
    if not meeting.agenda_is_public:
        raise PackError("The meeting's agenda and papers are not public: a pack holds only public papers.")
    published_at = meeting.agenda_published_at
    items = list(AgendaItem.objects.filter(meeting=meeting).published().order_by("order", "id"))
    exempt = list(
        AgendaItem.objects.filter(meeting=meeting, is_exempt=True).only("id", "number", "exempt_reason", "order")
    )
    reports = {r.agenda_item_id: r.pk for r in Report.objects.filter(agenda_item__meeting=meeting).published()}
    types = ContentType.objects.get_for_models(Meeting, AgendaItem, Report)
    documents = list(
        Document.objects.published()
        .filter(
            Q(parent_type=types[Meeting], parent_id=meeting.pk)
            | Q(parent_type=types[AgendaItem], parent_id__in=[i.pk for i in items])
            | Q(parent_type=types[Report], parent_id__in=list(reports.values()))
        )
        .order_by("uploaded_at", "id")
    )
    by_parent: dict[tuple[int, int], list[Document]] = {}
    for d in documents:
        by_parent.setdefault((d.parent_type_id, d.parent_id), []).append(d)
    sections = []
    own = by_parent.get((types[Meeting].pk, meeting.pk), [])
    if own:
        sections.append(PackSection("Papers for the meeting", [_source(d, published_at) for d in own]))
    for item in sorted([*items, *exempt], key=lambda i: (i.order, i.pk)):
        if item.is_exempt:
            sections.append(
                PackSection(f"{item.number}. Exempt item", note=f"Exempt from publication: {item.exempt_reason}")
            )
            continue
        papers = [
            *by_parent.get((types[Report].pk, reports.get(item.pk, 0)), []),
            *by_parent.get((types[AgendaItem].pk, item.pk), []),
        ]
        sections.append(
            PackSection(
                f"{item.number}. {item.title}",
                [_source(d, published_at) for d in papers],
                note="" if papers else "No papers",
            )
        )
    return sections


def pack_title(meeting: Meeting) -> str:
    return f"{meeting.display_title}: {meeting.date.day} {meeting.date:%B %Y}"


def _fail(pack: AgendaPack, message: str, started: float) -> AgendaPack:
    pack.status, pack.message = AgendaPack.Status.FAILED, message[:2000]
    pack.finished_at, pack.seconds = timezone.now(), time.perf_counter() - started
    pack.save(update_fields=["status", "message", "finished_at", "seconds"])
    return pack


def pack_build(pack_id: int) -> AgendaPack | None:
    """Build a queued pack version: read the meeting's public papers, assemble them, store the
    file and where each paper is. Run by the task worker (tasks.build_agenda_pack); progress is
    written as each paper is read, so the staff page can show it."""
    pack = AgendaPack.objects.select_related("meeting__body", "meeting__committee").filter(pk=pack_id).first()
    if pack is None or pack.status not in (AgendaPack.Status.QUEUED, AgendaPack.Status.BUILDING):
        return pack
    started = time.perf_counter()
    AgendaPack.objects.filter(pk=pack.pk).update(status=AgendaPack.Status.BUILDING)
    meeting = pack.meeting
    try:
        sections = pack_sections(meeting)
        total = sum(len(s.papers) for s in sections)
        if not total:
            raise PackError("The meeting has no public papers to put in a pack.")
        AgendaPack.objects.filter(pk=pack.pk).update(papers_total=total, papers_done=0)
        when = timezone.localdate()
        result = pack_pdf(
            title=pack_title(meeting),
            subtitle=f"{meeting.committee.name}. Agenda pack, version {pack.version}, made {when.day} {when:%B %Y}.",
            sections=sections,
            progress=lambda done, _total: AgendaPack.objects.filter(pk=pack.pk).update(papers_done=done),
        )
    except PackError as exc:
        return _fail(pack, str(exc), started)
    except Exception as exc:  # never leave a pack "being built" for ever
        logger.exception("Agenda pack %s failed", pack.pk)
        return _fail(pack, f"Unexpected error while building the pack: {exc}", started)
    skipped = result.skipped
    with transaction.atomic():
        pack.file.save(pack.download_name, ContentFile(result.data), save=False)
        pack.sha256 = hashlib.sha256(result.data).hexdigest()
        pack.size, pack.pages = len(result.data), result.pages
        pack.papers_total = pack.papers_done = len(result.papers)
        pack.status = AgendaPack.Status.DONE
        pack.message = (
            "Left out: " + "; ".join(f"“{p.source.title}”: {p.note}" for p in skipped) + "." if skipped else ""
        )[:2000]
        pack.finished_at, pack.seconds = timezone.now(), time.perf_counter() - started
        pack.save()
        AgendaPackPaper.objects.bulk_create(
            AgendaPackPaper(
                pack=pack,
                document_id=p.source.document_id,
                order=n,
                heading=p.heading[:400],
                title=p.source.title[:300],
                first_page=p.first_page,
                last_page=p.last_page,
                supplement_on=p.source.supplement_on,
                note=p.note[:300],
            )
            for n, p in enumerate(result.papers)
        )
    return pack


def pack_file_response(pack: AgendaPack, *, public: bool) -> FileResponse:
    """The pack's PDF as a download (shown in the browser), or a clear 404 if its file is lost."""
    try:
        if not pack.file or not pack.file.storage.exists(pack.file.name):
            raise FileNotFoundError(pack.file.name)
        handle = pack.file.open("rb")
    except OSError:
        logger.error("The stored file of agenda pack %s (%s) is missing.", pack.pk, pack.file.name)
        raise Http404(
            "The file of this agenda pack is missing. The office that published it has been told."
            if public
            else f"The stored file {pack.file.name} is missing: build the pack again, or restore the media folder."
        ) from None
    response = FileResponse(handle, as_attachment=False, filename=pack.download_name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
