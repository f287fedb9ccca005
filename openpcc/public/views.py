"""The public site's shared pages: the home page, a body's home, the accessibility statement."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
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
    suggested = {k: v for k, v in params.items() if v and k != "page"}
    suggested["q"] = page.suggestion
    return render(
        request,
        "public/search.html",
        {
            "page": page,
            "params": params,
            "query": query_without_page(request),
            "suggestion_query": urlencode(suggested) if page.suggestion else "",
            "body": page.body,
            "body_nav": body_nav(page.body, "") if page.body else None,
        },
    )


def _error_context(request: HttpRequest, exception: Exception | None) -> dict:
    """What an error page offers: the body the address is under (its header, its pages and its
    home), and the reason given, when it is one written for people."""
    message = exception.args[0] if exception is not None and exception.args else ""
    context: dict = {"exception": message if isinstance(message, str) else "", "request_path": request.path}
    body = selectors.body_for_path(request.path)
    if body is not None:
        staff = request.path.startswith("/staff/")
        context.update({"body": body, "staff_page": True} if staff else body_page_context(body, ""))
    return context


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page (handler404): in the site's look, with the body's pages when the address is a body's."""
    return render(request, "404.html", _error_context(request, exception), status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (handler403): in the site's look, with the ways on."""
    return render(request, "403.html", _error_context(request, exception), status=403)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """The 405 page (public.middleware): an address for a form's button opened as a link. It
    offers the page the button is on: the address one level up (a staff meeting's page for
    ``.../<meeting>/publish-agenda/``)."""
    context = _error_context(request, None)
    parent = request.path.rstrip("/").rpartition("/")[0] + "/"
    context["back_url"] = parent if parent.startswith("/") and parent != "/" else ""
    return render(request, "405.html", context, status=405)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (handler500): the site's look from the stylesheet alone, with no context
    processor or database (either may be what failed)."""
    html = loader.get_template("500.html").render({"site_name": settings.OPENPCC_SITE_NAME})
    return HttpResponseServerError(html)


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
