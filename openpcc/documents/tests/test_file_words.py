"""A paper's file type is named in words wherever it is shown, as the papers filter names it:
"Word document, 12.0 KB", never "DOCX" or "(TEXT, 20 bytes)"."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openpcc.documents.models import Document
from openpcc.documents.selectors import FILE_TYPES
from openpcc.documents.services import document_add
from tests.factories import actor

pytestmark = pytest.mark.django_db

CODES = re.compile(r"\((?:TEXT|DOCX|text|docx|pdf),")  # "PDF" is the word for a PDF


def _text(html: str) -> str:
    return " ".join(html.replace("\xa0", " ").split())


def test_the_description_is_in_words():
    assert Document(kind="docx", size=12_345).file_description == "Word document, 12.1\xa0KB"
    assert Document(kind="text", size=20).file_description == "Plain text, 20\xa0bytes"
    assert Document(kind="pdf", size=3 * 1024 * 1024).file_description == "PDF, 3.0\xa0MB"
    assert Document(kind="", size=1).kind_label == "File"
    assert {k: Document(kind=k).kind_label for k in FILE_TYPES} == FILE_TYPES  # the filter's words


def test_pages_name_the_file_type_in_words(client, world, login):
    meeting = world.meetings.held
    upload = SimpleUploadedFile("notes.txt", b"Twenty bytes of text", "text/plain")
    paper = document_add(parent=meeting, upload=upload, title="Meeting notes", user=actor())
    pages = {
        "meeting": client.get(f"/test-pcc/meetings/{meeting.pk}/").content.decode(),
        "detail": client.get(f"/test-pcc/documents/{paper.pk}/").content.decode(),
        "list": client.get("/test-pcc/documents/").content.decode(),
    }
    login(world.editor)
    pages["staff detail"] = client.get(f"/staff/test-pcc/documents/{paper.pk}/").content.decode()
    for name, html in pages.items():
        text = _text(html)
        assert "Plain text, 20 bytes" in text, name
        assert not CODES.search(text) and "DOCX" not in text and "(TEXT" not in text, name
