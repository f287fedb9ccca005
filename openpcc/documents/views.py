"""Public document pages: a body's papers; what a paper is, its text, and the file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .responses import TEXT, file_response


@public_page("parent", "year", "q", "type", "page")
def document_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    params = request.params
    papers = selectors.document_public_list(
        body=body,
        parent=params["parent"],
        year=params["year"],
        q=params["q"],
        file_type=params["type"],
        page=params["page"],
    )
    return render(
        request,
        "documents/list.html",
        body_page_context(body, "documents", papers=papers, params=params, query=query_without_page(request)),
    )


@public_page()
def document_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    document = selectors.document_get(body=body, pk=pk, public=True)
    return render(
        request, "documents/detail.html", body_page_context(body, "documents", document=document, public=True, **TEXT)
    )


def document_file(request: HttpRequest, body_slug: str, pk: str, filename: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    document = selectors.document_get(body=body, pk=int(pk), public=True)
    if filename != document.download_name:  # renamed since the link was made
        return redirect("documents:file", body.slug, document.pk, document.download_name, permanent=True)
    return file_response(document, public=True)


def document_file_redirect(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    """The file's earlier address: on to the one that names it."""
    body = body_public_get(slug=body_slug)
    document = selectors.document_get(body=body, pk=pk, public=True)
    return redirect("documents:file", body.slug, document.pk, document.download_name, permanent=True)
