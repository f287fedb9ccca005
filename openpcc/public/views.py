"""The public site's shared pages: the home page, a body's home, the accessibility statement."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from openpcc.core.navigation import body_nav, body_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.params import public_page
from openpcc.core.selectors import body_public_get
from openpcc.search.selectors import search_page_get

from . import selectors


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and uptime checks: the application answers (no database work, so
    it also measures the stack's floor in the benchmarks)."""
    return HttpResponse("ok\n", content_type="text/plain")


def brand_css(request: HttpRequest, colour: str) -> HttpResponse:
    """A body's brand colour as a stylesheet, so pages need no inline style (Content-Security-Policy).
    The colour is the address: the file never changes, and needs no database."""
    response = HttpResponse(f":root{{--brand:#{colour}}}\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"entries": selectors.home_entry_list()})


@public_page()
def body_home(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    return render(
        request, "public/body_home.html", body_page_context(body, "home", **selectors.body_overview_get(body=body))
    )


@public_page("q", "body", "kind", "year", "page")
def search(request: HttpRequest) -> HttpResponse:
    params = request.params
    page = search_page_get(**params)
    return render(
        request,
        "public/search.html",
        {
            "page": page,
            "params": params,
            "query": query_without_page(request),
            "body": page.body,
            "body_nav": body_nav(page.body, "") if page.body else None,
        },
    )


@public_page()
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


class BodyFeed(Feed):
    """Atom feed of what a body publishes: each domain adds its entries (core.registry)."""

    feed_type = Atom1Feed

    def get_object(self, request, body_slug):
        return body_public_get(slug=body_slug)

    def title(self, body):
        return f"{body.name}: new papers, minutes, decisions and reports"

    def link(self, body):
        return reverse("public:body_home", args=[body.slug])

    def subtitle(self, body):
        return f"Agendas, papers, minutes, decisions and plan delivery reports published by {body.name}."

    def items(self, body):
        return selectors.feed_entry_list(body=body)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"{item.url}#{item.kind}"

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.updated
