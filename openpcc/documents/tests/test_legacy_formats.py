"""The older formats an archive holds (issue 15): Word 97-2003, RTF, saved web pages and
OpenDocument text are read into lines the parsers can use, recognised by their content when
their name says otherwise; what cannot be read is refused with what to do about it. The files
are made in the tests (tests/legacy_papers.py) in our own words."""

from __future__ import annotations

import struct

import pytest

from openpcc.documents.extraction import ExtractionError, extract, extract_limited
from tests.legacy_papers import compound_file, make_doc, make_html, make_mht, make_odt, make_rtf
from tests.papers import make_docx

MINUTES_DOC = [
    ("Minutes of the meeting of the Scrutiny Panel held on 4 March 2020\r", True),
    ("Present: Cllr Ann Example (Chair) \u2013 Northtown Council\rBudget: £1,200 for the caf\u00e9\r", False),
    ("Name\x07Council\x07\x07Cllr B Sample\x07Southtown\x07\x07", True),
    ('See \x13 HYPERLINK "https://example.org/" \x14the panel\'s page\x15 for papers.\x13 PAGE \x141\x15\r', True),
    ("Page two starts here\x0cafter a break\x0bon a new line\r", False),
]


def _archive(name: str, data: bytes) -> str:
    return extract(name, data, archive=True).text


def test_a_word_97_document_is_read_through_its_piece_table():
    text = _archive("2020/minutes.doc", make_doc(MINUTES_DOC))
    assert text.splitlines() == [
        "Minutes of the meeting of the Scrutiny Panel held on 4 March 2020",
        "Present: Cllr Ann Example (Chair) \u2013 Northtown Council",
        "Budget: £1,200 for the caf\u00e9",
        "Name\tCouncil",
        "Cllr B Sample\tSouthtown",
        "See the panel's page for papers.1",
        "Page two starts here",
        "after a break",
        "on a new line",
    ]
    assert "HYPERLINK" not in text and "\x07" not in text
    nested = make_doc([('Page \x13 IF \x13 PAGE \x142\x15 > 1 "later" \x14later\x15 of the minutes\r', True)])
    assert _archive("nested.doc", nested) == "Page later of the minutes"


def test_a_fast_saved_document_comes_out_in_the_order_of_its_pieces():
    # pieces stored out of order in the stream are read in the order the piece table gives
    doc = bytearray(make_doc([("first part, ", True), ("second part.\r", True)]))
    word_start = 512 * (1 + 2)  # header, FAT, directory: the WordDocument stream comes first
    first, second = b"first part, ", b"second part.\r"
    text_at = word_start + 0x400
    assert bytes(doc[text_at : text_at + len(first)]) == first
    doc[text_at : text_at + len(first) + len(second)] = second + first
    table_start = word_start + 4096  # then the 1Table stream, where the piece table is
    offset_of = table_start + 1 + 4 + 3 * 4  # the first piece's descriptor
    struct.pack_into("<I", doc, offset_of + 2, ((0x400 + len(second)) * 2) | 0x40000000)
    struct.pack_into("<I", doc, offset_of + 8 + 2, (0x400 * 2) | 0x40000000)
    assert _archive("fast.doc", bytes(doc)) == "first part, second part."


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("saved-as-rtf.doc", make_rtf(["Word saved this as RTF"]), "Word saved this as RTF"),
        ("web.doc", make_html("<p>Word saved this as a web page</p>"), "Word saved this as a web page"),
        ("renamed.docx", make_doc([("A .doc renamed .docx\r", True)]), "A .doc renamed .docx"),
        ("renamed.doc", make_docx(["A .docx renamed .doc"]), "A .docx renamed .doc"),
        ("page.htm", make_mht(make_html("<p>A single-file page named .htm</p>")), "A single-file page named .htm"),
    ],
)
def test_files_are_read_by_what_they_are_not_what_they_are_called(name, data, expected):
    assert _archive(name, data) == expected


def _excel_file() -> bytes:
    return compound_file({"Workbook": bytes(4096)})


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.doc", b"just some words, not Word", "notes.doc is called a Word document but is not one"),
        ("cut.doc", make_doc(MINUTES_DOC)[:2500], "cut.doc is a damaged Word document"),
        ("locked.doc", make_doc(MINUTES_DOC, encrypted=True), "locked.doc is protected by a password"),
        ("old.doc", make_doc(MINUTES_DOC, nfib=0x0068), "old.doc was made by Word 6 or Word 95"),
        ("budget.doc", _excel_file(), "budget.doc is an Excel workbook"),
        ("notes.rtf", b"plain words in an .rtf", "notes.rtf is called an RTF file but is not one"),
        ("empty.rtf", b"", "empty.rtf is empty"),
        ("album.odt", make_docx(["a Word file named .odt"]), "album.odt is a zip file but not an OpenDocument text"),
        ("figures.xlsx", b"PK\x03\x04", "figures.xlsx is a spreadsheet: save it as PDF"),
        ("scan.jpg", b"\xff\xd8\xff", "scan.jpg is a picture: a scanned paper needs OCR"),
        ("papers.7z", b"7z\xbc\xaf", "papers.7z is an archive that is not a zip: unpack it"),
        ("minutes.wpd", b"\xffWPC", "save it as .docx or PDF"),
        ("README", b"words", "README is a file without an extension, which is not read: save it as a PDF"),
    ],
)
def test_what_cannot_be_read_is_refused_saying_what_to_do(name, data, message):
    with pytest.raises(ExtractionError) as exc:
        _archive(name, data)
    assert message in str(exc.value)
    if "damaged" in message or "not one" in message:
        assert "save it as .docx or PDF and import it again" in str(exc.value)


