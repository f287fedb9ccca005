"""Meetings' open data and calendars: the body's calendar and one meeting's (iCalendar), and the
meetings and the action log as CSV and JSON, with the same filters as their pages. CSV and JSON
carry the same fields with the same values (a list in JSON is one cell in CSV, joined by "; ")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from openpcc.core.exports import csv_response
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import calendar, selectors
from .models import Action, Meeting

MEETING_FILTERS = ("committee", "year")
ACTION_FILTERS = ("committee", "status")
JSON_OPTIONS = {"indent": 2, "ensure_ascii": False}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _meeting_url(request: HttpRequest, m: Meeting) -> str:
    return request.build_absolute_uri(reverse("meetings:detail", args=[m.body.slug, m.pk]))


@public_page("committee")
def meetings_ics(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A subscribable calendar of the body's published meetings (``?committee=<slug>`` for one)."""
    body = body_public_get(slug=body_slug)
    meetings = selectors.meeting_calendar_list(body=body, committee=request.params["committee"])
    return calendar.calendar_response(
        name=f"{body.name}: meetings",
        meetings=meetings,
        url_of=lambda m: request.build_absolute_uri(reverse("meetings:detail", args=[body.slug, m.pk])),
        items=selectors.meeting_item_titles(meetings=meetings),
        filename=f"{body.slug}-meetings.ics",
    )


@public_page()
def meeting_ics(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    """One meeting, to add to a calendar."""
    body = body_public_get(slug=body_slug)
    meeting = selectors.meeting_public_calendar_get(body=body, pk=pk)
    return calendar.calendar_response(
        name=str(meeting),
        meetings=[meeting],
        url_of=lambda m: _meeting_url(request, m),
        items=selectors.meeting_item_titles(meetings=[meeting]),
        filename=f"{body.slug}-meeting-{meeting.pk}.ics",
    )


MEETING_COLUMNS = [
    "id",
    "date",
    "start_time",
    "end_time",
    "committee",
    "title",
    "kind",
    "status",
    "venue",
    "theme",
    "cancellation_note",
    "agenda_published_at",
    "minutes_published_at",
    "url",
    "calendar_url",
]


def _meeting_rows(request: HttpRequest, meetings: list[Meeting]) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "id": m.pk,
            "date": m.date.isoformat(),
            "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
            "end_time": m.end_time.strftime("%H:%M") if m.end_time else None,
            "committee": m.committee.name,
            "title": m.display_title,
            "kind": m.get_kind_display(),
            "status": str(m.state_on(today)),
            "venue": m.venue or None,
            "theme": m.theme or None,
            "cancellation_note": (m.cancellation_note or None) if m.status == Meeting.Status.CANCELLED else None,
            # When the papers and minutes were published: only once they are public.
            "agenda_published_at": _iso(m.agenda_published_at) if m.agenda_is_public else None,
            "minutes_published_at": _iso(m.minutes_published_at) if m.minutes_are_public else None,
            "url": _meeting_url(request, m),
            "calendar_url": request.build_absolute_uri(reverse("meetings:meeting_ics", args=[m.body.slug, m.pk])),
        }
        for m in meetings
    ]


def _meetings(request: HttpRequest, body) -> list[Meeting]:
    return selectors.meeting_public_export_list(body=body, **{k: request.params[k] for k in MEETING_FILTERS})


@public_page(*MEETING_FILTERS)
def meetings_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _meeting_rows(request, _meetings(request, body))
    return csv_response(filename=f"{body.slug}-meetings.csv", columns=MEETING_COLUMNS, rows=rows)


@public_page(*MEETING_FILTERS)
def meetings_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    rows = _meeting_rows(request, _meetings(request, body))
    return JsonResponse(
        {"body": {"slug": body.slug, "name": body.name}, "count": len(rows), "meetings": rows},
        json_dumps_params=JSON_OPTIONS,
    )


ACTION_COLUMNS = [
    "committee",
    "number",
    "raised_on",
    "meeting_url",
    "agenda_item",
    "action",
    "owner",
    "due_date",
    "status",
    "overdue",
    "closed_on",
    "closing_note",
    "updates",
]


def _action_rows(request: HttpRequest, body, actions: list[Action]) -> list[dict]:
    return [
        {
            "committee": a.committee.name,
            "number": a.number,
            "raised_on": a.meeting.date.isoformat(),
            "meeting_url": request.build_absolute_uri(reverse("meetings:detail", args=[body.slug, a.meeting_id])),
            "agenda_item": a.agenda_item.number if a.agenda_item else None,
            "action": a.text,
            "owner": a.owner,
            "due_date": _iso(a.due_date),
            "status": a.get_status_display(),
            "overdue": "yes" if a.is_overdue else "no",
            "closed_on": _iso(a.closed_on) if a.status == Action.Status.CLOSED else None,
            "closing_note": (a.closing_note or None) if a.status == Action.Status.CLOSED else None,
            "updates": [f"{u.date.isoformat()}: {u.text}" for u in a.updates.all()],
        }
        for a in actions
    ]


def _actions(request: HttpRequest, body) -> list[Action]:
    return selectors.action_public_export_list(body=body, **{k: request.params[k] for k in ACTION_FILTERS})


@public_page(*ACTION_FILTERS)
def actions_csv(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    rows = _action_rows(request, body, _actions(request, body))
    return csv_response(filename=f"{body.slug}-actions.csv", columns=ACTION_COLUMNS, rows=rows)


@public_page(*ACTION_FILTERS)
def actions_json(request: HttpRequest, body_slug: str) -> JsonResponse:
    body = body_public_get(slug=body_slug)
    rows = _action_rows(request, body, _actions(request, body))
    return JsonResponse(
        {"body": {"slug": body.slug, "name": body.name}, "count": len(rows), "actions": rows},
        json_dumps_params=JSON_OPTIONS,
    )
