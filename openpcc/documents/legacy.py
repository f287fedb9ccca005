"""Text from the older formats an office's archive holds: Word 97-2003 (.doc), RTF, saved web
pages (.htm, .html, single-file .mht) and OpenDocument text (.odt). Pure Python (olefile,
striprtf, lxml), so it runs in the same time- and memory-limited child as every other reader;
every failure is an ExtractionError saying what to do with the file."""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "open it in Word (or LibreOffice), save it as .docx or PDF and import it again"


class LegacyError(Exception):
    """Raised with a message a person can act on; extraction turns it into an ExtractionError."""


def sniff(data: bytes) -> str | None:
    """What the bytes are, whatever the file is called: "doc" (any OLE2 Office file), "rtf",
    "html", "pdf", "zip" (docx, odt…), or None."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(OLE_MAGIC):
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    lowered = head[:512].lower()
    if lowered.startswith(b"mime-version:") or b"content-type: multipart/related" in lowered:
        return "mht"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    return None


# --- Word 97-2003 (.doc) ---------------------------------------------------------------------------

# Word's marks in the text stream: paragraph and line ends, table cells, page and column breaks
# become line breaks or tabs; pictures, footnote and comment anchors and optional hyphens go.
_DOC_MARKS = str.maketrans(
    {
        "\r": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x0e": "\n",
        "\x07": "\t",
        "\x1e": "-",
        "\xa0": " ",
        **{chr(c): None for c in (0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x1F)},
    }
)
_OTHER_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FIELD_MARKS = re.compile("([\x13\x14\x15])")


def doc_text(name: str, data: bytes) -> str:
    """The main text of a Word 97-2003 document, read through its piece table (so fast-saved
    documents come out in order), with fields shown as their results."""
    import olefile

    if not data.startswith(OLE_MAGIC):
        raise LegacyError(f"{name} is called a Word document but is not one: {SAVE_AS}.")
    try:
        ole = olefile.OleFileIO(data)
    except Exception as exc:  # olefile raises several kinds for a damaged container
        raise LegacyError(f"{name} is a damaged Word document that cannot be read ({exc}): {SAVE_AS}.") from exc
    with ole:
        if ole.exists("EncryptedPackage"):
            raise LegacyError(f"{name} is protected by a password: remove the password, save it and import it again.")
        if not ole.exists("WordDocument"):
            other = next(
                (label for stream, label in (("Workbook", "an Excel workbook"), ("Book", "an Excel workbook"),
                 ("PowerPoint Document", "a PowerPoint presentation")) if ole.exists(stream)),
                "an Office file but not a Word document",
            )  # fmt: skip
            raise LegacyError(f"{name} is {other}, not a paper: save it as PDF and import that.")
        try:
            word = ole.openstream("WordDocument").read()
            return _doc_pieces(name, ole, word)
        except LegacyError:
            raise
        except Exception as exc:
            raise LegacyError(f"{name} is a damaged Word document that cannot be read ({exc}): {SAVE_AS}.") from exc


def _doc_pieces(name: str, ole, word: bytes) -> str:
    damaged = f"{name} is a damaged Word document that cannot be read: {SAVE_AS}."
    if len(word) < 0x1AA or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
        raise LegacyError(damaged)
    nfib, _, _, _, flags = struct.unpack_from("<HHHHH", word, 2)
    if flags & 0x0100 or flags & 0x8000:
        raise LegacyError(f"{name} is protected by a password: remove the password, save it and import it again.")
    if nfib < 0x00C0:
        raise LegacyError(f"{name} was made by Word 6 or Word 95, which is not read: {SAVE_AS}.")
    table_name = "1Table" if flags & 0x0200 else "0Table"
    if not ole.exists(table_name):
        raise LegacyError(damaged)
    table = ole.openstream(table_name).read()
    ccp_text = struct.unpack_from("<i", word, 0x4C)[0]
    fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x01A2)
    clx = table[fc_clx : fc_clx + lcb_clx]
    if ccp_text < 0 or not lcb_clx or len(clx) != lcb_clx:
        raise LegacyError(damaged)
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting kept with the pieces; skipped
        at += 3 + struct.unpack_from("<H", clx, at + 1)[0]
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise LegacyError(damaged)
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5 : at + 5 + size]
    count = (size - 4) // 12
    if count < 1 or len(plc) != size or 4 + 12 * count != size:
        raise LegacyError(damaged)
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    parts: list[str] = []
    for index in range(count):
        start, end = cps[index], min(cps[index + 1], ccp_text)
        if start >= ccp_text:
            break
        if end <= start:
            continue
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * index + 2)[0]
        length = end - start
        if fc & 0x40000000:  # "compressed": one Windows-1252 byte a character
            offset = (fc & 0x3FFFFFFF) // 2
            raw = word[offset : offset + length]
            chunk = raw.decode("cp1252", errors="replace")
        else:
            raw = word[fc : fc + 2 * length]
            chunk = raw.decode("utf-16-le", errors="replace")
        if len(chunk) != length:
            raise LegacyError(damaged)
        parts.append(chunk)
    return _doc_clean("".join(parts))


def _doc_clean(text: str) -> str:
    if "\x13" in text:  # fields: \x13 code \x14 result \x15, nested; keep the results only
        out: list[str] = []
        stack: list[bool] = []  # for each open field: is its result being read yet?
        for token in _FIELD_MARKS.split(text):
            if token == "\x13":
                stack.append(False)
            elif token == "\x14" and stack:
                stack[-1] = True
            elif token == "\x15" and stack:
                stack.pop()
            elif token not in ("\x14", "\x15") and all(stack):
                out.append(token)
        text = "".join(out)
    # a table row is its cells' marks and then a row mark: without reading the paragraph
    # properties, two marks in a row are taken as a row's end (one cell a tab, one row a line)
    text = _OTHER_CONTROL.sub("", text.replace("\x07\x07", "\n").translate(_DOC_MARKS))
    return _tidy(text)


# --- RTF -------------------------------------------------------------------------------------------

_RTF_CELL = re.compile(r"\\(?:nest)?cell(?![a-zA-Z])")


def rtf_text(name: str, data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    source = data.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \t\r\n")
    if not source.startswith("{\\rtf"):
        raise LegacyError(f"{name} is called an RTF file but is not one: {SAVE_AS}.")
    # a table cell ends in a tab, as in the other readers (striprtf would write "|")
    source = _RTF_CELL.sub(r"\\tab", source)
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception as exc:  # a damaged file can trip the parser in several ways
        raise LegacyError(f"{name} is a damaged RTF file that cannot be read ({exc}): {SAVE_AS}.") from exc
    return _tidy(text.replace("\xa0", " ").replace("\xad", ""))


# --- saved web pages ----------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Word's "downlevel-revealed" conditionals (<![if !supportLists]>…<![endif]>): the markers go,
# what they wrap (a list's number) stays
_DOWNLEVEL = re.compile(r"<!\[(?:end)?if[^\]>]*\]>", re.IGNORECASE)
_DROPPED = (
    "head", "script", "style", "noscript", "template", "nav", "svg", "iframe", "object", "embed",
    "button", "select", "textarea", "input", "canvas", "map",
)  # fmt: skip
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
}  # fmt: skip
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_HTML_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in a tree's text


def _decode_html(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:8192])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = ""
        if encoding:
            # pages that say Latin-1 are Windows-1252 in practice (as browsers read them)
            if encoding in ("latin-1", "iso8859-1", "ascii"):
                encoding = "cp1252"
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_text(name: str, data: bytes | str) -> str:
    """A saved web page's words: scripts, styles, navigation and forms' controls dropped; headings,
    paragraphs and list items on lines of their own, table cells separated by tabs."""
    import lxml.html
    from lxml import etree

    source = data if isinstance(data, str) else _decode_html(data)
    if "\x00" in source:
        raise LegacyError(f"{name} is called a web page but is not one: save the page again as HTML or PDF.")
    source = _HTML_CONTROL.sub(" ", _DOWNLEVEL.sub("", _XML_DECLARATION.sub("", source, count=1)))
    if not source.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise LegacyError(f"{name} is a web page that cannot be read ({exc}): save it as PDF and import that.") from exc
    for node in root.xpath("//comment() | //processing-instruction()"):
        _drop(node)
    for node in root.xpath(
        "|".join(f"//{tag}" for tag in _DROPPED)
        + "|//*[@role='navigation' or @role='search' or @hidden or @aria-hidden='true']"
        + "|//header[not(ancestor::main or ancestor::article)]|//footer[not(ancestor::main or ancestor::article)]"
    ):
        _drop(node)
    pieces: list[str] = []
    in_pre = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                pieces.append("\n")
            if tag == "pre":
                in_pre += 1
            if tag == "br":
                pieces.append("\n")
            if element.text:
                pieces.append(element.text if in_pre else _SPACES.sub(" ", element.text))
        else:
            if tag in _BLOCKS:
                pieces.append("\n")
            elif tag in _CELLS:
                pieces.append("\t")
            if tag == "pre":
                in_pre -= 1
            if element.tail and element is not root:
                pieces.append(element.tail if in_pre else _SPACES.sub(" ", element.tail))
    return _tidy("".join(pieces), blank_lines=False)


def _drop(node) -> None:
    """Remove a node, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    parent.remove(node)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def mht_text(name: str, data: bytes) -> str:
    """A single-file web page (.mht, .mhtml): the HTML part of the MIME archive."""
    import email
    import email.policy

    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                return html_text(name, part.get_content())
            if part.get_content_type() == "text/plain" and not part.is_multipart():
                return _tidy(part.get_content())
    except LegacyError:
        raise
    except Exception as exc:
        raise LegacyError(f"{name} is a damaged web archive ({exc}): save the page as PDF and import that.") from exc
    raise LegacyError(f"{name} holds no web page: save the page as PDF and import that.")


