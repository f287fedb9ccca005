"""The "method not allowed" page: an address that only takes a form's POST (publishing an
agenda, signing a decision), opened as a link, answers 405 in the site's look with a way on,
not Django's empty response."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .views import method_not_allowed


class MethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            styled = method_not_allowed(request)
            styled["Allow"] = response["Allow"]
            return styled
        return response
