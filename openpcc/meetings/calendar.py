"""Meetings as iCalendar (RFC 5545): a body's subscribable calendar and one meeting's event.

Times are local to the United Kingdom: each event's DTSTART and DTEND carry TZID=Europe/London
and the calendar defines that zone (VTIMEZONE) by its daylight-saving rules, so a calendar
program shows the right hour on either side of the clock change. An event's UID never changes;
its SEQUENCE grows with each edit of the meeting (its version) and once more when it is
cancelled, so programs that already hold the meeting replace it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .models import Meeting

TZID = "Europe/London"
LONDON = ZoneInfo(TZID)
PRODID = "-//OpenPCC//Meetings//EN"
DEFAULT_LENGTH = timedelta(hours=2)

# Items every agenda opens with: the meeting's business is the first item that is none of these.
PROCEDURAL = re.compile(
    r"^\s*(apolog|declaration|minutes|public question|questions from the public|welcome|introduction|"
    r"chair'?s? (announcement|update)|announcements|any other business|aob\b|date (and time )?of (the )?next|"
    r"action log|work programme|forward plan|exclusion of|urgent business|notification of)",
    re.IGNORECASE,
)


def london_timezone() -> Timezone:
    """Europe/London by its rules since 1996: British Summer Time (UTC+1) from 01:00 GMT on the
    last Sunday of March to 02:00 BST on the last Sunday of October, Greenwich Mean Time otherwise."""
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(hours=0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1996, 3, 31, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(hours=0))
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def main_business(meeting: Meeting, item_titles: list[str]) -> str:
    """What the meeting is for, in a few words: its own title, its kind and theme, or else its
    first substantive published agenda item (``item_titles``, in agenda order); "" if none says."""
    committee = meeting.committee.name
    if meeting.title and meeting.title.strip().lower() != committee.strip().lower():
        return meeting.title
    if meeting.kind != Meeting.Kind.PUBLIC:
        label = meeting.get_kind_display()
        return f"{label} – {meeting.theme}" if meeting.theme else label
    if meeting.theme:
        return f"{meeting.theme} theme"
    return next((t for t in item_titles if not PROCEDURAL.match(t)), "")


def summary(meeting: Meeting, item_titles: list[str]) -> str:
    """The event's title: the committee and the meeting's main business, e.g. "Cambridgeshire
    Police and Crime Panel: Budget and precept meeting"."""
    business = main_business(meeting, item_titles)
    text = f"{meeting.committee.name}: {business}" if business else meeting.committee.name
    return f"Cancelled: {text}" if meeting.status == Meeting.Status.CANCELLED else text


def sequence(meeting: Meeting) -> int:
    """Grows whenever the meeting changes: each edit saves a new version, and cancelling (which
    cannot be undone) counts as one more change."""
    return meeting.version - 1 + (1 if meeting.status == Meeting.Status.CANCELLED else 0)


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{meeting.body.slug}.openpcc"


def meeting_event(meeting: Meeting, *, url: str, item_titles: list[str], stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", sequence(meeting))
    event.add("summary", summary(meeting, item_titles))
    if meeting.start_time:
        start = datetime.combine(meeting.date, meeting.start_time, tzinfo=LONDON)
        end = datetime.combine(meeting.date, meeting.end_time, tzinfo=LONDON) if meeting.end_time else None
        event.add("dtstart", start)
        event.add("dtend", end if end and end > start else start + DEFAULT_LENGTH)
    else:  # a day without a time: an all-day event
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + timedelta(days=1))
    event.add("dtstamp", stamp)
    # The meeting's last change (its latest history entry, annotated by the selectors), not the
    # day it was first published: a moved or cancelled meeting says when it changed.
    changed = getattr(meeting, "last_changed", None) or meeting.published_at
    if changed:
        event.add("last-modified", min(changed, stamp).replace(microsecond=0))
    if meeting.venue:
        event.add("location", meeting.venue)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("url", url)
    lines = [meeting.get_kind_display() + (f", theme: {meeting.theme}" if meeting.theme else "")]
    if cancelled and meeting.cancellation_note:
        lines.append(f"Cancelled: {meeting.cancellation_note}")
    lines.append(f"Agenda, papers and minutes: {url}")
    event.add("description", "\n".join(lines))
    return event


def calendar_response(
    *,
    name: str,
    meetings: Iterable[Meeting],
    url_of: Callable[[Meeting], str],
    items: dict[int, list[str]],
    filename: str,
) -> HttpResponse:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(london_timezone())
    stamp = timezone.now().replace(microsecond=0)
    for m in meetings:
        cal.add_component(meeting_event(m, url=url_of(m), item_titles=items.get(m.pk, []), stamp=stamp))
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
