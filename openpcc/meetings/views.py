"""Public meetings pages: lists, a meeting with its papers and minutes, reports and their
files, the action log and the work programme (calendars and open data: export_views)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openpcc.core.navigation import body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get

from . import selectors


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
    packs = selectors.agenda_pack_public_list(meeting=detail.meeting)
    return render(
        request, "meetings/detail.html", body_page_context(body, "meetings", detail=detail, public=True, packs=packs)
    )


@public_page()
def committee_detail(request: HttpRequest, body_slug: str, slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    committee = selectors.committee_get(body=body, slug=slug)
    highlights = selectors.meeting_highlights(body=body, committee=committee)
    return render(
        request,
        "meetings/committee.html",
        body_page_context(body, "meetings", committee=committee, highlights=highlights),
    )


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


def agenda_pack_file(request: HttpRequest, body_slug: str, pk: int, version: int) -> HttpResponse:
    """A version of a meeting's agenda pack (PDF), while the meeting's papers and every paper in
    it are public."""
    from .pack import pack_file_response

    body = body_public_get(slug=body_slug)
    pack = selectors.agenda_pack_get(body=body, pk=pk, version=version, public=True)
    return pack_file_response(pack, public=True)
