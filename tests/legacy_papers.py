"""Legacy papers made in the tests, byte by byte, so the real readers of the formats archives
hold (Word 97-2003 .doc, RTF, saved web pages) run on real files without any tool to make them.

``make_doc`` writes a Word 97 binary document as the published format describes it: an OLE2
compound file (one FAT sector, one directory sector, no mini stream: both streams are padded to
4 KB) holding a ``WordDocument`` stream that starts with the File Information Block and a
``1Table`` stream with the piece table. Each piece is stored either as 8-bit Windows-1252
("compressed") or as UTF-16, the way Word mixes them after a fast save."""

from __future__ import annotations

import io
import struct
import zipfile

SECTOR = 512
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FIB_CLX = 0x01A2  # fcClx, then lcbClx, in a Word 97 FIB
TEXT_AT = 0x0400  # where the first piece's text starts in the WordDocument stream


def _pad(data: bytes, size: int) -> bytes:
    return data + bytes(max(0, size - len(data)))


def _dir_entry(name: str, kind: int, *, left=NOSTREAM, right=NOSTREAM, child=NOSTREAM, start=END, size=0) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        _pad(raw, 64)
        + struct.pack("<HBB", len(raw), kind, 1)  # name length, type, colour (black)
        + struct.pack("<III", left, right, child)
        + bytes(16 + 4 + 8 + 8)  # CLSID, state bits, created, modified
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes], *, clsid_root: bytes = bytes(16)) -> bytes:
    """An OLE2 compound file (version 3) with these streams in its root storage. Every stream
    must be at least 4096 bytes long, so that none lives in the mini stream."""
    names = list(streams)
    assert all(len(streams[n]) >= 4096 for n in names), "pad each stream to 4096 bytes or more"
    assert len(names) <= 3, "one directory sector holds the root and three streams"
    # sector 0: the FAT; sector 1: the directory; then each stream's sectors, in order
    fat: list[int] = [FATSECT, END]
    starts: dict[str, int] = {}
    body = b""
    for name in names:
        data = _pad(streams[name], -(-len(streams[name]) // SECTOR) * SECTOR)
        first = len(fat)
        count = len(data) // SECTOR
        starts[name] = first
        fat.extend([*range(first + 1, first + count), END])
        body += data
    assert len(fat) <= SECTOR // 4, "one FAT sector maps 128 sectors"
    fat_sector = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", FREE) * (SECTOR // 4 - len(fat))
    # a red-black tree of siblings is read by name (length first): keep it a simple chain,
    # the shortest name at the root's child, each longer one to its right
    ordered = sorted(names, key=lambda n: (len(n), n.upper()))
    ids = {name: index + 1 for index, name in enumerate(ordered)}
    entries = [_dir_entry("Root Entry", 5, child=ids[ordered[0]] if ordered else NOSTREAM)]
    for index, name in enumerate(ordered):
        right = ids[ordered[index + 1]] if index + 1 < len(ordered) else NOSTREAM
        entries.append(_dir_entry(name, 2, right=right, start=starts[name], size=len(streams[name])))
    while len(entries) < 4:
        entries.append(_dir_entry("", 0, start=0))
    directory = b"".join(entries)
    header = (
        OLE_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", FREE) * 108
    )
    assert len(header) == SECTOR
    return header + fat_sector + directory + body


def make_doc(pieces: list[tuple[str, bool]], *, encrypted: bool = False, nfib: int = 0x00C1) -> bytes:
    """A Word 97 document whose main text is the pieces in order; each piece is (text, compressed),
    compressed pieces being stored as 8-bit Windows-1252. Word's own marks can be in the text:
    ``\\r`` ends a paragraph, ``\\x07`` ends a table cell, ``\\x13 … \\x14 … \\x15`` is a field."""
    text_bytes = b""
    cps, pcds = [0], []
    for text, compressed in pieces:
        offset = TEXT_AT + len(text_bytes)
        if compressed:
            stored = text.encode("cp1252")
            fc = (offset * 2) | 0x40000000
        else:
            stored = text.encode("utf-16-le")
            fc = offset
        text_bytes += stored
        cps.append(cps[-1] + len(text))
        pcds.append(struct.pack("<HIH", 0, fc, 0))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(pcds)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    table = _pad(clx, 4096)

    fib = bytearray(0x0384)
    flags = 0x0200 | 0x1000 | 0x0004  # the table is 1Table; extended characters; complex (a piece table)
    if encrypted:
        flags |= 0x0100
    struct.pack_into("<HHHHHHH", fib, 0, 0xA5EC, nfib, 0, 0x0809, 0, flags, 0x00BF)
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    word_size = TEXT_AT + len(text_bytes)
    struct.pack_into("<i", fib, 0x40, max(word_size, 4096))  # cbMac
    struct.pack_into("<i", fib, 0x4C, cps[-1])  # ccpText: all of it is the main document
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb, Word 97
    struct.pack_into("<II", fib, FIB_CLX, 0, len(clx))
    word = _pad(_pad(bytes(fib), TEXT_AT) + text_bytes, 4096)
    return compound_file({"WordDocument": word, "1Table": table})


def make_rtf(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    """An RTF document as Word writes one: a font table, Windows-1252 escapes for what is not
    ASCII, \\u for what is outside it, and a table row of cells when asked."""

    def escape(text: str) -> str:
        out = []
        for char in text:
            if char in "\\{}":
                out.append("\\" + char)
            elif ord(char) < 128:
                out.append(char)
            else:
                try:
                    out.append(f"\\'{char.encode('cp1252')[0]:02x}")
                except UnicodeEncodeError:
                    out.append(f"\\u{ord(char)}?")
        return "".join(out)

    parts = [
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman\fcharset0 Times New Roman;}{\f1\fswiss Arial;}}",
        r"{\colortbl;\red0\green0\blue0;}{\info{\title A title that is not text}{\author Someone}}",
        r"{\*\generator Msftedit 5.41;}\viewkind4\uc1\pard\f0\fs24",
    ]
    for paragraph in paragraphs:
        parts.append(escape(paragraph) + r"\par" + "\n")
    for row in table or []:
        parts.append(r"\trowd\cellx3000\cellx6000\pard\intbl " + "".join(escape(c) + r"\cell " for c in row) + r"\row")
    parts.append("}")
    return "".join(parts).encode("ascii")


def make_html(body: str, *, charset: str = "utf-8", title: str = "Page title") -> bytes:
    """A saved web page around ``body``, with the navigation, scripts and styles a saved page has."""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title><style>p {{ color: red }}</style>
<script>var tracking = "should not be read";</script></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/x">Site map</a></li></ul></nav></header>
<main>{body}</main>
<footer><p>Cookie settings and copyright notice</p></footer></body></html>"""
    return page.encode(charset)


def make_mht(html: bytes, *, charset: str = "utf-8") -> bytes:
    """A single-file web archive (.mht) holding the page, quoted-printable as browsers save it."""
    import quopri

    encoded = quopri.encodestring(html).decode("ascii")
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01"; type="text/html"\r\n\r\n'
        "------=_NextPart_01\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: file:///C:/saved/page.htm\r\n\r\n"
        f"{encoded}\r\n"
        "------=_NextPart_01--\r\n"
    ).encode("ascii")


def make_odt(paragraphs: list[str]) -> bytes:
    """An OpenDocument text file (.odt) with a heading and paragraphs."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    from xml.sax.saxutils import escape

    heading, *rest = paragraphs
    body = f'<text:h text:outline-level="1">{escape(heading)}</text:h>' + "".join(
        f"<text:p>{escape(p).replace('  ', ' <text:s/>')}</text:p>" for p in rest
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body>'
        f"<office:text>{body}</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()
