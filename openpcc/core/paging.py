"""Pages of long lists: a page number read safely from the query string, and the slice to show.
Lists page in the database (a count and a LIMIT/OFFSET), so a page costs the same however
long the list grows."""

from __future__ import annotations

import math
from dataclasses import dataclass

PER_PAGE = 50


@dataclass(frozen=True)
class Paging:
    number: int
    pages: int
    total: int
    per_page: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        return self.start + self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_shown(self) -> int:
        return min(self.total, self.start + 1)

    @property
    def last_shown(self) -> int:
        return min(self.total, self.end)


def paging(total: int, page: str | int | None, per_page: int = PER_PAGE) -> Paging:
    """The page asked for, kept within the list (a bad or too-large number gives the nearest page)."""
    pages = max(1, math.ceil(total / per_page))
    try:
        number = int(page or 1)
    except (TypeError, ValueError):
        number = 1
    return Paging(number=min(max(1, number), pages), pages=pages, total=total, per_page=per_page)


def query_without_page(request) -> str:
    """The request's query string less ``page``, for the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
