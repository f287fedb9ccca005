"""Checking uploaded papers and extracting their text: PDF (pypdfium2), Word (python-docx)
and plain text; for archive imports also the older formats in ``legacy`` (.doc, .rtf, saved web
pages, .odt). Every failure is an ExtractionError with a message a person can act on."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

MAX_TEXT_CHARS = 5_000_000  # ~1,000 pages of dense text; beyond that the file is not a paper
# A .docx is a zip of XML parts: bounds on what it may unpack to, checked before it is stored.
DOCX_MAX_PARTS = 2000
DOCX_MAX_XML_BYTES = 25 * 1024 * 1024  # one XML part (document.xml of a long paper is a few MB)
DOCX_MAX_BYTES = 200 * 1024 * 1024  # everything, pictures included
DOCX_MAX_RATIO = 100  # beyond the first megabyte of a part


class ExtractionError(Exception):
    pass


@dataclass
class Extracted:
    text: str
    pages: int
    pages_with_text: int
    truncated: bool = False  # the text was cut at MAX_TEXT_CHARS

    @property
    def needs_ocr(self) -> bool:
        return self.pages > 0 and self.pages_with_text == 0


KINDS = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".txt": ("text", "text/plain"),
    ".text": ("text", "text/plain"),
    ".md": ("text", "text/plain"),
}


# Read when an archive is imported (never stored as a body's documents, which stay PDF, .docx, text).
ARCHIVE_KINDS = {
    ".doc": "doc",
    ".dot": "doc",
    ".rtf": "rtf",
    ".htm": "html",
    ".html": "html",
    ".xhtml": "html",
    ".mht": "mht",
    ".mhtml": "mht",
    ".odt": "odt",
}
ARCHIVE_FORMATS = "a PDF, a Word document (.docx or .doc), RTF, OpenDocument text (.odt), a web page (.htm) or text"
# What to do with what an archive holds that is not a paper's text
REFUSED = {
    (".xls", ".xlsx", ".xlsm", ".xlsb", ".ods", ".csv"): "is a spreadsheet: save it as PDF and import that.",
    (".ppt", ".pptx", ".pps", ".ppsx", ".odp"): "is a presentation: save it as PDF and import that.",
    (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".heic"): (
        "is a picture: a scanned paper needs OCR first; make it a PDF with a text layer and import that."
    ),
    (".msg", ".eml"): "is an e-mail: save the paper attached to it and import that.",
    (".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz"): (
        "is an archive that is not a zip: unpack it and import the folder, or make a zip of it."
    ),
    (".zip",): "is a zip file: import it on its own, or as part of a folder.",
    (".wpd", ".wps", ".pages", ".lwp"): "is in a word processor's format that is not read: save it as .docx or PDF.",
}


def kind_for(name: str) -> tuple[str, str]:
    lower = name.lower()
    for suffix, kind in KINDS.items():
        if lower.endswith(suffix):
            return kind
    raise ExtractionError(f"{name}: upload a PDF, a Word document (.docx) or a plain text file.")


def archive_kind_for(name: str, data: bytes) -> str:
    """The reader for a file in an archive, by its name and then by what its bytes are: Word
    often saved RTF or a web page under a .doc name, and a .doc is sometimes renamed .docx."""
    from . import legacy

    lower = name.lower()
    kind = next((k for suffix, (k, _) in KINDS.items() if lower.endswith(suffix)), None)
    kind = kind or next((k for suffix, k in ARCHIVE_KINDS.items() if lower.endswith(suffix)), None)
    if kind is None:
        reason = next((why for suffixes, why in REFUSED.items() if lower.endswith(suffixes)), None)
        if reason is None:
            suffix = PurePosixPath(lower).suffix
            shown = f"a {suffix} file" if suffix else "a file without an extension"
            reason = f"is {shown}, which is not read: save it as {ARCHIVE_FORMATS}, and import it again."
        raise ExtractionError(f"{name} {reason}")
    sniffed = legacy.sniff(data)
    if kind in ("doc", "rtf", "html") and sniffed in ("doc", "rtf", "html", "mht"):
        return sniffed
    if kind == "doc" and sniffed == "zip":
        return "docx"
    if kind == "docx" and sniffed == "doc":
        return "doc"
    return kind


def check(name: str, data: bytes) -> tuple[str, str, int]:
    """Refuse what cannot be read, before anything is stored. Returns (kind, content type, pages)."""
    if not data:
        raise ExtractionError(f"{name} is empty.")
    kind, content_type = kind_for(name)
    if kind == "pdf":
        return kind, content_type, _check_pdf(name, data)
    if kind == "docx":
        _check_docx(name, data)
        return kind, content_type, 0
    _decode(name, data)
    return kind, content_type, 0


def _check_pdf(name: str, data: bytes) -> int:
    import pypdfium2 as pdfium

    if not data.startswith(b"%PDF-"):
        raise ExtractionError(f"{name} is called a PDF but is not one (it does not start with %PDF-).")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's error codes are per thread and can be stale, so look at the file itself.
        if b"/Encrypt" in data:
            raise ExtractionError(
                f"{name} is protected by a password: remove the password and upload it again."
            ) from exc
        if re.search(rb"/Count\s+0\b", data):
            raise ExtractionError(f"{name} is a PDF with no pages.") from exc
        raise ExtractionError(f"{name} is a damaged PDF that cannot be read.") from exc
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages == 0:
        raise ExtractionError(f"{name} is a PDF with no pages.")
    return pages


def _check_docx(name: str, data: bytes) -> None:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError(f"{name} is not a Word document (a .docx file is a zip package, and this is not).")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ExtractionError(f"{name} is a damaged Word document that cannot be read ({exc}).") from exc
    with package:
        parts = package.infolist()
        if "word/document.xml" not in package.namelist():
            raise ExtractionError(f"{name} is a zip file but not a Word document (it has no word/document.xml).")
        if len(parts) > DOCX_MAX_PARTS:
            raise ExtractionError(f"{name} has {len(parts)} parts inside; a Word document has far fewer.")
        mb = 1024 * 1024
        if sum(p.file_size for p in parts) > DOCX_MAX_BYTES:
            raise ExtractionError(f"{name} is too large when unpacked (more than {DOCX_MAX_BYTES // mb} MB).")
        for part in parts:
            if part.filename.endswith((".xml", ".rels")) and part.file_size > DOCX_MAX_XML_BYTES:
                raise ExtractionError(
                    f"{name} is too large when unpacked: its part {part.filename} is {part.file_size // mb} MB "
                    f"(the limit is {DOCX_MAX_XML_BYTES // mb} MB)."
                )
            if part.file_size > mb and part.file_size > DOCX_MAX_RATIO * max(part.compress_size, 1):
                raise ExtractionError(
                    f"{name} is too large when unpacked: its part {part.filename} unpacks to more than "
                    f"{DOCX_MAX_RATIO} times its packed size."
                )


def _decode(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ExtractionError(f"{name} is not a text file that can be read.")


def extract(name: str, data: bytes, *, archive: bool = False) -> Extracted:
    """The text of a paper. With ``archive`` (importing an archive), also the older formats an
    office's archive holds, recognised by their content as well as their name."""
    if archive:
        if not data:
            raise ExtractionError(f"{name} is empty.")
        kind = archive_kind_for(name, data)
        if kind in LEGACY_READERS:
            return _extract_legacy(name, data, kind)
        if kind == "docx" and not name.lower().endswith(".docx"):
            _check_docx(name, data)
            return _cut(_extract_docx(name, data))
    kind, _, _ = check(name, data)
    if kind == "pdf":
        result = _extract_pdf(name, data)
    elif kind == "docx":
        result = _extract_docx(name, data)
    else:
        text = _decode(name, data)
        result = Extracted(text=text, pages=1, pages_with_text=1 if text.strip() else 0)
    return _cut(result)


