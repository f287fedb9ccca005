"""Uploading papers: checks before storage, real PDF/Word/text extraction, the OCR flag,
publication of documents and their text in search."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpcc.documents import services
from openpcc.documents.models import Document
from openpcc.search.backends import search
from tests.factories import PRIVATE_MARKER, actor
from tests.papers import (
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_fake_docx,
    make_pdf,
    make_zero_page_pdf,
)

pytestmark = pytest.mark.django_db


def _up(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "is empty"),
        ("fake.pdf", b"<html>not a pdf</html>", "is called a PDF but is not one"),
        ("locked.pdf", None, "protected by a password"),
        ("nothing.pdf", None, "a PDF with no pages"),
        ("report.docx", b"plain words", "is not a Word document"),
        ("album.docx", None, "is a zip file but not a Word document"),
        ("binary.txt", b"\x00\x01\x02\x00", "not a text file"),
        ("run.exe", b"MZ", "upload a PDF, a Word document"),
    ],
)
@pytest.mark.whole_world
def test_bad_files_are_refused_and_nothing_stored(world, name, data, message):
    data = {"locked.pdf": make_encrypted_pdf, "nothing.pdf": make_zero_page_pdf, "album.docx": make_fake_docx}.get(
        name, lambda: data
    )()
    before = Document.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.document_add(parent=world.meetings.report, upload=_up(name, data), user=world.editor)
    assert message in exc.value.message_dict["file"][0] and name in exc.value.message_dict["file"][0]
    assert Document.objects.count() == before


def test_pdf_text_is_extracted_page_by_page(world):
    doc = services.document_add(
        parent=world.meetings.report,
        upload=_up(
            "paper.pdf",
            make_pdf(
                [["Integrated mental health team", "in the force control room"], ["Second page about Chord Park"]]
            ),
        ),
        user=actor(),
    )
    doc.refresh_from_db()
    assert doc.status == Document.Status.DONE and doc.pages == 2
    assert "Integrated mental health team" in doc.text and "Chord Park" in doc.text
    assert doc.extraction_seconds is not None and len(doc.sha256) == 64 and doc.size > 0


def test_word_and_text_are_extracted(world):
    docx = services.document_add(
        parent=world.meetings.report,
        upload=_up(
            "minutes.docx",
            make_docx(
                ["The Panel noted the report.", "Refuge provision in Fenland"],
                [["Fund", "Budget"], ["Victims Fund", "£3.46m"]],
            ),
        ),
        user=actor(),
    )
    txt = services.document_add(
        parent=world.meetings.report, upload=_up("notes.txt", "Café — notes\n".encode()), user=actor()
    )
    docx.refresh_from_db()
    txt.refresh_from_db()
    assert "Refuge provision in Fenland" in docx.text and "Victims Fund\t£3.46m" in docx.text
    assert txt.text.startswith("Café") and txt.status == Document.Status.DONE


def test_scanned_pdf_is_flagged_for_ocr(world):
    doc = services.document_add(parent=world.meetings.report, upload=_up("scan.pdf", make_blank_pdf(3)), user=actor())
    doc.refresh_from_db()
    assert doc.status == Document.Status.NO_TEXT and doc.pages == 3 and "needs OCR" in doc.error


def test_huge_single_line_is_handled(world):
    line = ("word " * 400_000).encode()  # 2 MB on one line
    doc = services.document_add(parent=world.meetings.report, upload=_up("long.txt", line), user=actor())
    doc.refresh_from_db()
    assert doc.status == Document.Status.DONE and len(doc.text) == len(line)


def test_same_file_twice_is_refused(world):
    data = make_pdf([["Once only"]])
    services.document_add(parent=world.meetings.report, upload=_up("a.pdf", data), user=actor())
    with pytest.raises(ValidationError) as exc:
        services.document_add(parent=world.meetings.report, upload=_up("b.pdf", data), user=actor())
    assert "already attached here" in exc.value.message_dict["file"][0]


@pytest.mark.whole_world
def test_documents_follow_their_parent_into_public_and_search(client, world):
    assert search("Commissioning of victim services Hub", kinds=["document"]).total == 1
    assert search(PRIVATE_MARKER).total == 0
    public = world.meetings.public_file
    html = client.get(reverse("documents:detail", args=["test-pcc", public.pk])).content.decode()
    assert "Commissioning of victim services" in html and "Text extracted" in html
    assert client.get(reverse("documents:detail", args=["test-pcc", world.meetings.private_file.pk])).status_code == 404
    draft_doc = services.document_add(
        parent=world.meetings.upcoming.items.get(),
        upload=_up("draft.pdf", make_pdf([["Unpublished agenda paper"]])),
        user=actor(),
    )
    assert search("Unpublished agenda paper").total == 0
    assert client.get(reverse("documents:detail", args=["test-pcc", draft_doc.pk])).status_code == 404
    from openpcc.meetings.services import agenda_publish

    agenda_publish(meeting=world.meetings.upcoming, user=actor())
    assert search("Unpublished agenda paper").total == 1


def test_upload_page(client, world, login):
    login(world.editor)
    url = reverse("documents_staff:upload", args=["test-pcc", "report", world.meetings.report.pk])
    response = client.post(url, {"file": _up("fake.pdf", b"nope"), "title": ""})
    assert "is called a PDF but is not one" in response.content.decode()
    response = client.post(url, {"file": _up("real.pdf", make_pdf([["Safer Streets bid"]])), "title": "Bid"})
    doc = Document.objects.get(title="Bid")
    assert response.status_code == 302 and doc.status == Document.Status.DONE
    assert (
        "Safer Streets bid" in client.get(reverse("documents_staff:detail", args=["test-pcc", doc.pk])).content.decode()
    )
    assert client.get(reverse("documents_staff:upload", args=["test-pcc", "nonsense", 1])).status_code == 404
    client.logout()
    login(world.panel_member)
    assert client.post(url, {"file": _up("x.pdf", make_pdf([["x"]]))}).status_code == 403


def test_a_paper_downloads_from_an_address_that_names_it(client, world):
    """The public file address ends with the file's safe name and true extension (so a link says
    what it downloads); the earlier address and a stale name lead there; an unpublished paper has
    neither."""
    paper, private = world.meetings.public_file, world.meetings.private_file
    slug = world.body.slug
    url = reverse("documents:file", args=[slug, paper.pk, paper.download_name])
    assert url.endswith(f"/documents/{paper.pk}/{paper.download_name}") and paper.download_name.endswith(".pdf")
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("documents:file_redirect", args=[slug, paper.pk])).headers["Location"] == url
    assert client.get(reverse("documents:file", args=[slug, paper.pk, "old-name.pdf"])).headers["Location"] == url
    assert client.get(f"/{slug}/documents/{paper.pk}/{paper.download_name[:-4]}.exe").status_code == 404
    for address in (
        reverse("documents:file", args=[slug, private.pk, private.download_name]),
        reverse("documents:file_redirect", args=[slug, private.pk]),
    ):
        assert client.get(address).status_code == 404
    page = client.get(reverse("documents:detail", args=[slug, paper.pk])).content.decode()
    assert f'href="{url}"' in page
