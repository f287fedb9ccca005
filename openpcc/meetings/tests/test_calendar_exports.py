"""Meetings as iCalendar (the body's calendar and one meeting's) and as open data (CSV and JSON)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from openpcc.meetings import calendar, services
from openpcc.meetings.models import Meeting
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, OTHER_BODY_MARKER, PRIVATE_MARKER, actor

pytestmark = pytest.mark.django_db


def _lines(content: bytes) -> list[bytes]:
    assert content.endswith(b"\r\n"), "an iCalendar file ends each line with CRLF"
    lines = content.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare LF or CR inside a line"
    return lines


def _check_folding(content: bytes) -> None:
    for line in _lines(content):
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never splits a character


def _event(response) -> dict:
    cal = Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    return event


def _edit(meeting: Meeting, **changes) -> Meeting:
    meeting.refresh_from_db()
    fields = {
        "date": meeting.date,
        "kind": meeting.kind,
        "title": meeting.title,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "venue": meeting.venue,
        "theme": meeting.theme,
        **changes,
    }
    return services.meeting_edit(meeting=meeting, expected_version=meeting.version, user=actor(), **fields)


def test_one_meeting_calendar_file(client, world, pinned_now):
    held = _edit(world.meetings.held, start_time=time(14, 0), end_time=time(16, 30), venue="Town Hall, Market Square")
    url = reverse("meetings:meeting_ics", args=["test-pcc", held.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    _check_folding(response.content)
    assert b"DTSTART;TZID=Europe/London:" in response.content
    cal = Calendar.from_ical(response.content)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in c for c in zone.subcomponents)
    event = _event(response)
    assert str(event["UID"]) == f"meeting-{held.pk}@test-pcc.openpcc"
    assert str(event["URL"]) == f"http://testserver/test-pcc/meetings/{held.pk}/"
    assert str(event["LOCATION"]) == "Town Hall, Market Square"
    assert str(event["STATUS"]) == "CONFIRMED"
    # The committee and the meeting's business: here its theme.
    assert str(event["SUMMARY"]) == "Business Coordination Board: Victims theme"
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and (start.hour, start.minute) == (14, 0) and start.date() == held.date


def test_the_timezone_gives_the_right_hour_either_side_of_the_clock_change():
    zone = calendar.london_timezone().to_tz()
    winter = datetime(2026, 1, 15, 14, 0, tzinfo=zone)
    summer = datetime(2026, 7, 15, 14, 0, tzinfo=zone)
    assert winter.astimezone(UTC).hour == 14 and summer.astimezone(UTC).hour == 13
    # the change itself: the last Sundays of March and October
    assert datetime(2026, 3, 29, 0, 30, tzinfo=zone).utcoffset() == timedelta(0)
    assert datetime(2026, 3, 29, 3, 0, tzinfo=zone).utcoffset() == timedelta(hours=1)
    assert datetime(2026, 10, 25, 0, 30, tzinfo=zone).utcoffset() == timedelta(hours=1)
    assert datetime(2026, 10, 25, 3, 0, tzinfo=zone).utcoffset() == timedelta(0)


def test_sequence_grows_when_the_meeting_changes_and_cancelled_meetings_say_so(client, world, pinned_now):
    upcoming = world.meetings.upcoming
    url = reverse("meetings:meeting_ics", args=["test-pcc", upcoming.pk])
    first = _event(client.get(url))
    assert int(first["SEQUENCE"]) == upcoming.version - 1
    _edit(upcoming, venue="Council Chamber")
    second = _event(client.get(url))
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1 and str(second["LOCATION"]) == "Council Chamber"
    services.meeting_cancel(meeting=Meeting.objects.get(pk=upcoming.pk), note="Not quorate", user=actor())
    third = _event(client.get(url))
    assert int(third["SEQUENCE"]) > int(second["SEQUENCE"])
    assert str(third["STATUS"]) == "CANCELLED" and str(third["SUMMARY"]).startswith("Cancelled: ")
    assert "Not quorate" in str(third["DESCRIPTION"])
    assert str(third["UID"]) == str(first["UID"])  # the same event, replaced


def test_summary_names_the_main_business_and_never_an_unpublished_item(client, world, pinned_now):
    m = world.meetings
    # The upcoming meeting's agenda is not published: its draft item's title must not appear.
    body = client.get(reverse("meetings:ics", args=["test-pcc"])).content.decode()
    assert DRAFT_MARKER not in body and EXEMPT_MARKER not in body and PRIVATE_MARKER not in body
    budget = _edit(m.upcoming, kind=Meeting.Kind.BUDGET)
    event = _event(client.get(reverse("meetings:meeting_ics", args=["test-pcc", budget.pk])))
    assert str(event["SUMMARY"]) == "Business Coordination Board: Budget and precept meeting"
    assert event.decoded("DTSTART") == budget.date  # no time given: an all-day event
    held = _edit(m.held, theme="")
    event = _event(client.get(reverse("meetings:meeting_ics", args=["test-pcc", held.pk])))
    assert str(event["SUMMARY"]) == "Business Coordination Board: Victims commissioning"  # its first public item


def test_calendar_of_the_body_is_folded_crlf_and_has_one_timezone(client, world, pinned_now):
    m = world.meetings
    services.meeting_create(
        body=world.body,
        committee=m.committee,
        date=date(2031, 6, 4),
        start_time=time(10, 0),
        title="Annual report on victims’ services – a very long title to make the summary line fold " * 2,
        venue="Ελληνικά and ünïcödé venue name, which is long enough to need folding more than once over",
        user=actor(),
    )
    response = client.get(reverse("meetings:ics", args=["test-pcc"]))
    _check_folding(response.content)
    cal = Calendar.from_ical(response.content)
    assert len(cal.walk("VTIMEZONE")) == 1
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) >= 4


def test_one_meeting_calendar_is_only_for_published_meetings_of_the_body(client, world):
    m = world.meetings
    other = reverse("meetings:meeting_ics", args=["test-pcc", m.other_meeting.pk])
    assert client.get(other).status_code == 404
    draft = services.meeting_create(body=world.body, committee=m.committee, date=date(2031, 1, 1), user=actor())
    Meeting.objects.filter(pk=draft.pk).update(publication_status="draft")
    assert client.get(reverse("meetings:meeting_ics", args=["test-pcc", draft.pk])).status_code == 404


def test_meeting_page_links_to_its_calendar_file_and_the_list_to_open_data(client, world):
    m = world.meetings
    html = client.get(reverse("meetings:detail", args=["test-pcc", m.held.pk])).content.decode()
    assert reverse("meetings:meeting_ics", args=["test-pcc", m.held.pk]) in html and "Add to calendar" in html
    html = client.get(reverse("meetings:list", args=["test-pcc"]), {"committee": m.committee.slug}).content.decode()
    assert f"{reverse('meetings:csv', args=['test-pcc'])}?committee={m.committee.slug}" in html
    assert f"{reverse('meetings:json', args=['test-pcc'])}?committee={m.committee.slug}" in html
    html = client.get(reverse("meetings:actions", args=["test-pcc"]), {"status": "open"}).content.decode()
    assert reverse("meetings:actions_csv", args=["test-pcc"]) in html and "status=open" in html
    assert reverse("meetings:actions_json", args=["test-pcc"]) in html


def _csv(client, url, params=None) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url, params or {}).content.decode())))


def test_meetings_open_data_is_public_only_and_filtered_like_the_page(client, world, pinned_now):
    m = world.meetings
    json_url, csv_url = reverse("meetings:json", args=["test-pcc"]), reverse("meetings:csv", args=["test-pcc"])
    data = client.get(json_url).json()
    ids = [row["id"] for row in data["meetings"]]
    assert set(ids) == {m.held.pk, m.private.pk, m.upcoming.pk} and data["count"] == 3
    assert [int(r["id"]) for r in _csv(client, csv_url)] == ids
    upcoming = next(r for r in data["meetings"] if r["id"] == m.upcoming.pk)
    assert upcoming["agenda_published_at"] is None  # not yet public
    assert upcoming["url"] == f"http://testserver/test-pcc/meetings/{m.upcoming.pk}/"
    year = str(m.held.date.year)
    by_year = client.get(json_url, {"year": year}).json()["meetings"]
    assert by_year and all(r["date"].startswith(year) for r in by_year)
    assert client.get(json_url, {"committee": "no-such-committee"}).json()["count"] == 0
    text = client.get(json_url).content.decode() + client.get(csv_url).content.decode()
    for marker in (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER):
        assert marker not in text


def test_actions_open_data_is_public_only_and_filtered_like_the_page(client, world, pinned_now):
    m = world.meetings
    json_url, csv_url = (
        reverse("meetings:actions_json", args=["test-pcc"]),
        reverse("meetings:actions_csv", args=["test-pcc"]),
    )
    rows = client.get(json_url).json()["actions"]
    assert [r["action"] for r in rows] == ["Circulate the figures"]  # the action at the exempt item is not public
    assert rows[0]["overdue"] == "yes" and rows[0]["meeting_url"].startswith("http://testserver/")
    assert [r["action"] for r in _csv(client, csv_url)] == ["Circulate the figures"]
    assert client.get(json_url, {"status": "closed"}).json()["count"] == 0
    assert client.get(json_url, {"status": "open", "committee": m.committee.slug}).json()["count"] == 1
    text = client.get(json_url).content.decode() + client.get(csv_url).content.decode()
    assert EXEMPT_MARKER not in text and OTHER_BODY_MARKER not in text
