"""Search: ranked, highlighted, filtered, paged, kept current, and never showing what is not public."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from openpcc.decisions import services as decisions
from openpcc.plans import services as plans
from openpcc.plans.models import Update
from openpcc.search.backends import search, terms
from openpcc.search.models import SearchEntry
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, OTHER_BODY_MARKER, PRIVATE_MARKER, actor

pytestmark = pytest.mark.django_db


def test_terms_are_safe():
    assert terms('"domestic abuse" refuge') == ["domestic abuse", "refuge"]
    assert terms('NEAR( "a" AND * OR -x ^') == ["NEAR", "a", "AND", "OR", "x"]
    assert terms('"" ;; --') == []
    assert len(terms("word " * 1000)) == 20


@pytest.mark.whole_world
def test_published_records_are_found(world):
    kinds = {h.kind for h in search("victim").hits}
    assert {"priority", "report", "item", "decision"} <= kinds
    assert search("Circulate figures").hits[0].kind == "action"
    assert search("Published narrative").total >= 1


def test_nothing_unpublished_exempt_private_or_foreign_is_indexed(world):
    for marker in (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER):
        assert search(marker).total == 0, marker
        assert not SearchEntry.objects.filter(text__icontains=marker).exists()
        assert not SearchEntry.objects.filter(title__icontains=marker).exists()


def test_index_follows_publication(world):
    assert search(DRAFT_MARKER).total == 0
    plans.round_publish(round=world.open_round, user=world.approver)
    assert search(DRAFT_MARKER).total == 5  # the round's five updates are public now
    Update.objects.filter(round=world.open_round).first().delete()
    assert search(DRAFT_MARKER).total == 4


def test_decision_becomes_findable_when_published_and_amendments_reindex(world):
    d = world.decisions.signed
    assert search(DRAFT_MARKER, kinds=["decision"]).total == 0
    decisions.decision_publish(decision=d, user=world.approver)
    assert search(DRAFT_MARKER, kinds=["decision"]).total == 1
    decisions.decision_amend(
        decision=d, field="decision", text="Rewritten wording entirely.", reason="Typo", user=world.approver
    )
    assert search("rewritten wording", kinds=["decision"]).total == 1
    assert "<mark>Rewritten</mark>" in str(search("rewritten", kinds=["decision"]).hits[0].snippet)


def test_phrases_filters_highlight_and_paging(world):
    from openpcc.meetings import services as m

    for n in range(25):
        item = m.agenda_item_add(
            meeting=world.meetings.held,
            number=f"9.{n}",
            title=f"Rural crime item {n}",
            purpose="Rural crime in the fens and farm thefts.",
            user=actor(),
        )
        del item
    m.agenda_item_add(
        meeting=world.meetings.held, number="10", title="Crime rural", purpose="Crime that is rural.", user=actor()
    )
    both = search("rural crime")
    phrase = search('"rural crime"')
    assert both.total == 26 and phrase.total == 25  # the phrase needs the words in order
    assert "<mark>" in str(phrase.hits[0].snippet)
    assert len(phrase.hits) == 20 and phrase.pages == 2
    assert len(search('"rural crime"', page=2).hits) == 5
    assert search("rural", body_id=world.other.pk).total == 0
    assert search("rural", kinds=["decision"]).total == 0
    year = world.meetings.held.date.year
    assert search("rural", year=year).total == 26 and search("rural", year=year - 5).total == 0


def test_snippets_are_escaped(world):
    from openpcc.meetings import services as m

    m.agenda_item_add(
        meeting=world.meetings.held,
        number="11",
        title="Script test",
        purpose="Beware <script>alert('x')</script> scripted attacks",
        user=actor(),
    )
    hit = search("scripted attacks").hits[0]
    assert "<script>" not in str(hit.snippet) and "&lt;" not in hit.title


def test_rebuild_command(world, capsys):
    before = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    assert search("victim").total == 0
    call_command("rebuild_search_index")
    assert SearchEntry.objects.count() == before and search("victim").total > 0
    assert "Indexed" in capsys.readouterr().out


def test_search_page(client, world, django_assert_max_num_queries):
    url = reverse("public:search")
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        html = client.get(url, {"q": "victim"}).content.decode()
    assert "result" in html and "<mark>" in html
    html = client.get(url, {"q": "commissioning", "body": "other-pcc"}).content.decode()
    assert "0 results" in html
    for marker in (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER):
        page = client.get(url, {"q": marker}).content.decode()
        assert "0 results" in page and marker not in page.split('aria-label="Results"')[-1]
    assert client.get(url, {"q": "x" * 5000, "page": "abc", "year": "zz"}).status_code == 200
    assert client.get(url, {"q": '"unbalanced AND ( NEAR'}).status_code == 200


def test_body_pages_offer_a_scoped_search(client, world):
    html = client.get("/test-pcc/plan/").content.decode()
    assert 'name="body" value="test-pcc"' in html and 'role="search"' in html


@pytest.mark.whole_world
def test_decision_withheld_parts_are_not_indexed(world):
    assert search("privileged").total == 0  # the withheld legal implications
    assert search("Award victim services contract", kinds=["decision"]).total == 1
