"""Progress lines: no more than one every ten seconds, each with the count, the rate and the time left."""

from __future__ import annotations

import pytest

from openpcc.core.progress import Progress, duration


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_ten_seconds_with_rate_and_estimate():
    clock, lines = Clock(), []
    ticker = Progress(lines.append, total=1000, unit="entries", clock=clock)
    clock.now += 4
    ticker.add(100, "search index: item")
    assert lines == []  # not ten seconds yet
    clock.now += 6
    ticker.add(100, "search index: item")
    assert lines == ["[200/1,000 entries] search index: item (20 entries/s, about 40 s left)"]
    clock.now += 9
    ticker.add(50, "search index: decision")
    assert len(lines) == 1
    clock.now += 1
    ticker.add(50, "search index: decision")
    assert lines[-1] == "[300/1,000 entries] search index: decision (15 entries/s, about 47 s left)"


def test_the_rate_counts_from_begin_not_from_a_step_before_the_units():
    clock, lines = Clock(), []
    ticker = Progress(lines.append, total=1000, unit="records", clock=clock)
    clock.now += 300  # e.g. a rebuild removing the old entries: no record read yet
    ticker.begin()
    clock.now += 10
    ticker.add(200, "search index: item")
    assert lines == ["[200/1,000 records] search index: item (20 records/s, about 40 s left)"]
    assert ticker.elapsed == 10


def test_without_a_total_an_estimate_can_be_given():
    clock, lines = Clock(), []
    ticker = Progress(lines.append, unit="rows", clock=clock)
    ticker.line("[1/4] somewhere")
    assert lines == ["[0 rows] [1/4] somewhere"]  # nothing done: no rate yet
    clock.now += 10
    ticker.add(5000, "[1/4] somewhere: meetings.Meeting")
    assert lines[-1] == "[5,000 rows] [1/4] somewhere: meetings.Meeting (500 rows/s)"
    ticker.estimate = lambda: 125.0
    ticker.line("[2/4] elsewhere")
    assert lines[-1] == "[5,000 rows] [2/4] elsewhere (500 rows/s, about 2 min 05 s left)"


def test_durations_read_easily():
    assert [duration(s) for s in (0, 59.4, 95, 3600 + 125)] == ["0 s", "59 s", "1 min 35 s", "1 h 02 min"]


@pytest.mark.django_db
def test_one_long_statement_is_not_silent():
    from django.db import connection

    from openpcc.core.progress import statement

    lines: list[str] = []
    with statement(lines.append, "counting", every=0.0), connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000) SELECT count(*) FROM n"
        )
        assert cursor.fetchone()[0] == 2_000_000
    if connection.vendor == "sqlite":  # its progress handler: a line each time it is called here
        assert lines and all(line.startswith("counting: still working, ") for line in lines)
        lines.clear()
        with connection.cursor() as cursor:  # and no more once the statement is done
            cursor.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) SELECT 1")
        assert not lines
    else:  # PostgreSQL: nothing (its long steps report from pg_stat_progress_* instead)
        assert not lines
