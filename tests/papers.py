"""Real PDF and Word files made in the tests, so the real extraction paths run."""

from __future__ import annotations

import io
import os
import unicodedata
from pathlib import Path


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one text page per list of lines (Helvetica, no external tools)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    pages_id = len(objects) + 2 * len(pages) + 1  # the Pages object comes after every page and stream
    for lines in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                b"/Contents %d 0 R >>" % (pages_id, font, content)
            )
        )
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref))
    return out.getvalue()


def make_blank_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages have no text layer, like a scan."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_encrypted_pdf() -> bytes:
    """A PDF that needs a password to open."""
    import pikepdf

    src = pikepdf.open(io.BytesIO(make_pdf([["secret"]])))
    out = io.BytesIO()
    src.save(out, encryption=pikepdf.Encryption(user="pw", owner="owner-pw"))
    return out.getvalue()


def make_zero_page_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


def make_fake_docx() -> bytes:
    """A zip of something else, named as a Word document."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("photos/cat.jpg", b"not really")
    return buffer.getvalue()


# The five real papers the product is built from, read in place beside the project (never copied
# into it): ../shared/seeds, or OPENPCC_SEEDS.
SEEDS = Path(os.environ.get("OPENPCC_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
_ASCII = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2022": "*"}
)


def seed_text(name: str) -> str:
    """The text of one seed paper, by the start of its file name ("004"). Skips the test, saying
    why, where the seed papers are not beside the project."""
    import pytest

    path = next(SEEDS.glob(f"{name}*.txt"), None)
    if path is None:
        pytest.skip(f"seed paper {name} is not in {SEEDS} (the shared seeds sit beside the project; see README)")
    return path.read_text(encoding="utf-8")


def seed_pdf(name: str, lines_per_page: int = 55) -> bytes:
    """A seed paper rendered into a real PDF (Helvetica, so the text is made Latin-1)."""
    lines = [
        unicodedata.normalize("NFKC", line).translate(_ASCII).encode("latin-1", "replace").decode("latin-1")
        for line in seed_text(name).splitlines()
    ]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    return make_pdf(pages)


def seed_docx(name: str) -> bytes:
    """A seed paper rendered into a Word document, a paragraph a line."""
    return make_docx(seed_text(name).splitlines())
