"""Reads for the public search page."""

from __future__ import annotations

from dataclasses import dataclass

from openpcc.core.models import Body
from openpcc.core.paging import Paging
from openpcc.core.params import year_value
from openpcc.core.selectors import body_public_list

from .backends import Results, finds_any, search, terms
from .index import kind_labels
from .vocabulary import suggest


@dataclass
class SearchPage:
    results: Results
    bodies: list[Body]
    body: Body | None
    kind: str
    year: str
    kinds: dict[str, str]
    body_names: dict[int, Body]
    # "Did you mean …?": the query with its unknown words spelt as the index's vocabulary has them
    suggestion: str = ""

    @property
    def paging(self) -> Paging:
        r = self.results
        return Paging(number=r.page, pages=r.pages, total=r.total, per_page=r.per_page)


def search_page_get(*, q: str, body: str = "", kind: str = "", year: str = "", page: str = "1") -> SearchPage:
    bodies = list(body_public_list())
    by_slug = {b.slug: b for b in bodies}
    chosen = by_slug.get(body)
    labels = kind_labels()
    kinds = [kind] if kind in labels else None
    results = search(
        q,
        body_id=chosen.pk if chosen else None,
        kinds=kinds,
        year=year_value(year),
        page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10_000 else 1,
        partial=True,
    )
    suggestion = ""
    if results.partial or not results.total:  # only when the all-words search found nothing
        fixed = suggest(terms(q))
        if fixed:
            suggestion = " ".join(f'"{t}"' if " " in t else t for t in fixed)
        # The vocabulary is every body's: within a body (or a type or year), a suggestion is
        # offered only if it finds something there (one more query).
        scope = {"body_id": chosen.pk if chosen else None, "kinds": kinds, "year": year_value(year)}
        if suggestion and (chosen or kinds or scope["year"] is not None) and not finds_any(suggestion, **scope):
            suggestion = ""
    return SearchPage(
        results=results,
        bodies=bodies,
        body=chosen,
        kind=kind if kind in labels else "",
        year=year,
        kinds=labels,
        body_names={b.pk: b for b in bodies},
        suggestion=suggestion,
    )
