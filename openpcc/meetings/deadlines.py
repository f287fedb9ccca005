"""Statutory timing: papers public five clear working days before a meeting
(weekends and England and Wales bank holidays excluded)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone

CLEAR_WORKING_DAYS = 5


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays; Scotland and Northern Ireland differ.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days_between(published: date, meeting: date) -> int:
    """Working days strictly between publication and the meeting (neither day counts)."""
    count, day = 0, published + timedelta(days=1)
    while day < meeting:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def papers_deadline(meeting: date) -> date:
    """The last day papers can be published and still leave five clear working days."""
    day, clear = meeting - timedelta(days=1), 0
    while clear < CLEAR_WORKING_DAYS:
        clear += is_working_day(day)
        day -= timedelta(days=1)
    return day


def is_late(published_at: datetime | date | None, meeting: date) -> bool:
    if published_at is None:
        return False
    if isinstance(published_at, datetime):
        published_at = timezone.localtime(published_at).date()
    return clear_working_days_between(published_at, meeting) < CLEAR_WORKING_DAYS


def working_days_late(published_at: datetime | date, meeting: date) -> int:
    """How many working days after the deadline the papers are (were) published: 0 when in time."""
    if isinstance(published_at, datetime):
        published_at = timezone.localtime(published_at).date()
    deadline = papers_deadline(meeting)
    count, day = 0, deadline + timedelta(days=1)
    while day <= published_at:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def late_papers_message(meeting: date, when: datetime | None = None) -> str:
    """What publishing a meeting's papers at ``when`` (now) would say of their timing: "" if in time."""
    late_by = working_days_late(when or timezone.now(), meeting)
    if not late_by:
        return ""
    return (
        f"These papers are late by {late_by} working day{'s' if late_by != 1 else ''}: they were due by "
        f"{papers_deadline(meeting):%-d %B %Y}, five clear working days before the meeting."
    )
