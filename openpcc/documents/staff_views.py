"""Staff document pages: a paper with its extraction progress (re-run it), its file, and the
upload of a paper to any record that can carry one."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpcc.core.forms import run_service
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import CLERK_ROLES, STAFF_ROLES, body_staff_view
from openpcc.core.registry import paper_parent

from . import selectors, services
from .forms import UploadForm
from .responses import TEXT, file_response


@body_staff_view(STAFF_ROLES)
def detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    document = selectors.document_get(body=body, pk=pk, public=False)
    return render(
        request,
        "documents/detail.html",
        staff_page_context(
            request,
            body,
            document=document,
            public=False,
            file_missing=not document.file.storage.exists(document.file.name),
            **TEXT,
        ),
    )


@body_staff_view(STAFF_ROLES)
def file_download(request: HttpRequest, body: Body, pk: int) -> FileResponse:
    return file_response(selectors.document_get(body=body, pk=pk, public=False), public=False)


@body_staff_view(CLERK_ROLES)
@require_POST
def reextract(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    document = selectors.document_get(body=body, pk=pk, public=False)
    services.document_reextract(document=document, user=request.user)
    messages.success(request, "Text extraction has been queued again.")
    return redirect("documents_staff:detail", body.slug, pk)


def _parent(body: Body, kind: str, pk: int):
    registered = paper_parent(kind)
    if registered is None:
        raise Http404("Papers cannot be attached to that kind of record.")
    parent = registered.model.objects.for_body(body).filter(pk=pk).first()
    if parent is None:
        raise Http404("No such record at this body.")
    return parent


@body_staff_view(CLERK_ROLES)
def upload(request: HttpRequest, body: Body, kind: str, pk: int) -> HttpResponse:
    parent = _parent(body, kind, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        document = run_service(
            form, lambda d: services.document_add(parent=parent, upload=d["file"], title=d["title"], user=request.user)
        )
        if document:
            messages.success(request, f"{document.title} uploaded; its text is being extracted.")
            return redirect("documents_staff:detail", body.slug, document.pk)
    return render(request, "documents/staff/upload.html", staff_page_context(request, body, form=form, parent=parent))
