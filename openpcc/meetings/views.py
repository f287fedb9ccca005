"""Public meetings pages: lists, a meeting with its papers and minutes, reports and their
files, the action log, the work programme, a calendar (iCalendar) and an Atom feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors
from .models import Meeting


@public_page("committee", "year", "page")
def meeting_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    filters = {k: request.params[k] for k in ("committee", "year")}
    listing = selectors.meeting_public_list(body=body, page=request.params["page"], **filters)
    return render(
        request,
        "meetings/list.html",
        body_page_context(body, "meetings", listing=listing, filters=filters, query=query_without_page(request)),
    )


@public_page()
def meeting_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    detail = selectors.meeting_public_get(body=body, pk=pk)
    return render(request, "meetings/detail.html", body_page_context(body, "meetings", detail=detail, public=True))


@public_page()
def committee_detail(request: HttpRequest, body_slug: str, slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    committee = selectors.committee_get(body=body, slug=slug)
    return render(request, "meetings/committee.html", body_page_context(body, "meetings", committee=committee))


@public_page()
def report_detail(request: HttpRequest, body_slug: str, pk: int) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    report = selectors.report_public_get(body=body, pk=pk)
    return render(request, "meetings/report.html", body_page_context(body, "meetings", report=report, public=True))


@public_page("committee", "status", "page")
def action_log(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    filters = {k: request.params[k] for k in ("committee", "status")}
    log = selectors.action_public_list(body=body, page=request.params["page"], **filters)
    return render(
        request,
        "meetings/actions.html",
        body_page_context(body, "actions", log=log, filters=filters, query=query_without_page(request)),
    )


@public_page("committee")
def work_programme(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    committee = request.params["committee"]
    blocks = selectors.work_programme_list(body=body, public=True, committee=committee)
    return render(
        request,
        "meetings/work_programme.html",
        body_page_context(
            body, "work_programme", blocks=blocks, committee=committee, committees=selectors.committee_list(body=body)
        ),
    )


LONDON = ZoneInfo(settings.TIME_ZONE)


@public_page("committee")
def meetings_ics(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A subscribable calendar of the body's published meetings (``?committee=<slug>`` for one)."""
    body = body_public_get(slug=body_slug)
    committee = request.params["committee"]
    cal = Calendar()
    cal.add("prodid", "-//OpenPCC//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{body.name}: meetings")
    stamp = timezone.now()
    for m in selectors.meeting_calendar_list(body=body, committee=committee):
        event = Event()
        event.add("uid", f"meeting-{m.pk}@{body.slug}.openpcc")
        event.add("summary", f"{m.display_title}{' (cancelled)' if m.status == Meeting.Status.CANCELLED else ''}")
        if m.start_time:
            start = datetime.combine(m.date, m.start_time, tzinfo=LONDON)
            end = datetime.combine(m.date, m.end_time, tzinfo=LONDON) if m.end_time else start + timedelta(hours=2)
            event.add("dtstart", start)
            event.add("dtend", end)
        else:
            event.add("dtstart", m.date)
            event.add("dtend", m.date + timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("last-modified", m.published_at or stamp)
        if m.venue:
            event.add("location", m.venue)
        event.add("status", "CANCELLED" if m.status == Meeting.Status.CANCELLED else "CONFIRMED")
        event.add("url", request.build_absolute_uri(reverse("meetings:detail", args=[body.slug, m.pk])))
        event.add("description", f"{m.get_kind_display()}{f' – theme: {m.theme}' if m.theme else ''}")
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.slug}-meetings.ics"'
    return response
