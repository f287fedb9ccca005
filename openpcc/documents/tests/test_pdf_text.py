"""A PDF's pages are read through PDFium's own calls (not pypdfium2's page objects): the text is
what pypdfium2's text pages give, a page at a time, with the line breaks made plain."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from openpcc.documents.extraction import ExtractionError, extract
from tests.papers import make_blank_pdf, make_pdf


def _pages_by_pypdfium2(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return out
    finally:
        pdf.close()


PAGES = [
    ["Police and Crime Panel", "Minutes of the meeting held on 3 March 2021", "Present: Councillor Ann Reed"],
    [],  # a page with no text
    # (beyond ASCII: the made PDF's font has no encoding of its own, so PDFium reads its standard one)
    ["Café and £3.46m: the budget (precept) - revised", "   indented line", "trailing spaces   "],
    ["One line only"],
]


def test_the_text_of_each_page_is_what_pypdfium2_reads():
    data = make_pdf(PAGES)
    result = extract("pack.pdf", data)
    assert result.text.split("\f") == _pages_by_pypdfium2(data)
    assert result.pages == 4 and result.pages_with_text == 3
    assert "\r" not in result.text and "£3.46m: the budget (precept)" in result.text
    assert result.text.split("\f")[1] == ""


def test_a_pdf_with_no_text_layer_has_pages_and_no_text():
    result = extract("scan.pdf", make_blank_pdf(2))
    assert (result.text, result.pages, result.pages_with_text, result.needs_ocr) == ("\f", 2, 0, True)


def test_a_long_paper_is_read_page_by_page_in_order():
    pages = [[f"Page {n} of the plan", f"Priority {n}: safer streets"] for n in range(1, 41)]
    result = extract("plan.pdf", make_pdf(pages))
    texts = result.text.split("\f")
    assert len(texts) == 40 and all(f"Page {n} of the plan" in texts[n - 1] for n in range(1, 41))


def test_a_damaged_pdf_is_still_refused():
    with pytest.raises(ExtractionError):
        extract("broken.pdf", b"%PDF-1.4\nnot really a pdf")
