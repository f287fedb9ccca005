"""The public site's shared pages: the home page, a body's home, the accessibility statement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openpcc.core.navigation import body_page_context
from openpcc.core.selectors import body_public_get

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"entries": selectors.home_entries()})


def body_home(request: HttpRequest, body_slug: str) -> HttpResponse:
    body = body_public_get(slug=body_slug)
    return render(
        request, "public/body_home.html", body_page_context(body, "home", **selectors.body_overview(body=body))
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")
