"""A cache of public pages for anonymous readers, invalidated whenever a record changes.

Pages are keyed by the path, the query string and the *public generation*: a counter in the
database raised after every committed change to a domain record (saves, deletes and link
changes, through signals; bulk loaders raise it themselves with ``bump``). Reading the counter
is one indexed query; a cached page then costs no other database work. Because the counter
lives in the database, every web server process sees a change at once, whatever cache backend
holds the pages (the local memory of each process by default).

Only anonymous GET/HEAD requests without a session or messages cookie are served from the cache
or stored in it, never staff pages, and only complete 200 responses that set no cookie. Entries
also expire after ``OPENPCC_PUBLIC_CACHE_SECONDS`` (default 300): what changes with the clock
alone (an embargo passing, a meeting moving from "upcoming" to "past") shows within that time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse

from .models import PublicGeneration

# Apps whose records appear on public pages. Import working material and user accounts
# (a login saves the user) are left out so they do not empty the cache.
PUBLIC_APPS = ("core", "bodies", "plans", "meetings", "decisions", "documents")
NOT_PUBLIC = {"core.user", "core.publicgeneration", "documents.searchentry"}
NEVER_CACHED = ("/staff/", "/admin/", "/accounts/", "/static/", "/media/")
HEADER = "X-OpenPCC-Cache"


def seconds() -> int:
    return int(getattr(settings, "OPENPCC_PUBLIC_CACHE_SECONDS", 300))


def current() -> int:
    value = PublicGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump() -> None:
    """Raise the generation now (after a bulk write that sends no signals)."""
    if not PublicGeneration.objects.filter(pk=1).update(value=models.F("value") + 1):
        PublicGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


def _bump_after_commit(**kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(hook[1] is bump for hook in conn.run_on_commit):
        return  # already due when this transaction commits
    transaction.on_commit(bump)


def connect_signals() -> None:
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in PUBLIC_APPS or meta.label_lower in NOT_PUBLIC:
            continue
        if meta.model_name.startswith("historical"):
            continue
        uid = f"public-cache-{meta.label_lower}"
        post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"{uid}-delete")
        for m2m in meta.local_many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(_bump_after_commit, sender=through, dispatch_uid=f"{uid}-{m2m.name}-m2m")


def _cacheable_request(request: HttpRequest) -> bool:
    if seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NEVER_CACHED):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request: HttpRequest, generation: int) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{connection.alias}:{generation}:{request.method}:{digest}"


class PublicCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        cache = caches[getattr(settings, "OPENPCC_PUBLIC_CACHE_ALIAS", "default")]
        key = _key(request, current())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
            cache.set(key, (response.status_code, headers, response.content), seconds())
            response[HEADER] = "miss"
        return response
