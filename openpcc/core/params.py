"""Reading the query string of public pages. Every value is cleaned in one place (no control
characters, which PostgreSQL refuses in text, and a bounded length) and every typed value is
parsed with bounds, so a bad value is ignored or named on the page, never an error page."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse

MAX_LENGTH = 500  # the search box's own limit
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Years a filter may ask for: what a date can hold, and the years these records come from.
FIRST_YEAR, LAST_YEAR = 1900, 2999
# Pounds: more than any public body spends, and within what a DecimalField of 14 digits holds.
MAX_AMOUNT = Decimal("999999999999")


def clean(value: str, max_length: int = MAX_LENGTH) -> str:
    return _CONTROL.sub("", value or "")[:max_length].strip()


def query_params(request: HttpRequest, names: Iterable[str], *, max_length: int = MAX_LENGTH) -> dict[str, str]:
    """The named parameters of the query string, each cleaned ("" where absent)."""
    return {name: clean(request.GET.get(name, ""), max_length) for name in names}


def year_value(value: str) -> int | None:
    """A year to filter by, or None for anything else (not a number, or out of range)."""
    if not value.isascii() or not value.isdigit() or len(value) != 4:
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def amount_value(value: str) -> Decimal | None:
    """An amount in pounds ("50000", "£50,000", "1.5e5"), or None.

    Raises ValueError, with a message for the page, for text that is not a finite amount."""
    text = value.replace(",", "").replace("£", "").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not amount.is_finite():
        raise ValueError("not a number")
    if abs(amount) > MAX_AMOUNT:
        raise ValueError("too large")
    return amount


def public_page(*params: str) -> Callable:
    """Mark a view as a public page, naming the query parameters it reads.

    The view finds them cleaned in ``request.params`` ("" where absent) and reads nothing else
    of the query string; the public page cache (core.public_cache) keys the page on exactly these,
    so any other parameter is ignored there too."""
    names = tuple(sorted(set(params)))

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.params = query_params(request, names)  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapped.public_cache_params = names  # type: ignore[attr-defined]
        return wrapped

    return decorator
