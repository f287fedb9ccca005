"""The synthetic data set does not depend on the day it is made (a fixed reference day, which
--today moves), and generate_scale says how far it has got at every step."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction

from openpcc.core import progress as progress_module
from openpcc.core.models import User
from openpcc.decisions.models import Amendment, Decision
from openpcc.demo.scale import PRESETS, REFERENCE_DAY, generate
from openpcc.funding.models import Grant
from openpcc.meetings.models import Meeting
from openpcc.plans.models import Update
from openpcc.search.models import SearchEntry
from openpcc.spending.models import SpendingFile

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def _made() -> dict[str, list]:
    """What was generated, without ids (a sequence need not start again after a rollback)."""
    return {
        "meetings": sorted(
            Meeting.objects.values_list("body__slug", "date", "status", "publication_status", "published_at")
        ),
        "meeting history": sorted(Meeting.history.values_list("date", "history_date")),
        # times the models would take from the clock ("added", "changed", "joined")
        "clock times": sorted(
            [
                *Update.objects.values_list("created_at", "updated_at"),
                *Amendment.objects.values_list("made_at", "made_at"),
                *SpendingFile.objects.values_list("uploaded_at", "uploaded_at"),
                *User.objects.filter(username__endswith="-admin").values_list("date_joined", "date_joined"),
            ]
        ),
        "decisions": sorted(Decision.objects.values_list("reference", "status", "decision_date", "published_at")),
        "grants": sorted(Grant.objects.values_list("title", "status", "publication_status", "published_at")),
        # URLs without their numbers: record ids (PostgreSQL does not roll sequences back)
        "index": sorted(
            (kind, title, text, re.sub(r"\d+", "N", url), day)
            for kind, title, text, url, day in SearchEntry.objects.values_list("kind", "title", "text", "url", "date")
        ),
    }


def test_the_same_data_whatever_the_day():
    spec = PRESETS["tiny"]
    assert all(p.today == REFERENCE_DAY for p in PRESETS.values())
    made = []
    for day in (datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2027, 8, 20, 16, tzinfo=UTC)):
        with time_machine.travel(day, tick=True), pytest.raises(Undo), transaction.atomic():
            generate(spec, progress=lambda line: None)
            made.append(_made())
            raise Undo
    assert made[0]["meetings"] and made[0]["index"]
    for what in made[0]:
        assert made[0][what] == made[1][what], what
    # the history ends on the reference day; the meetings to come are the four months after it
    assert max(d for _, d, *_ in made[0]["meetings"]) > REFERENCE_DAY
    assert max(p for *_, p in made[0]["meetings"] if p) <= datetime(2026, 6, 17, 18, tzinfo=UTC)


def test_today_moves_the_set_and_every_step_reports(monkeypatch):
    monkeypatch.setattr(progress_module, "EVERY_SECONDS", 0.0)  # a line whenever there is progress
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--no-history", "--today", "2025-03-01", stdout=out)
    text = out.getvalue()
    assert "Generating 2 bodies over 1 years to 1 March 2025" in text
    assert Meeting.objects.filter(date__lte=date(2025, 3, 1)).exists()
    assert not Meeting.objects.filter(date__gt=date(2025, 7, 1)).exists()
    assert not Decision.objects.filter(decision_date__gt=date(2025, 3, 1)).exists()
    # every step: the records of each body (with an estimate once a body is done), the
    # statistics table by table, the search index chunk by chunk
    rows = re.compile(r"^\[[\d,]+ rows\] \[(\d)/2\] [\w-]+: \w+\.\w+ \([\d,]+ rows/s(, about .+ left)?\)$", re.M)
    found = rows.findall(text)
    assert {n for n, _ in found} == {"1", "2"}
    assert all(estimate for n, estimate in found if n == "2")
    assert re.search(r"^\[\d+/\d+ tables\] statistics: \w+ \([\d,]+ tables/s, about .+ left\)$", text, re.M)
    assert re.search(r"^\[[\d,]+/[\d,]+ records\] search index: \w+ \([\d,]+ records/s, about .+ left\)$", text, re.M)


def test_a_bad_day_is_refused_plainly():
    with pytest.raises(CommandError, match=r"--today must be a date as YYYY-MM-DD, not '1 March'"):
        call_command("generate_scale", "--preset", "tiny", "--today", "1 March", stdout=StringIO())


def test_generate_takes_the_day():
    spec = replace(PRESETS["tiny"], history=False, today=date(2030, 1, 1))
    with time_machine.travel(datetime(2031, 1, 1, tzinfo=UTC), tick=True):
        generate(spec, today=date(2024, 5, 5), progress=lambda line: None)  # the argument wins
    assert not Decision.objects.filter(decision_date__gt=date(2024, 5, 5)).exists()
    assert Decision.objects.filter(decision_date__gt=date(2024, 1, 1)).exists()
