"""Papers that cannot exhaust the machine (issue 11): a .docx whose parts are out of bounds is
refused before it is stored, extraction runs under a time and a memory limit, text cut at the
limit says so on the page, and a stored file that has gone missing is a clear 404."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpcc.documents import extraction
from openpcc.documents.extraction import ExtractionError, extract_limited
from openpcc.documents.models import Document
from openpcc.documents.sandbox import LimitExceeded, run_limited
from openpcc.documents.services import document_add
from tests.factories import actor

pytestmark = pytest.mark.django_db


def _docx(document_xml: bytes | None = None) -> bytes:
    import docx

    buffer = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Report to the Business Coordination Board")
    d.save(buffer)
    if document_xml is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, document_xml if info.filename == "word/document.xml" else src.read(info))
    return out.getvalue()


@pytest.mark.whole_world
def test_a_docx_that_unpacks_to_100_mb_is_refused_before_it_is_stored(world, settings):
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    huge = head + b"<w:body><w:p><w:r><w:t>" + b"A" * (100 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body></w:document>"
    data = _docx(huge)
    del huge
    assert len(data) < 400 * 1024
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    with pytest.raises(ValidationError) as exc:
        document_add(
            parent=world.meetings.report,
            upload=SimpleUploadedFile("board-report.docx", data),
            title="Board report",
            user=actor(),
        )
    message = exc.value.message_dict["file"][0]
    assert "board-report.docx is too large when unpacked" in message and "word/document.xml" in message
    assert not Document.objects.filter(title="Board report").exists()
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} == before


def test_an_ordinary_docx_is_still_read():
    assert "Business Coordination Board" in extract_limited("report.docx", _docx()).text


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def _allocate(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def _refuse(name: str, data: bytes) -> None:
    raise ExtractionError(f"{name} is not a paper")


def test_work_over_the_time_limit_is_stopped():
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as exc:
        run_limited(_sleep, 30, seconds=1, memory_mb=256)
    assert time.monotonic() - started < 10
    assert "took longer than 1 seconds" in str(exc.value)
    assert run_limited(_sleep, 0, seconds=5, memory_mb=256) == "slept"


def test_work_over_the_memory_limit_is_stopped():
    with pytest.raises(LimitExceeded) as exc:
        run_limited(_allocate, 900, seconds=30, memory_mb=200)
    assert "needed more than 200 MB of memory" in str(exc.value)
    assert run_limited(_allocate, 20, seconds=30, memory_mb=200) == 20 * 1024 * 1024


def test_a_refusal_in_the_child_comes_back_as_itself(monkeypatch):
    monkeypatch.setattr(extraction, "extract", _refuse)
    with pytest.raises(ExtractionError) as exc:
        extract_limited("odd.pdf", b"%PDF-")
    assert str(exc.value) == "odd.pdf is not a paper"


def test_a_paper_that_takes_too_long_fails_with_the_reason_and_the_worker_goes_on(world, monkeypatch, settings):
    settings.OPENPCC_EXTRACTION_SECONDS = 1
    monkeypatch.setattr(extraction, "extract", lambda name, data: _sleep(60))
    started = time.monotonic()
    document = document_add(
        parent=world.meetings.report, upload=SimpleUploadedFile("slow.txt", b"Slow paper"), title="Slow", user=actor()
    )
    document.refresh_from_db()
    assert time.monotonic() - started < 15
    assert document.status == Document.Status.FAILED
    assert document.error == "slow.txt took longer than 1 seconds to read; it was not read."


def test_text_cut_at_the_limit_says_so_on_the_page(client, world):
    words = ("Victims commissioning update for the board. " * 250_000).encode()  # 11 MB of text
    document = document_add(
        parent=world.meetings.report, upload=SimpleUploadedFile("long.txt", words), title="Long paper", user=actor()
    )
    document.refresh_from_db()
    assert document.text_truncated and len(document.text) == extraction.MAX_TEXT_CHARS
    html = client.get(reverse("documents:detail", args=[world.body.slug, document.pk])).content.decode()
    assert "more text than the 5,000,000 characters that are read from a paper" in html
    assert "The first 200,000 characters of the text are shown here" in html
    assert len(html) < 400_000


def test_a_missing_file_is_a_clear_not_found_for_the_public_and_a_problem_for_staff(client, world, login):
    document = world.meetings.public_file
    Path(document.file.path).unlink()
    response = client.get(reverse("documents:file", args=[world.body.slug, document.pk, document.download_name]))
    assert response.status_code == 404
    assert "The file of this paper is missing" in response.content.decode()
    login(world.editor)
    page = client.get(reverse("documents_staff:detail", args=[world.body.slug, document.pk])).content.decode()
    assert "The stored file is missing" in page and "Restore the media folder" in page
    staff = client.get(reverse("documents_staff:file", args=[world.body.slug, document.pk]))
    assert staff.status_code == 404 and "restore the media folder" in staff.content.decode()
