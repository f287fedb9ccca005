"""A full rebuild makes each kind's entries through its bulk path (search.bulk): for every kind,
record by record and value by value, exactly the entries its ``entry()`` makes on a save
(title, text, URL, date, body), and only for the records its published queryset gives; and the
vocabulary's fast count finds exactly the words ``words_of`` defines."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from openpcc.core.registry import searchables
from openpcc.decisions.models import Decision
from openpcc.demo.scale import PRESETS, generate
from openpcc.funding.models import Grant, Recipient
from openpcc.meetings.models import AgendaItem, Meeting, Question, Report
from openpcc.search import vocabulary
from openpcc.search.bulk import bulk_rows, url_filler
from openpcc.search.index import entry_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_now")]


def _awkward() -> None:
    """Values the generator does not write: markup, blank and withheld parts, an embargo on
    minutes, characters outside ASCII, a recipient who is a person."""
    decision = Decision.objects.published().order_by("pk").first()
    decision.decision = "<p>The Commissioner <b>approved</b> the café’s bid &amp; its “plan”.</p>"
    decision.reasons = "   \n "
    decision.exempt_parts = ["options_considered"]
    decision.save()
    report = Report.objects.published().order_by("pk").first()
    report.background = "Naïve <i>résumé</i> — 2024/25\u00a0budget <script>x</script>"
    report.save()
    # an item whose meeting's minutes are released tomorrow: its entry must not have them yet
    item = AgendaItem.objects.published().filter(meeting__minutes_published_at__isnull=False).order_by("pk").first()
    Question.objects.create(item=item, letter="b", asked_by="A resident", question="Why?", response="Because.")
    Meeting.objects.filter(pk=item.meeting_id).update(minutes_published_at=timezone.now() + timedelta(days=1))
    grant = Grant.objects.published().order_by("pk").first()
    Recipient.objects.filter(pk=grant.recipient_id).update(kind=Recipient.Kind.INDIVIDUAL)


def _per_record(indexer) -> dict[int, tuple]:
    out = {}
    for obj in indexer.queryset():
        e = indexer.entry(obj)
        out[obj.pk] = (obj.pk, e["body_id"], e["title"], e.get("text") or "", e["url"], e.get("date"))
    return out


def test_every_kinds_bulk_entries_are_its_per_record_entries():
    generate(replace(PRESETS["tiny"], history=False), progress=lambda line: None)
    _awkward()
    for indexer in searchables():
        assert bulk_rows(indexer.kind) is not None, f"{indexer.kind} has no bulk path"
        expected = _per_record(indexer)
        assert expected, f"the tiny set should have public {indexer.kind} records"
        got = {row[0]: row for row in entry_rows(indexer, sorted(expected))}
        assert got.keys() == expected.keys(), indexer.kind
        for pk, row in expected.items():
            assert got[pk] == row, (indexer.kind, pk)
    withheld = Decision.objects.published().order_by("pk").first()
    assert withheld.options_considered not in next(iter(entry_rows(_kind("decision"), [withheld.pk])))[3]


def test_bulk_paths_never_reach_past_the_published_queryset():
    """Asked for every record of a kind, public or not, the rebuild's rows are the public ones."""
    generate(replace(PRESETS["tiny"], history=False), progress=lambda line: None)
    for indexer in searchables():
        model = indexer.queryset().model
        every = sorted(model._base_manager.values_list("pk", flat=True))  # a rebuild's run: every id in order
        public = set(indexer.queryset().values_list("pk", flat=True))
        assert {row[0] for row in entry_rows(indexer, every)} == public, indexer.kind
    assert Decision.objects.exclude(pk__in=Decision.objects.published()).exists()


def _kind(kind: str):
    return next(s for s in searchables() if s.kind == kind)


def test_a_url_filler_is_reverse():
    fill = url_filler("decisions:detail", "zq-body", "zq-decision")
    for args in (("north-wales", "nwpcc-2024-001"), ("a", "b_c-9")):
        assert fill(*args) == reverse("decisions:detail", args=args)
    month = url_filler("spending:month", "zq-body", "9876", "54")
    assert month("dorset", "2024", "05") == reverse("spending:month", args=["dorset", "2024", "05"])
    with pytest.raises(ValueError, match="stand-in"):
        url_filler("spending:month", "zq-body", "2020", "20")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_the_fast_count_finds_the_words_words_of_defines(title, text):
    assert vocabulary.count([(title, text)]) == Counter(vocabulary.words_of(title, text))


def test_the_fast_count_on_awkward_text():
    entries = [
        ("Naïve café—Police’s x", "POLICE police Ünïcode_x résumé 123abc abc123 ab abcd_ A\u00a0Bcd ΑΣ ΣΑΣ\x1cfoo"),
        ("Commissioner’s report", "commissioner – £500 “quoted” words"),
        ("", ""),
    ]
    expected = Counter()
    for title, text in entries:
        expected.update(vocabulary.words_of(title, text))
    assert vocabulary.count(entries) == expected and expected["commissioner"] == expected["police"] == 1


def test_counting_in_a_process_of_its_own_counts_the_same():
    """A large rebuild counts in a second process (``CountingElsewhere``): the same words and
    counts as counting here, batch by batch, including surrogates that UTF-8 cannot hold."""
    batches = [
        [("Naïve café—Police’s x", "POLICE police résumé 123abc ab abcd_ ΣΑΣ"), ("", "")],
        [("Commissioner’s report", "commissioner – £500 “quoted” words \ud800 lone")] * 3,
        [(f"Title {n}", "victims witnesses " * n) for n in range(200)],
    ]
    here, elsewhere = vocabulary.Counting(), vocabulary.CountingElsewhere()
    try:
        for batch in batches:
            here.add(batch)
            elsewhere.add(batch)
        assert elsewhere.result() == here.result()
    finally:
        elsewhere.close()
    assert elsewhere._process.returncode == 0
    assert here.result()["victims"] == 199 and here.result()["commissioner"] == 3