# --- OpenDocument text (.odt) ---------------------------------------------------------------------

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
ODT_MAX_XML_BYTES = 25 * 1024 * 1024


def odt_text(name: str, data: bytes) -> str:
    from lxml import etree

    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise LegacyError(f"{name} is a damaged OpenDocument file that cannot be read: {SAVE_AS}.") from exc
    with package:
        try:
            info = package.getinfo("content.xml")
        except KeyError:
            raise LegacyError(f"{name} is a zip file but not an OpenDocument text (it has no content.xml).") from None
        if info.file_size > ODT_MAX_XML_BYTES or (
            info.file_size > 1024 * 1024 and info.file_size > 100 * max(info.compress_size, 1)
        ):
            raise LegacyError(f"{name} is too large when unpacked (its content.xml is {info.file_size // 1024} KB).")
        try:
            content = package.read(info)
        except Exception as exc:  # damaged, encrypted, or packed in a way zipfile does not read
            raise LegacyError(f"{name} is a damaged OpenDocument file ({exc}): {SAVE_AS}.") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise LegacyError(f"{name} is a damaged OpenDocument file ({exc}): {SAVE_AS}.") from exc
    lines: list[str] = []
    for block in root.iter(f"{{{_ODF_TEXT}}}h", f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TABLE}}}table-row"):
        if block.tag == f"{{{_ODF_TABLE}}}table-row":
            lines.append("\t".join(_odf_words(c) for c in block.iter(f"{{{_ODF_TABLE}}}table-cell")))
        elif not any(a.tag == f"{{{_ODF_TABLE}}}table-cell" for a in block.iterancestors()):
            lines.append(_odf_words(block))
    return _tidy("\n".join(lines))


def _odf_words(element) -> str:
    out: list[str] = []

    def walk(node) -> None:
        local = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""
        if local in ("note", "annotation"):  # footnotes and comments are not the paper's text
            return
        if local == "s":
            out.append(" " * max(1, min(int(node.get(f"{{{_ODF_TEXT}}}c", "1") or 1), 100)))
        elif local == "tab":
            out.append("\t")
        elif local == "line-break":
            out.append("\n")
        elif node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(element)
    return "".join(out)


_CELL_SPACES = re.compile(r" *\t *")


def _tidy(text: str, *, blank_lines: bool = True) -> str:
    """Lines without blanks at their ends, and at most one empty line in a row (none, for a web
    page, whose blocks each make a line, as a Word document's paragraphs do)."""
    lines = [_CELL_SPACES.sub("\t", line.strip(" \t")) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not blank_lines or not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip("\n")
