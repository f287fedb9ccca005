"""Reads for documents: one paper, as the public or its body's staff may see it."""

from __future__ import annotations

from django.db.models.functions import Length, Substr
from django.http import Http404

from openpcc.core.models import Body

from .models import Document

TEXT_SHOWN = 200_000  # characters of a paper's text on its page; the file has the rest


def document_get(*, body: Body, pk: int, public: bool) -> Document:
    """The document, with ``text_head`` (the first TEXT_SHOWN characters) and ``text_length``
    instead of its whole text, which can run to millions of characters."""
    qs = (
        Document.objects.for_body(body)
        .filter(pk=pk)
        .select_related("parent_type")
        .prefetch_related("parent")
        .defer("text")
        .annotate(text_length=Length("text"), text_head=Substr("text", 1, TEXT_SHOWN))
    )
    if public:
        qs = qs.published()
    document = qs.first()
    if document is None:
        raise Http404("No such document.")
    kind = document.parent_kind
    document.parent_label = kind.label(document.parent) if kind else ""
    document.parent_url = (kind.public_url if public else kind.staff_url)(document.parent) if kind else None
    return document
