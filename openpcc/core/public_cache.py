"""A cache of public pages for anonymous readers, invalidated whenever a record changes.

Pages are keyed by the host, the path, the query parameters the page reads (declared with
``public_page``; anything else in the query string is ignored, so ``?x=1``, ``?x=2`` ... are one
entry) and the *public generation*: a counter in the database raised after every committed change
to a domain record (saves, deletes and link changes, through signals; bulk loaders raise it
themselves with ``bump``). Reading the counter is one indexed query; a cached page then costs no
other database work. Because the counter lives in the database, every web server process sees a
change at once, whatever cache backend holds the pages (the local memory of each process by
default, compressed, at most ``OPENPCC_PUBLIC_CACHE_MAX_ENTRIES`` pages).

Only anonymous GET/HEAD requests for a host in ALLOWED_HOSTS, without a session or messages
cookie, to a view that declares itself a public page (``core.params.public_page``) are served
from the cache or stored in it, and only complete 200 responses that set no cookie. Entries also expire after
``OPENPCC_PUBLIC_CACHE_SECONDS`` (default 300): what changes with the clock alone (an embargo
passing, a meeting moving from "upcoming" to "past") shows within that time.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from .models import PublicGeneration

# Apps whose records never reach a public page: import working material, the search index (it
# changes with the records it is made from), and what core keeps for itself.
NOT_PUBLIC_APPS = ("imports", "search", "admin", "auth", "contenttypes", "sessions", "django_tasks_db", "axes")
NOT_PUBLIC = {"core.user", "core.publicgeneration"}
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
        if meta.app_label in NOT_PUBLIC_APPS or meta.label_lower in NOT_PUBLIC:
            continue
        if meta.model_name.startswith("historical"):
            continue
        uid = f"public-cache-{meta.label_lower}"
        post_save.connect(_bump_after_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=f"{uid}-delete")
        for m2m in meta.local_many_to_many:
            through = m2m.remote_field.through
            m2m_changed.connect(_bump_after_commit, sender=through, dispatch_uid=f"{uid}-{m2m.name}-m2m")


MAX_PAGE_BYTES = 2 * 1024 * 1024  # a larger answer (an export of everything) is not worth the memory


def _page_params(request: HttpRequest) -> tuple[str, ...] | None:
    """The parameters the page at this path reads, or None when it is not a cacheable page."""
    if seconds() <= 0 or request.method not in ("GET", "HEAD"):
        return None
    if request.path.startswith(NEVER_CACHED):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    request.get_host()  # a host not in ALLOWED_HOSTS is refused (400) before anything is served
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, "public_cache_params", None)


def _key(request: HttpRequest, params: tuple[str, ...], generation: int) -> str:
    read = [(name, request.GET.getlist(name)) for name in params if name in request.GET]
    parts = repr((request.get_host(), request.path, read))
    digest = hashlib.sha256(parts.encode()).hexdigest()
    return f"public-page:{connection.alias}:{generation}:{request.method}:{digest}"


class PublicCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        params = _page_params(request)
        if params is None:
            return self.get_response(request)
        cache = caches[getattr(settings, "OPENPCC_PUBLIC_CACHE_ALIAS", "default")]
        key = _key(request, params, current())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(zlib.decompress(content), status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= MAX_PAGE_BYTES
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", HEADER.lower())]
            cache.set(key, (response.status_code, headers, zlib.compress(response.content, 6)), seconds())
            response[HEADER] = "miss"
        return response
