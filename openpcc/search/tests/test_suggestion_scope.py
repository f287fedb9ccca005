""" "Did you mean …?" costs the same however many words are misspelt, and within a body (or a
type or year) is offered only when the suggested words find something there."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from openpcc.search import vocabulary
from openpcc.search.backends import finds_any, terms
from openpcc.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _entry(body, title: str, text: str = "", kind: str = "item", n: int = 900_000):
    SearchEntry.objects.create(body=body, kind=kind, object_id=n, title=title, text=text, url=f"/x/{n}/")
    vocabulary.apply(Counter(), vocabulary.count([(title, text)]))


def test_suggestions_take_two_queries_however_many_words_are_unknown(world, django_assert_num_queries):
    _entry(world.body, "Neighbourhood policing review", "Neighbourhood policing teams and street triage.")
    with django_assert_num_queries(2):
        assert vocabulary.suggest(terms("neighbourhod")) == ["neighbourhood"]
    with django_assert_num_queries(2):
        assert vocabulary.suggest(terms("neighbourhod policng reveiw streat tirage")) == [
            "neighbourhood",
            "policing",
            "review",
            "street",
            "triage",
        ]
    with django_assert_num_queries(1):  # nothing unknown: no candidates to look up
        assert vocabulary.suggest(terms("policing review")) is None


def test_finds_any_respects_the_scope(world):
    _entry(world.other, "Zephyrquartz fencing", "Rural patrols.")
    assert finds_any("zephyrquartz fencing")
    assert finds_any("zephyrquartz", body_id=world.other.pk)
    assert not finds_any("zephyrquartz", body_id=world.body.pk)
    assert not finds_any("zephyrquartz unicorns")
    assert not finds_any("zephyrquartz", kinds=["decision"])
    assert not finds_any("")


def test_a_suggestion_within_a_body_must_find_something_there(client, world, django_assert_max_num_queries):
    # the word is only another body's: searching this body must not suggest it
    _entry(world.other, "Zephyrquartz fencing", "Rural patrols.")
    url = reverse("public:search")
    everywhere = client.get(url, {"q": "zephyrquarts"}).content.decode()
    assert "Did you mean" in everywhere and "zephyrquartz</a>" in everywhere
    here = client.get(url, {"q": "zephyrquarts", "body": world.body.slug}).content.decode()
    assert "Did you mean" not in here and "zephyrquartz" not in here.replace("zephyrquarts", "")
    there = client.get(url, {"q": "zephyrquarts", "body": world.other.slug}).content.decode()
    assert "Did you mean" in there and "zephyrquartz</a>" in there
    # of another type, nothing either
    of_kind = client.get(url, {"q": "zephyrquarts", "body": world.other.slug, "kind": "decision"}).content.decode()
    assert "Did you mean" not in of_kind


def test_the_search_page_costs_the_same_for_one_or_five_misspelt_words(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _entry(world.body, "Neighbourhood policing review", "Neighbourhood policing teams and street triage.")
    url = reverse("public:search")
    counts = []
    for q in ("neighbourhod", "neighbourhod policng reveiw streat tirage"):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url, {"q": q, "body": world.body.slug}).content.decode()
        assert "Did you mean" in html
        counts.append(len([x for x in ctx.captured_queries if "search_term" in x["sql"]]))
    assert counts[0] == counts[1] == 2
