"""Bad input to a public page gets a clear message or is ignored, never a server error (issue 11).

Every public page declares the query parameters it reads (``core.params.public_page``); the
property test finds them all from the URL patterns and throws arbitrary values at each, on
whichever database the suite runs on (CI runs it on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permissions_walk import ANON, cases

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    "0",
    "-1",
    "00",
    "9999999999999999999999999",
    "1" * 5000,
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "+inf",
    "1e999999",
    "1E+99",
    "-0",
    "0x10",
    "２０１７",  # full-width digits: isdigit() says yes, int() agrees, a date does not
    "²",  # a superscript: isdigit() says yes, int() refuses
    "\x00",
    "a\x00b",
    "police\x00",
    "\ud800",
    "'; DROP TABLE decisions_decision; --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    "🚓" * 100,
    " " * 1000,
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def _public_pages() -> dict[str, tuple[str, ...]]:
    """Every URL name whose view declares the query parameters it reads."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                params = getattr(p.callback, "public_cache_params", None)
                if params:
                    found[f"{prefix}{p.name}"] = params

    walk(get_resolver().url_patterns)
    return found


PAGES = _public_pages()


def test_every_list_page_is_covered():
    assert {
        "public:search",
        "plans:plan",
        "plans:plan_csv",
        "plans:plan_json",
        "plans:priority",
        "meetings:list",
        "meetings:ics",
        "meetings:actions",
        "meetings:work_programme",
        "decisions:list",
        "decisions:csv",
        "decisions:json",
    } <= set(PAGES)


def _url(world, name: str) -> str:
    for case_name, args, expected in cases(world):
        if case_name == name and expected[ANON] == 200:
            return reverse(name, args=args)
    raise AssertionError(f"{name} is not in the permissions walk")


def test_no_value_of_any_parameter_makes_a_server_error(client, world):
    """Every public page that reads parameters, each with 40 arbitrary sets of values."""
    for name in sorted(PAGES):
        _throw_values_at(client, _url(world, name), PAGES[name])


def _throw_values_at(client, url: str, params: tuple[str, ...]) -> None:
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(params, VALUES)))
    def check(query):
        response = client.get(url, {k: v.replace("\ud800", "?") for k, v in query.items()})
        assert response.status_code < 500, f"{url}?{query}: {response.status_code}"

    check()


REVIEW_FOUND = [
    ("decisions:list", {"year": "9999999999999999999999999"}, ""),
    ("meetings:list", {"year": "9999999999999999999999999"}, ""),
    ("decisions:json", {"year": "0"}, ""),
    ("decisions:list", {"amount_min": "NaN"}, "Enter the minimum amount as a number of pounds"),
    ("decisions:list", {"amount_min": "Infinity"}, "Enter the minimum amount as a number of pounds"),
    ("decisions:list", {"amount_max": "-inf"}, "Enter the maximum amount as a number of pounds"),
    ("decisions:list", {"amount_max": "1e999999"}, "Enter the maximum amount as a number of pounds"),
    ("meetings:list", {"committee": "business\x00board"}, ""),
    ("meetings:ics", {"committee": "\x00"}, ""),
    ("meetings:actions", {"committee": "a\x00b"}, ""),
    ("public:search", {"q": "police\x00crime", "body": "\x00"}, ""),
]


def test_the_values_the_review_found(client, world):
    for name, query, shown in REVIEW_FOUND:
        response = client.get(_url(world, name), query)
        assert response.status_code == 200, (name, query)
        assert shown in response.content.decode(), (name, query)


def test_an_id_too_large_for_the_database_is_not_found(client, world):
    huge = "9" * 30
    for path in (f"/{world.body.slug}/meetings/{huge}/", f"/{world.body.slug}/documents/{huge}/file/"):
        assert client.get(path).status_code == 404
    assert client.get(f"/{world.body.slug}/meetings/9223372036854775807/").status_code == 404