def test_rtf_keeps_paragraphs_characters_and_table_cells_and_drops_its_tables_of_fonts():
    rtf = make_rtf(
        ["Minutes of the Audit Committee", "Caf\u00e9 bill: £40 \u2013 paid; \u0141\u00f3d\u017a {braces} back\\slash"],
        table=[["Present", "Council"], ["Cllr C Person", "Easttown"]],
    )
    lines = _archive("audit.rtf", rtf).splitlines()
    assert lines == [
        "Minutes of the Audit Committee",
        "Caf\u00e9 bill: £40 \u2013 paid; \u0141\u00f3d\u017a {braces} back\\slash",
        "Present\tCouncil",
        "Cllr C Person\tEasttown",
    ]
    assert not any("Times New Roman" in line or "A title that is not text" in line for line in lines)


def test_a_saved_web_page_keeps_headings_lists_and_tables_and_drops_the_site_around_them():
    body = """
      <h1>Police and Crime Panel - Monday, 6 July 2020 10.00 am</h1>
      <p>Venue: <strong>Council   Chamber</strong>,
         Town Hall</p>
      <h2>Items</h2>
      <ol><li>Apologies for absence</li><li>Declarations of interest</li></ol>
      <table><tr><th>Member</th><th>Council</th></tr><tr><td>Cllr D Person</td><td>Westtown</td></tr></table>
      <p>Contact: Clerk&nbsp;to the Panel<br>Tel: 01234 567890</p>
      <p class=MsoListParagraph><![if !supportLists]><span>(a)<span>&nbsp;&nbsp; </span></span><![endif]>noted</p>
      <div role="navigation">Back to top</div><!-- a comment with words -->
      <button>Share this page</button>
    """
    text = _archive("panel.htm", make_html(body, charset="windows-1252"))
    assert text.splitlines() == [
        "Police and Crime Panel - Monday, 6 July 2020 10.00 am",
        "Venue: Council Chamber, Town Hall",
        "Items",
        "Apologies for absence",
        "Declarations of interest",
        "Member\tCouncil",
        "Cllr D Person\tWesttown",
        "Contact: Clerk to the Panel",
        "Tel: 01234 567890",
        "(a) noted",
    ]
    for gone in ("Home", "Site map", "tracking", "color", "Cookie", "Back to top", "comment", "Share", "Page title"):
        assert gone not in text, gone


def test_web_pages_are_decoded_by_their_declared_character_set():
    page = make_html("<p>Budget £2m \u2013 agreed</p>", charset="windows-1252")
    assert _archive("budget.html", page) == "Budget £2m \u2013 agreed"
    undeclared = b"<html><body><p>Budget \xc2\xa33m</p></body></html>"  # UTF-8 without saying so
    assert _archive("budget.html", undeclared) == "Budget £3m"
    assert _archive("saved.mht", make_mht(page, charset="windows-1252")) == "Budget £2m \u2013 agreed"


def test_opendocument_text_is_read():
    assert _archive("minutes.odt", make_odt(["Minutes", "First  paragraph", "Second"])).splitlines() == [
        "Minutes",
        "First  paragraph",
        "Second",
    ]


def test_a_body_s_documents_still_take_only_pdf_word_and_text():
    # the older formats are read when importing an archive, never stored as a body's documents
    with pytest.raises(ExtractionError, match="upload a PDF, a Word document"):
        extract("minutes.rtf", make_rtf(["Minutes"]))


def test_the_older_formats_are_read_in_the_limited_child():
    result = extract_limited("2020/minutes.doc", make_doc(MINUTES_DOC), archive=True, seconds=30)
    assert result.text.startswith("Minutes of the meeting of the Scrutiny Panel") and result.pages == 1
    with pytest.raises(ExtractionError, match=r"cut\.doc is a damaged Word document"):
        extract_limited("cut.doc", make_doc(MINUTES_DOC)[:2500], archive=True, seconds=30)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.doc", make_doc(MINUTES_DOC)),
        ("minutes.rtf", make_rtf(["Minutes", "Caf\u00e9 £5"], table=[["a", "b"]])),
        ("minutes.htm", make_html("<h1>Minutes</h1><p>x</p><table><tr><td>a</td></tr></table>", charset="utf-16")),
        ("minutes.mht", make_mht(make_html("<p>Minutes</p>"))),
        ("minutes.odt", make_odt(["Minutes", "one", "two"])),
    ],
)
def test_damaged_files_of_every_format_give_a_reason_never_a_crash(name, data):
    import random

    rng = random.Random(name)
    for attempt in range(150):
        damaged = bytearray(data)
        if attempt % 3 == 0:  # bytes overwritten
            for _ in range(rng.randint(1, 40)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif attempt % 3 == 1:  # cut short
            damaged = damaged[: rng.randrange(len(damaged))]
        else:  # bytes inserted
            at = rng.randrange(len(damaged))
            damaged[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        try:
            extract(name, bytes(damaged), archive=True)
        except ExtractionError as exc:
            assert name in str(exc)
