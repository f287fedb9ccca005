"""When every word finds nothing: the best partial matches, said so, and "Did you mean …?" from a
vocabulary of public words only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openpcc.search import vocabulary
from openpcc.search.backends import search, subsets, terms
from openpcc.search.index import rebuild
from openpcc.search.models import SearchEntry, Term
from tests.factories import actor

pytestmark = pytest.mark.django_db


def _item(meeting, number: str, title: str, purpose: str = ""):
    from openpcc.meetings import services as m

    return m.agenda_item_add(meeting=meeting, number=number, title=title, purpose=purpose, user=actor())


def _vocabulary() -> dict[str, int]:
    return dict(Term.objects.values_list("word", "entries"))


def _counted() -> dict[str, int]:
    return dict(vocabulary.count(SearchEntry.objects.values_list("title", "text")))


def test_subsets_are_bounded():
    assert [k for k, _ in subsets(["a", "b", "c"])] == [2, 1]
    assert subsets(["a", "b", "c"]).__next__()[1] == [["a", "b"], ["a", "c"], ["b", "c"]]
    many = list(subsets([f"w{n}" for n in range(20)]))
    assert [k for k, _ in many] == [19, 1] and all(len(groups) <= 40 for _, groups in many)


def test_partial_matches_when_all_words_find_nothing(world):
    held = world.meetings.held
    _item(held, "20", "Fenland rural crime patrols", "Quad bikes and farm thefts.")
    _item(held, "21", "Rural broadband", "Connectivity.")
    assert search("rural crime unicorns").total == 0  # every word must match, by default
    found = search("rural crime unicorns", partial=True)
    assert found.partial and (found.matched, found.asked) == (2, 3)
    # only the entries with the most of the words
    assert [h.title.split(" (")[0] for h in found.hits] == ["Item 20: Fenland rural crime patrols"]
    one = search("broadband unicorns dragons", partial=True)
    assert one.partial and one.matched == 1 and one.hits[0].title.startswith("Item 21: Rural broadband")
    whole = search("rural crime", partial=True)  # all the words found: no fallback
    assert not whole.partial and whole.matched == whole.asked == 2
    assert not search("unicorns dragons", partial=True).total
    # a phrase counts as one of the words, and keeps its order
    phrase = search('"crime rural" patrols', partial=True)
    assert phrase.partial and phrase.hits[0].title.startswith("Item 20: Fenland")
    # filters still apply to the fallback
    assert search("rural crime unicorns", partial=True, body_id=world.other.pk).total == 0


def test_vocabulary_holds_public_words_only_and_follows_the_index(world):
    from openpcc.meetings import services as m

    meetings = world.meetings
    assert _vocabulary() == _counted()
    # on the agenda of a meeting whose agenda is not published: no entry, so no word
    hidden = _item(meetings.upcoming, "2", "Zephyrquartz fencing", "Xylophonic patrols in Quorvale.")
    assert not Term.objects.filter(word__in=["zephyrquartz", "xylophonic", "quorvale"]).exists()
    assert vocabulary.suggest(["zephyrquarts"]) is None
    shown = _item(meetings.held, "22", "Zephyrquartz fencing")
    assert _vocabulary()["zephyrquartz"] == 1 and "quorvale" not in _vocabulary()
    assert vocabulary.suggest(["zephyrquarts", "fencing"]) == ["zephyrquartz", "fencing"]
    shown.delete()  # (its entry goes, and its words with it)
    assert "zephyrquartz" not in _vocabulary()
    # publishing the hidden agenda brings its words in; the counts stay those of the index
    m.agenda_publish(meeting=meetings.upcoming, user=actor())
    assert {"zephyrquartz", "xylophonic", "quorvale"} <= set(_vocabulary())
    assert _vocabulary() == _counted()
    hidden.delete()
    assert "quorvale" not in _vocabulary() and _vocabulary() == _counted()


def test_rebuild_counts_the_vocabulary_again(world):
    Term.objects.all().delete()
    Term.objects.create(word="stale", first="s", length=5, entries=3)
    rebuild()
    assert _vocabulary() == _counted() and "stale" not in _vocabulary()


def test_suggestions(world):
    _item(world.meetings.held, "23", "Neighbourhood policing review", "Neighbourhood policing teams.")
    assert vocabulary.suggest(terms("neighbourhod policng")) == ["neighbourhood", "policing"]
    assert vocabulary.suggest(terms('"neighbourhod policing" review')) == ["neighbourhood policing", "review"]
    assert vocabulary.suggest(terms("policing review")) is None  # nothing unknown
    assert vocabulary.suggest(terms("qqqqqq")) is None  # nothing close
    assert vocabulary.suggest(terms("")) is None


def test_search_page_says_so_and_suggests(client, world, django_assert_max_num_queries):
    _item(world.meetings.held, "24", "Mental health street triage", "Nurses with officers.")
    url = reverse("public:search")
    html = client.get(url, {"q": "mental health tirage", "body": "test-pcc"}).content.decode()
    assert "No results had all of your words; showing results with some of them" in html
    assert "Item 24: Mental health street triage" in html
    assert 'href="/search/?body=test-pcc&amp;q=mental+health+triage">mental health triage</a>' in html
    html = client.get(url, {"q": "mental health triage"}).content.decode()
    assert "Did you mean" not in html and "showing results with some of them" not in html
    with django_assert_max_num_queries(6):  # the common path: no fallback, no suggestion
        client.get(url, {"q": "mental health"})
    with django_assert_max_num_queries(14):
        client.get(url, {"q": "mentl helth tirage unicorns"})