def _cut(result: Extracted) -> Extracted:
    if len(result.text) > MAX_TEXT_CHARS:
        result.text, result.truncated = result.text[:MAX_TEXT_CHARS], True
    return result


LEGACY_READERS = ("doc", "rtf", "html", "mht", "odt")


def _extract_legacy(name: str, data: bytes, kind: str) -> Extracted:
    from . import legacy

    reader = {
        "doc": legacy.doc_text,
        "rtf": legacy.rtf_text,
        "html": legacy.html_text,
        "mht": legacy.mht_text,
        "odt": legacy.odt_text,
    }[kind]
    try:
        text = reader(name, data)
    except legacy.LegacyError as exc:
        raise ExtractionError(str(exc)) from None
    return _cut(Extracted(text=text, pages=1, pages_with_text=1 if text.strip() else 0))


def extract_limited(
    name: str,
    data: bytes,
    *,
    seconds: float | None = None,
    memory_mb: int | None = None,
    archive: bool = False,
) -> Extracted:
    """``extract`` in a child process that may take ``seconds`` and ``memory_mb`` more memory at
    most (OPENPCC_EXTRACTION_SECONDS and OPENPCC_EXTRACTION_MEMORY_MB by default); a file that
    needs more is refused with the reason, and the worker goes on."""
    from django.conf import settings

    from .sandbox import ChildFailed, LimitExceeded, run_limited

    seconds = seconds or settings.OPENPCC_EXTRACTION_SECONDS
    memory_mb = memory_mb or settings.OPENPCC_EXTRACTION_MEMORY_MB

    try:
        return run_limited(_extract_archive if archive else extract, name, data, seconds=seconds, memory_mb=memory_mb)
    except LimitExceeded as exc:
        raise ExtractionError(f"{name} {exc}; it was not read.") from None
    except ChildFailed as exc:
        if exc.kind == "ExtractionError":
            raise ExtractionError(str(exc)) from None
        raise ExtractionError(f"{name} could not be read: {exc.kind}: {exc}") from None


