"""The entries of many records at once, for a full rebuild of the index.

A kind's ``entry(record)`` (``core.registry.Searchable``) makes one record's entry from model
instances: right for a save, slow for a million records (instances, related managers, a
``reverse()`` per row). A kind may also register ``rows(queryset)`` here: the entries of the
records of ``queryset`` (always a chunk of the kind's own *published* queryset, so the public
rule stays in one place) as plain tuples ``(object_id, body_id, title, text, url, date)``, read
with ``values_list`` and a fixed number of queries per chunk, with URLs filled into a template
(``url_filler``). The rebuild uses it when a kind has one; ``search/tests/test_bulk.py`` checks,
kind by kind and value by value, that it gives exactly the entries ``entry()`` gives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.db import models
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

Row = tuple[int, int, str, str, str, date | None]
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@dataclass(frozen=True)
class BulkEntries:
    kind: str
    rows: Callable[[models.QuerySet], Iterable[Row]]


_BULK: dict[str, BulkEntries] = {}


def register_bulk(kind: str, rows: Callable[[models.QuerySet], Iterable[Row]]) -> None:
    """``rows(queryset)``: the entries of the records of ``queryset`` (a chunk of the kind's
    published queryset), as ``(object_id, body_id, title, text, url, date)``."""
    _BULK[kind] = BulkEntries(kind, rows)


def bulk_rows(kind: str) -> Callable[[models.QuerySet], Iterable[Row]] | None:
    found = _BULK.get(kind)
    return found.rows if found else None


def url_filler(name: str, *stand_ins: str) -> Callable[..., str]:
    """``reverse(name, args=args)`` for many records at the cost of joining strings: the URL is
    reversed once with ``stand_ins`` (arguments its pattern accepts, none inside another or in
    the rest of the URL), and each call puts its arguments, quoted as reverse() quotes them, in
    their places. The arguments are not checked against the pattern: they are the records' own
    keys and slugs, which their models already keep valid."""
    url = reverse(name, args=stand_ins)
    parts: list[str] = []
    rest = url
    for stand_in in stand_ins:
        quoted = quote(stand_in, safe=_SAFE)
        if url.count(quoted) != 1:
            raise ValueError(f"{name}: the stand-in {stand_in!r} is not once and once only in {url!r}")
        before, _, rest = rest.partition(quoted)
        parts.append(before)
    last = rest

    def fill(*args) -> str:
        # a number needs no quoting: quote() would leave its digits as they are
        quoted = (str(a) if type(a) is int else quote(str(a), safe=_SAFE) for a in args)
        return "".join(p + a for p, a in zip(parts, quoted, strict=True)) + last

    return fill


def grouped(queryset: models.QuerySet, key: str, *fields: str) -> dict[int, list]:
    """``queryset``'s rows as lists by ``key`` (a parent's id), each list in the queryset's
    order: a related collection of many parents in one query. One field gives values, several
    give tuples."""
    out: dict[int, list] = defaultdict(list)
    if len(fields) == 1:
        for parent, value in queryset.values_list(key, fields[0]):
            out[parent].append(value)
    else:
        for parent, *values in queryset.values_list(key, *fields):
            out[parent].append(tuple(values))
    return out


def plain(queryset: models.QuerySet) -> models.QuerySet:
    """A published queryset without its select_related/prefetch_related (for values_list)."""
    return queryset.select_related(None).prefetch_related(None)
