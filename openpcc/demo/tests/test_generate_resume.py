"""An interrupted generate_scale goes on from where it stopped when run again, and makes the set
one uninterrupted run makes; a complete set is not made twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from openpcc.core.models import Body
from openpcc.demo import scale
from openpcc.demo.scale import PRESETS, generate
from openpcc.demo.tests.test_scale_reference_day import Undo, _made
from openpcc.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def after_the_reference_day():
    """A day after the set's reference day: "now" for what it publishes is that day's evening,
    so two runs write the same times."""
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=True):
        yield


SPEC = replace(PRESETS["tiny"], bodies=4, history=True)


def _fresh() -> dict[str, list]:
    with pytest.raises(Undo), transaction.atomic():
        generate(SPEC, progress=lambda line: None)
        made = _made()
        raise Undo
    return made


@pytest.mark.parametrize("stop", ["in the third body", "in the search index"])
def test_a_stopped_generation_goes_on_and_makes_the_same_set(monkeypatch, stop):
    fresh = _fresh()
    assert not Body.objects.exists()

    def broken(*args, **kwargs):
        raise RuntimeError("stopped")

    if stop == "in the third body":
        real = scale.Loader.money
        calls = []

        def money(self, *args, **kwargs):  # the second office is the third body
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("stopped")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(scale.Loader, "money", money)
    else:
        monkeypatch.setattr("openpcc.search.index.rebuild", broken)
    with pytest.raises(RuntimeError, match="stopped"):
        generate(SPEC, progress=lambda line: None)
    # what was written before the stop stays; the body that stopped has nothing; no index
    assert Body.objects.count() == 4 and not SearchEntry.objects.exists()
    written = scale.Loader(SPEC, today=SPEC.today, progress=lambda line: None).finished(list(Body.objects.all()))
    assert len(written) == (2 if stop == "in the third body" else 4)

    monkeypatch.undo()
    lines: list[str] = []
    generate(SPEC, progress=lines.append)
    assert any(f"{len(written)} of 4 bodies already written" in line for line in lines)
    again = _made()
    for what in fresh:
        assert again[what] == fresh[what], what

    with pytest.raises(CommandError, match=r"already exist.*complete"):
        call_command("generate_scale", "--preset", "tiny", "--bodies", "4", stdout=StringIO())


def test_bodies_that_are_not_a_stopped_generation_are_refused():
    generate(replace(PRESETS["tiny"], history=False), progress=lambda line: None)
    with pytest.raises(CommandError, match="already exist: avon-and-somerset, avon-and-somerset-panel"):
        call_command("generate_scale", "--preset", "tiny", "--bodies", "4", stdout=StringIO())


def test_records_without_the_index_then_the_index_from_a_run_again():
    """``--no-index`` writes every record and leaves the search index empty (make bench builds it
    with the rebuild it measures); running again builds it and the set is the one a single run makes."""
    fresh = _fresh()
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--bodies", "4", "--no-index", stdout=out)
    assert "the search index not built" in out.getvalue()
    assert Body.objects.count() == 4 and not SearchEntry.objects.exists()
    written = scale.Loader(SPEC, today=SPEC.today, progress=lambda line: None).finished(list(Body.objects.all()))
    assert len(written) == 4

    lines: list[str] = []
    generate(SPEC, progress=lines.append)
    assert any("4 of 4 bodies already written" in line for line in lines)
    assert any(line.startswith("search index rebuilt") for line in lines)
    again = _made()
    for what in fresh:
        assert again[what] == fresh[what], what
