"""The public page cache: anonymous pages are served from it, any committed change to a record
empties it at once (in every process, through the counter in the database), and nobody signed
in, no staff page and no response that sets a cookie is ever cached."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpcc.core import public_cache
from openpcc.core.public_cache import HEADER
from openpcc.decisions import services as decisions
from tests.factories import actor, world_make

pytestmark = pytest.mark.django_db(transaction=True)  # changes must commit, as in production


@pytest.fixture
def world(settings):
    settings.OPENPCC_PUBLIC_CACHE_SECONDS = 300
    caches["default"].clear()
    return world_make().whole()


def test_anonymous_pages_are_served_from_the_cache(client, world):
    url = reverse("decisions:list", args=[world.body.slug])
    first = client.get(url)
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url)
    assert second[HEADER] == "hit" and second.content == first.content
    assert len(ctx) == 1  # the counter, nothing else
    assert client.get(url, {"year": "2017"})[HEADER] == "miss"  # the query string is part of the key


def test_publishing_empties_the_cache_at_once(client, world):
    url = reverse("decisions:list", args=[world.body.slug])
    signed = world.decisions.signed
    assert signed.reference not in client.get(url).content.decode()
    assert client.get(url)[HEADER] == "hit"
    decisions.decision_publish(decision=signed, user=actor())
    after = client.get(url)
    assert after[HEADER] == "miss" and signed.reference in after.content.decode()


def test_a_change_that_rolls_back_keeps_the_cache(client, world):
    url = reverse("decisions:list", args=[world.body.slug])
    client.get(url)
    before = public_cache.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        world.decisions.signed.subject = "Never committed"
        world.decisions.signed.save()
        raise RuntimeError
    assert public_cache.current() == before
    assert client.get(url)[HEADER] == "hit"


def test_link_changes_and_deletes_empty_the_cache(world):
    before = public_cache.current()
    world.decisions.published.priorities.add(world.plan.priorities.first())
    assert public_cache.current() == before + 1
    world.decisions.draft.delete()
    assert public_cache.current() == before + 2


def test_signed_in_users_and_staff_pages_are_never_cached(client, world):
    url = reverse("decisions:list", args=[world.body.slug])
    client.force_login(world.editor)
    assert HEADER not in client.get(url)
    assert HEADER not in client.get(reverse("decisions_staff:index", args=[world.body.slug]))
    client.logout()
    assert HEADER not in client.get(reverse("login"))  # sets the CSRF cookie: never stored
    assert client.get(url)[HEADER] == "miss"


def test_off_when_the_setting_is_zero(client, world, settings):
    settings.OPENPCC_PUBLIC_CACHE_SECONDS = 0
    url = reverse("decisions:list", args=[world.body.slug])
    assert HEADER not in client.get(url) and HEADER not in client.get(url)


def test_a_host_that_is_not_allowed_is_refused_before_the_cache(client, world):
    url = reverse("decisions:list", args=[world.body.slug])
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    refused = client.get(url, HTTP_HOST="evil.example")
    assert refused.status_code == 400 and HEADER not in refused


def test_the_key_holds_the_host_and_only_the_parameters_a_page_reads(client, world, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    url = reverse("decisions:list", args=[world.body.slug])
    cache = caches["default"]
    assert client.get(url)[HEADER] == "miss"
    before = len(cache._cache)
    for n in range(1200):
        assert client.get(url, {"x": str(n), "utm_source": "mail"})[HEADER] == "hit"
    assert len(cache._cache) == before  # parameters the page does not read make no new entries
    assert client.get(url, HTTP_HOST="other.example")[HEADER] == "miss"  # each host its own pages
    assert client.get(url, {"sort": "amount"})[HEADER] == "miss"  # one it reads does
    assert client.get(url, {"sort": "amount", "x": "1"})[HEADER] == "hit"


def test_cached_pages_are_stored_compressed(client, world):
    url = reverse("plans:plan", args=[world.body.slug])
    page = client.get(url)
    ((_, _, stored),) = [v for v in _entries() if v[0] == 200]
    assert len(stored) < len(page.content) / 3
    assert client.get(url).content == page.content


def _entries():
    import pickle

    return [pickle.loads(v) for v in caches["default"]._cache.values()]
