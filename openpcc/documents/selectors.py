"""Reads for documents and the search page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.functions import Length, Substr
from django.http import Http404

from openpcc.core.models import Body
from openpcc.core.paging import Paging
from openpcc.core.params import year_value
from openpcc.core.selectors import bodies_public_list

from .models import Document
from .search import Results, search
from .search.indexers import kind_labels

TEXT_SHOWN = 200_000  # characters of a paper's text on its page; the file has the rest


def document_get(*, body: Body, pk: int, public: bool) -> Document:
    """The document, with ``text_head`` (the first TEXT_SHOWN characters) and ``text_length``
    instead of its whole text, which can run to millions of characters."""
    qs = (
        Document.objects.for_body(body)
        .filter(pk=pk)
        .select_related("report", "report__agenda_item__meeting", "agenda_item__meeting", "meeting", "decision")
        .defer("text")
        .annotate(text_length=Length("text"), text_head=Substr("text", 1, TEXT_SHOWN))
    )
    if public:
        qs = qs.published()
    document = qs.first()
    if document is None:
        raise Http404("No such document.")
    return document


@dataclass
class SearchPage:
    results: Results
    bodies: list[Body]
    body: Body | None
    kind: str
    year: str
    kinds: dict[str, str]
    body_names: dict[int, Body]

    @property
    def paging(self) -> Paging:
        r = self.results
        return Paging(number=r.page, pages=r.pages, total=r.total, per_page=r.per_page)


def search_page(*, q: str, body: str = "", kind: str = "", year: str = "", page: str = "1") -> SearchPage:
    bodies = list(bodies_public_list())
    by_slug = {b.slug: b for b in bodies}
    chosen = by_slug.get(body)
    labels = kind_labels()
    results = search(
        q,
        body_id=chosen.pk if chosen else None,
        kinds=[kind] if kind in labels else None,
        year=year_value(year),
        page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10_000 else 1,
    )
    return SearchPage(
        results=results,
        bodies=bodies,
        body=chosen,
        kind=kind if kind in labels else "",
        year=year,
        kinds=labels,
        body_names={b.pk: b for b in bodies},
    )
