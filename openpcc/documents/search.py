"""How public papers become search entries: their extracted text, under their title. A paper's
entry changes when it does, and when anything changes that decides whether its parent's papers
are public (each kind of parent says what, in core.registry)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from openpcc.core.registry import Roots, Searchable, paper_parents, register_searchable
from openpcc.search.bulk import Row, plain, register_bulk, url_filler
from openpcc.search.index import as_date

from .models import Document

TEXT_INDEXED = 400_000  # characters of a paper's text in its entry


def document_entry(doc: Document) -> dict:
    return {
        "body_id": doc.body_id,
        "title": f"{doc.title} ({doc.kind.upper()})",
        "text": doc.text[:TEXT_INDEXED],
        "url": reverse("documents:detail", args=[doc.body.slug, doc.pk]),
        "date": as_date(doc.uploaded_at),
    }


def document_rows(qs) -> Iterator[Row]:
    """document_entry for many papers at once (search.bulk)."""
    url = url_filler("documents:detail", "zq-body", "918273645546372819")
    for pk, body_id, title, kind, text, slug, uploaded_at in plain(qs).values_list(
        "pk", "body_id", "title", "kind", "text", "body__slug", "uploaded_at"
    ):
        yield pk, body_id, f"{title} ({kind.upper()})", text[:TEXT_INDEXED], url(slug, pk), as_date(uploaded_at)


def paper_roots() -> Roots:
    """A paper is re-indexed when it changes, and when anything its parent's public rule
    depends on changes: whatever kinds of parent are registered, by whichever app."""
    found: dict[type[models.Model], list[Callable[[Any], Iterable[int]]]] = {Document: [lambda o: [o.pk]]}
    for parent in paper_parents():
        for model, affected in parent.affected_by.items():
            found.setdefault(model, []).append(_papers_of(parent.model, affected))
    return {model: _union(finders) for model, finders in found.items()}


def _papers_of(model: type[models.Model], affected: Callable[[Any], Iterable[int]]) -> Callable[[Any], list[int]]:
    def find(instance) -> list[int]:
        ids = list(affected(instance))
        if not ids:
            return []
        parent_type = ContentType.objects.get_for_model(model)
        return list(Document.objects.filter(parent_type=parent_type, parent_id__in=ids).values_list("pk", flat=True))

    return find


def _union(finders: list[Callable[[Any], Iterable[int]]]) -> Callable[[Any], list[int]]:
    return lambda instance: [pk for find in finders for pk in find(instance)]


def register() -> None:
    register_bulk("document", document_rows)
    register_searchable(
        Searchable(
            "document",
            "Document",
            lambda: Document.objects.published().filter(status=Document.Status.DONE).select_related("body"),
            document_entry,
            paper_roots,
        )
    )
