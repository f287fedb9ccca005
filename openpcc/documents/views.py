"""Document pages: public (what the paper is, its text, the file) and staff (upload,
extraction progress, re-run)."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpcc.core.forms import GovukForm, run_service
from openpcc.core.models import Body
from openpcc.core.navigation import body_page_context
from openpcc.core.params import public_page
from openpcc.core.permissions import CLERK_ROLES, STAFF_ROLES, body_staff_view
from openpcc.core.registry import paper_parent
from openpcc.core.selectors import body_public_get

from . import selectors, services
from .extraction import MAX_TEXT_CHARS
from .models import Document

logger = logging.getLogger(__name__)
TEXT = {"text_shown": selectors.TEXT_SHOWN, "text_limit": MAX_TEXT_CHARS}


def _file_response(document: Document, *, public: bool) -> FileResponse:
    try:
        # Asked first: an object store opens a missing file without complaint and fails mid-download.
        if not document.file.storage.exists(document.file.name):
            raise FileNotFoundError(document.file.name)
        handle = document.file.open("rb")
    except OSError:
        # A database restored without its media folder, or a file lost from storage: a clear 404
        # for the public, the way to mend it for staff, and an error in the log for whoever runs it.
        logger.error("The stored file of document %s (%s) is missing.", document.pk, document.file.name)
        raise Http404(
            "The file of this paper is missing. The office that published it has been told."
            if public
            else f"The stored file {document.file.name} is missing: restore the media folder from the latest "
            "backup (see docs/deploy.md)."
        ) from None
    response = FileResponse(
        handle, as_attachment=False, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@public_page()
def document_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    document = selectors.document_get(body=body, pk=pk, public=True)
    return render(
        request, "documents/detail.html", body_page_context(body, "meetings", document=document, public=True, **TEXT)
    )


def document_file(request: HttpRequest, body_slug: str, pk: int) -> FileResponse:
    body = body_public_get(slug=body_slug)
    return _file_response(selectors.document_get(body=body, pk=pk, public=True), public=True)


@body_staff_view(STAFF_ROLES)
def staff_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    document = selectors.document_get(body=body, pk=pk, public=False)
    return render(
        request,
        "documents/detail.html",
        {
            "body": body,
            "staff_page": True,
            "document": document,
            "public": False,
            "file_missing": not document.file.storage.exists(document.file.name),
            **TEXT,
        },
    )


@body_staff_view(STAFF_ROLES)
def staff_file(request: HttpRequest, body: Body, pk: int) -> FileResponse:
    return _file_response(selectors.document_get(body=body, pk=pk, public=False), public=False)


@body_staff_view(CLERK_ROLES)
@require_POST
def staff_reextract(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    document = selectors.document_get(body=body, pk=pk, public=False)
    services.document_reextract(document=document, user=request.user)
    messages.success(request, "Text extraction has been queued again.")
    return redirect("documents_staff:detail", body.slug, pk)


class UploadForm(GovukForm):
    file = forms.FileField(label="File", help_text="A PDF, a Word document (.docx) or a text file, up to 50 MB.")
    title = forms.CharField(
        label="Title", max_length=300, required=False, help_text="Leave blank to use the file name."
    )


def _parent(body: Body, kind: str, pk: int):
    registered = paper_parent(kind)
    if registered is None:
        raise Http404("Papers cannot be attached to that kind of record.")
    parent = registered.model.objects.for_body(body).filter(pk=pk).first()
    if parent is None:
        raise Http404("No such record at this body.")
    return parent


@body_staff_view(CLERK_ROLES)
def staff_upload(request: HttpRequest, body: Body, kind: str, pk: int) -> HttpResponse:
    parent = _parent(body, kind, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        document = run_service(
            form, lambda d: services.document_add(parent=parent, upload=d["file"], title=d["title"], user=request.user)
        )
        if document:
            messages.success(request, f"{document.title} uploaded; its text is being extracted.")
            return redirect("documents_staff:detail", body.slug, document.pk)
    return render(request, "documents/upload.html", {"body": body, "staff_page": True, "form": form, "parent": parent})
