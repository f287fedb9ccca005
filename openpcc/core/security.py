"""Response headers and client addresses: the parts of security that are ours rather than Django's
or a library's (CSP is django-csp's, throttling django-axes', TLS settings Django's own)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Pages that show drafts, working material or a person's own account: never kept by a browser's
# or a proxy's cache.
PRIVATE_PREFIXES = ("/staff/", "/admin/", "/accounts/")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``Cache-Control: private, no-store`` on staff pages
    and on any page served to someone signed in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path.startswith(PRIVATE_PREFIXES) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response


SEEN = "openpcc_seen"
SEEN_REFRESH_SECONDS = 300


class SessionIdleMiddleware:
    """A staff session ends after ``SESSION_COOKIE_AGE`` seconds without a request. Saving the
    session starts that time again; it is saved at most every five minutes, not on every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SEEN, 0) >= SEEN_REFRESH_SECONDS:
                request.session[SEEN] = now
        return self.get_response(request)


def mark_seen(sender, request: HttpRequest, user, **kwargs) -> None:
    """On sign-in (the session is new and saved anyway)."""
    request.session[SEEN] = int(time.time())


def client_ip(request: HttpRequest) -> str:
    """The client's address for sign-in throttling. Behind ``OPENPCC_TRUSTED_PROXIES`` proxies, the
    address the outermost trusted proxy saw; addresses a client wrote itself further left in
    X-Forwarded-For are ignored, so they cannot be used to dodge a lock."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "OPENPCC_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return chain[-proxies] if len(chain) >= proxies else remote
