"""Public document pages: what the paper is, its text, and the file."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from openpcc.core.navigation import body_page_context
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .responses import TEXT, file_response


@public_page()
def document_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    document = selectors.document_get(body=body, pk=pk, public=True)
    return render(
        request, "documents/detail.html", body_page_context(body, "meetings", document=document, public=True, **TEXT)
    )


def document_file(request: HttpRequest, body_slug: str, pk: int) -> FileResponse:
    body = body_public_get(slug=body_slug)
    return file_response(selectors.document_get(body=body, pk=pk, public=True), public=True)