def _extract_archive(name: str, data: bytes) -> Extracted:
    return extract(name, data, archive=True)


def _extract_pdf(name: str, data: bytes) -> Extracted:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    # Pages and their text pages are opened through PDFium's own calls rather than pypdfium2's
    # page objects: the text is the same (see _page_text), without the Python objects, finalizers
    # and lists of children made and let go for every page (some 5% of the time on a long pack).
    pdf = pdfium.PdfDocument(data)
    parts, with_text = [], 0
    try:
        pages = len(pdf)
        for index in range(pages):
            page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            try:
                textpage = pdfium_c.FPDFText_LoadPage(page)
                if not textpage:
                    raise pdfium.PdfiumError("Failed to load text page.")
                try:
                    text = _page_text(textpage)
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
            finally:
                pdfium_c.FPDF_ClosePage(page)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if text.strip():
                with_text += 1
            parts.append(text)
    finally:
        pdf.close()
    return Extracted(text="\f".join(parts), pages=pages, pages_with_text=with_text)


def _page_text(textpage: object) -> str:
    """All the text of a PDFium text page: what pypdfium2's PdfTextPage.get_text_range() gives
    (characters PDFium leaves out of the text at either end are not asked for, crbug.com/pdfium/2079)."""
    import ctypes
    from codecs import decode

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count == -1:
        raise pdfium.PdfiumError("Failed to get character count.")
    first, last = 0, count - 1  # the characters asked for
    while first <= last:
        start = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)
        if start == -1:
            first += 1
            continue
        end = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)
        if end == -1:
            last -= 1
            continue
        buffer = (ctypes.c_ushort * (end + 2 - start))()  # (with the terminating NUL)
        written = pdfium_c.FPDFText_GetText(textpage, first, last - first + 1, buffer)
        return decode(memoryview(buffer)[: written - 1], "utf-16-le", "ignore")
    return ""


def _extract_docx(name: str, data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ExtractionError(f"{name} is a damaged Word document that cannot be read ({exc}).") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    return Extracted(text=text, pages=1, pages_with_text=1 if text.strip() else 0)
