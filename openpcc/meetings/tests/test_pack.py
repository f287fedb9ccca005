"""The agenda pack (issue 16, item 4): one PDF of a meeting's public papers in agenda order, with a
contents page, page numbers that match the meeting page, bookmarks and dated supplements; built in
the background; earlier versions kept; only public papers, ever."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta

import pikepdf
import pypdfium2 as pdfium
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openpcc.documents.services import document_add
from openpcc.meetings import services as m
from openpcc.meetings.models import AgendaPack
from openpcc.meetings.pack import PackPaperSource, PackSection, pack_pdf
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, actor
from tests.papers import make_docx, make_pdf

pytestmark = pytest.mark.django_db


def _pdf(name: str, pages: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf([[line] for line in pages]), content_type="application/pdf")


def _data(pack: AgendaPack) -> bytes:
    with pack.file.open("rb") as fh:
        return fh.read()


def _texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _outline(data: bytes) -> list[tuple[str, int, list[tuple[str, int]]]]:
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        pages = {p.objgen: n for n, p in enumerate(pdf.pages)}

        def where(item) -> int:
            return pages[item.destination[0].objgen]

        return [(i.title, where(i), [(c.title, where(c)) for c in i.children]) for i in outline.root]


@dataclass
class Scene:
    meeting: object
    items: dict
    docs: dict


@pytest.fixture
def scene(world, pinned_now) -> Scene:
    """A meeting three weeks ahead: the meeting's own agenda (text), item 1 with no papers, item 2
    with a report (a 3-page PDF, a Word paper) and an item paper (2 pages), an exempt item 3 with
    a planted paper, item 4 with a one-page PDF; the agenda published after all of them."""
    body, committee = world.body, world.meetings.committee
    meeting = m.meeting_create(
        body=body, committee=committee, date=timezone.localdate() + timedelta(days=21), user=actor()
    )
    items = {
        "1": m.agenda_item_add(meeting=meeting, number="1", title="Apologies", user=actor()),
        "2": m.agenda_item_add(meeting=meeting, number="2", title="Victims services", user=actor()),
        "3": m.agenda_item_add(
            meeting=meeting,
            number="3",
            title=f"Estates {EXEMPT_MARKER}",
            is_exempt=True,
            exempt_reason="Commercially sensitive (paragraph 3)",
            user=actor(),
        ),
        "4": m.agenda_item_add(meeting=meeting, number="4", title="Any other business", user=actor()),
    }
    report = m.report_save(body=body, agenda_item=items["2"], fields={"title": "Victims report"}, user=actor())
    exempt_report = m.report_save(
        body=body, agenda_item=items["3"], fields={"title": f"Lease {EXEMPT_MARKER}"}, user=actor()
    )
    docs = {
        "agenda": document_add(
            parent=meeting,
            upload=SimpleUploadedFile("agenda.txt", b"Agenda of the meeting\n\nAGENDA-TEXT-MARK", "text/plain"),
            title="Agenda",
            user=actor(),
        ),
        "report": document_add(
            parent=report, upload=_pdf("r.pdf", ["REPORT-P1", "REPORT-P2", "REPORT-P3"]), title="Report", user=actor()
        ),
        "word": document_add(
            parent=report,
            upload=SimpleUploadedFile(
                "annex.docx", make_docx(["WORD-PAPER-MARK annex paragraph"]), "application/octet-stream"
            ),
            title="Annex",
            user=actor(),
        ),
        "item2": document_add(
            parent=items["2"], upload=_pdf("i.pdf", ["ITEM-P1", "ITEM-P2"]), title="Item paper", user=actor()
        ),
        "exempt": document_add(
            parent=exempt_report, upload=_pdf("x.pdf", [f"{EXEMPT_MARKER} lease"]), title="Lease", user=actor()
        ),
        "aob": document_add(parent=items["4"], upload=_pdf("a.pdf", ["AOB-P1"]), title="AOB note", user=actor()),
    }
    m.agenda_publish(meeting=meeting, user=actor())
    meeting.refresh_from_db()
    return Scene(meeting=meeting, items=items, docs=docs)


def _build(meeting) -> AgendaPack:
    pack = m.agenda_pack_request(meeting=meeting, user=actor())  # the tests' tasks run inline
    pack.refresh_from_db()
    return pack


def test_the_pack_holds_the_public_papers_in_agenda_order_with_a_contents_page(scene):
    pack = _build(scene.meeting)
    assert pack.status == "done", pack.message
    assert pack.papers_done == pack.papers_total == 5 and pack.message == ""
    data = _data(pack)
    texts = _texts(data)
    # contents (1 page), agenda (1), report (3), Word annex (1), item paper (2), AOB (1)
    assert pack.pages == len(texts) == 9
    contents = " ".join(texts[0].split())
    words = (
        "Contents",
        "Papers for the meeting",
        "Agenda",
        "1. Apologies",
        "No papers",
        "2. Victims services",
        "Report",
        "Annex",
        "Item paper",
        "3. Exempt item",
        "4. Any other business",
        "AOB note",
    )
    at = 0
    for word in words:  # each after the one before
        found = contents.find(word, at)
        assert found >= 0, f"{word} missing or out of order"
        at = found + len(word)
    assert "Commercially sensitive (paragraph 3)" in contents
    assert "Word document, rendered from its text" in contents
    assert "AGENDA-TEXT-MARK" in texts[1]
    assert [t for t in texts if "REPORT-P" in t] == texts[2:5]
    assert "WORD-PAPER-MARK" in texts[5] and "ITEM-P1" in texts[6] and "AOB-P1" in texts[8]
    assert sha(data) == pack.sha256


def sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_page_numbers_labels_and_the_meeting_page_agree(scene, client):
    pack = _build(scene.meeting)
    data = _data(pack)
    texts = _texts(data)
    rows = list(pack.papers.all())
    assert [(r.title, r.first_page, r.last_page) for r in rows] == [
        ("Agenda", 2, 2),
        ("Report", 3, 5),
        ("Annex", 6, 6),
        ("Item paper", 7, 8),
        ("AOB note", 9, 9),
    ]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        labels = [pikepdf.Page(p).label for p in pdf.pages]
    assert labels == [str(n) for n in range(1, 10)]
    for n, text in enumerate(texts, start=1):
        assert f"Agenda pack page {n} of 9" in text  # the visible stamp
    # the contents page gives the same numbers
    assert re.search(r"Report\s+3–5", texts[0]) and re.search(r"Item paper\s+7–8", texts[0])
    page = client.get(reverse("meetings:detail", args=[scene.meeting.body.slug, scene.meeting.pk])).content.decode()
    assert "Agenda pack (PDF, 9 pages)" in page
    for r in rows:
        shown = f"pack pages {r.first_page}" + (f"–{r.last_page}" if r.last_page != r.first_page else "")
        assert shown in page, shown
    assert "REPORT-P1" in texts[rows[1].first_page - 1] and "REPORT-P3" in texts[rows[1].last_page - 1]
    assert "ITEM-P1" in texts[rows[3].first_page - 1] and "ITEM-P2" in texts[rows[3].last_page - 1]


def test_bookmarks_go_to_each_item_and_paper(scene):
    pack = _build(scene.meeting)
    assert _outline(_data(pack)) == [
        ("Contents", 0, []),
        ("Papers for the meeting", 1, [("Agenda", 1)]),
        ("2. Victims services", 2, [("Report", 2), ("Annex", 5), ("Item paper", 6)]),
        ("4. Any other business", 8, [("AOB note", 8)]),
    ]


def test_a_paper_added_after_publication_is_a_dated_supplement_and_the_earlier_version_stays(scene, client):
    first = _build(scene.meeting)
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=True):
        late = document_add(
            parent=scene.items["4"], upload=_pdf("late.pdf", ["LATE-P1", "LATE-P2"]), title="Late paper", user=actor()
        )
        second = _build(scene.meeting)
        added = timezone.localdate()
    assert (first.version, second.version) == (1, 2) and second.pages == 11
    row = second.papers.get(document=late)
    assert (row.first_page, row.last_page, row.supplement_on) == (10, 11, added)
    assert not first.papers.filter(supplement_on__isnull=False).exists()
    marked = f"Supplement, added {added.day} {added:%B %Y}"
    texts = _texts(_data(second))
    assert marked in texts[0] and marked in texts[9] and marked in texts[10] and marked not in texts[8]
    assert _outline(_data(second))[-1][2][-1] == (f"Late paper ({marked})", 9)
    # both versions: the newest offered, the earlier one listed and still served as it was
    page = client.get(reverse("meetings:detail", args=[scene.meeting.body.slug, scene.meeting.pk])).content.decode()
    assert "Agenda pack (PDF, 11 pages)" in page and "Agenda pack, version 1 (PDF, 9 pages)" in page
    assert marked in page
    old = client.get(reverse("meetings:pack_file", args=[scene.meeting.body.slug, scene.meeting.pk, 1]))
    assert old.status_code == 200 and sha(b"".join(old.streaming_content)) == first.sha256
    assert old["Content-Type"] == "application/pdf"


def test_only_public_papers_ever(scene, world, client):
    pack = _build(scene.meeting)
    data = _data(pack)
    whole = "".join(_texts(data))
    assert EXEMPT_MARKER not in whole and "Lease" not in whole
    assert not pack.papers.filter(document=scene.docs["exempt"]).exists()
    # a meeting whose agenda is not published, and a private briefing: no pack, said why
    for meeting in (world.meetings.upcoming, world.meetings.private):
        with pytest.raises(ValidationError, match="not public"):
            m.agenda_pack_request(meeting=meeting, user=actor())
    assert not AgendaPack.objects.exclude(meeting=scene.meeting).exists()
    # the pack is withdrawn from the public when a paper in it stops being public
    item = scene.items["4"]
    m.agenda_item_edit(
        item=item,
        expected_version=item.version,
        user=actor(),
        number="4",
        title="Any other business",
        purpose="",
        presenting="",
        is_exempt=True,
        exempt_reason="Personal information",
        priorities=[],
    )
    body = scene.meeting.body.slug
    assert client.get(reverse("meetings:pack_file", args=[body, scene.meeting.pk, 1])).status_code == 404
    page = client.get(reverse("meetings:detail", args=[body, scene.meeting.pk])).content.decode()
    assert "Agenda pack" not in page and "AOB note" not in page
    # staff still have it; a rebuild leaves the newly exempt paper out
    staff = client.get(reverse("meetings_staff:pack", args=[body, scene.meeting.pk]))
    assert staff.status_code == 302  # anonymous
    again = _build(scene.meeting)
    assert not again.papers.filter(document=scene.docs["aob"]).exists() and again.pages == 8
    for marker in (EXEMPT_MARKER, DRAFT_MARKER, PRIVATE_MARKER):
        assert marker not in "".join(_texts(_data(again)))


def test_a_damaged_pdf_is_named_and_left_out(scene, client):
    damaged = scene.docs["item2"]
    with damaged.file.open("wb") as fh:
        fh.write(b"%PDF-1.4 this is not really a PDF at all")
    pack = _build(scene.meeting)
    assert pack.status == "done" and pack.pages == 7
    assert "Item paper" in pack.message and "damaged" in pack.message
    row = pack.papers.get(document=damaged)
    assert row.first_page is None and "damaged" in row.note
    texts = _texts(_data(pack))
    assert "Not included: the PDF is damaged" in texts[0]
    page = client.get(reverse("meetings:detail", args=[scene.meeting.body.slug, scene.meeting.pk])).content.decode()
    assert "Not in the pack: the PDF is damaged and could not be read." in page


def test_a_meeting_with_no_public_papers_fails_with_the_reason(world):
    meeting = m.meeting_create(
        body=world.body,
        committee=world.meetings.committee,
        date=timezone.localdate() + timedelta(days=30),
        user=actor(),
    )
    m.agenda_item_add(meeting=meeting, number="1", title="Apologies", user=actor())
    m.agenda_publish(meeting=meeting, user=actor())
    pack = _build(meeting)
    assert pack.status == "failed" and "no public papers" in pack.message and not pack.file


def test_staff_build_with_progress_and_roles(scene, world, client):
    body, pk = scene.meeting.body.slug, scene.meeting.pk
    build = reverse("meetings_staff:pack_build", args=[body, pk])
    client.force_login(world.panel_member)
    assert client.post(build).status_code == 403
    assert client.get(reverse("meetings_staff:pack", args=[body, pk])).status_code == 200
    client.force_login(world.editor)
    page = client.get(reverse("meetings_staff:meeting", args=[body, pk])).content.decode()
    assert reverse("meetings_staff:pack", args=[body, pk]) in page
    response = client.post(build, follow=True)
    text = response.content.decode()
    assert "Version 1 of the agenda pack is queued" in text and "Ready" in text and "pack pages 3–5" in text
    assert "refresh" not in text  # nothing running: the page stops refreshing
    pack = AgendaPack.objects.get(meeting=scene.meeting)
    assert client.get(reverse("meetings_staff:pack_file", args=[body, pk, 1])).status_code == 200
    # one that is still being built: its progress, and the page refreshes itself (no script)
    AgendaPack.objects.filter(pk=pack.pk).update(status="building", papers_done=2, papers_total=5)
    text = client.get(reverse("meetings_staff:pack", args=[body, pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in text and "2 of 5 papers read (40%)" in text
    # a second request while one is being built is refused with the reason, and makes nothing
    text = client.post(build, follow=True).content.decode()
    assert "being built already" in text and AgendaPack.objects.count() == 1


def test_the_request_needs_a_meeting_role(scene, world):
    with pytest.raises(PermissionDenied):
        m.agenda_pack_request(meeting=scene.meeting, user=world.panel_member)
    assert not AgendaPack.objects.exists()


def test_the_assembly_alone_handles_rotated_and_unreadable_papers():
    """``pack_pdf`` on bytes (what the bench times): a rotated page keeps its stamp readable, an
    encrypted or empty PDF is left out with its reason."""
    from tests.papers import make_encrypted_pdf, make_zero_page_pdf

    rotated = pikepdf.open(io.BytesIO(make_pdf([["ROTATED-MARK"]])))
    rotated.pages[0].Rotate = 90
    buffer = io.BytesIO()
    rotated.save(buffer)
    sections = [
        PackSection("1. One", [PackPaperSource("Rotated", "pdf", data=buffer.getvalue())]),
        PackSection(
            "2. Two",
            [
                PackPaperSource("Locked", "pdf", data=make_encrypted_pdf()),
                PackPaperSource("Empty", "pdf", data=make_zero_page_pdf()),
                PackPaperSource("Words", "text", text=""),
            ],
        ),
    ]
    result = pack_pdf(title="T", subtitle="S", sections=sections)
    assert result.pages == 2
    notes = {p.source.title: p.note for p in result.skipped}
    assert notes == {
        "Locked": "the PDF is protected by a password",
        "Empty": "the PDF has no pages",
        "Words": "the text of this plain text has not been extracted yet",
    }
    assert "Agenda pack page 2 of 2" in _texts(result.data)[1]
