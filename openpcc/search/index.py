"""Keeping the public search index current: each kind of searchable record (registered by its
domain in ``core.registry``) draws from its own *published* queryset, so the publication rules
stay where they are defined. Saving or deleting a record re-indexes the records it affects, in
the same transaction, so the index is never ahead of or behind a rolled-back change; a release
time in the future (an embargo) schedules the catch-up through the task queue (search.tasks)."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags

from openpcc.core import public_cache
from openpcc.core.registry import Searchable, searchables

from . import vocabulary
from .models import SearchEntry

logger = logging.getLogger(__name__)


def join(*parts: str) -> str:
    """The text of an entry: its parts, without markup, a blank line apart."""
    return "\n\n".join(strip_tags(p).strip() for p in parts if p and p.strip())


def as_date(value):
    """An entry's date from a date or a datetime."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def kind_labels() -> dict[str, str]:
    return {s.kind: s.label for s in searchables()}


def reindex(indexer: Searchable, ids: Iterable[int], *, words: bool = True) -> int:
    """Replace the entries of these records with what is public now (none if not public), and
    the vocabulary's counts with them (``words=False``: a rebuild counts it again at the end)."""
    ids = list(set(ids))
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            old = SearchEntry.objects.filter(kind=indexer.kind, object_id__in=chunk)
            before = vocabulary.count(old.values_list("title", "text")) if words else None
            old.delete()
            entries = [
                SearchEntry(kind=indexer.kind, object_id=obj.pk, **indexer.entry(obj))
                for obj in indexer.queryset().filter(pk__in=chunk)
            ]
            SearchEntry.objects.bulk_create(entries)
            if before is not None:
                vocabulary.apply(before, vocabulary.count((e.title, e.text) for e in entries))
            written += len(entries)
    return written


def rebuild(
    kinds: Iterable[str] | None = None, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the whole index (or some kinds) from the records."""
    from .backends import after_rebuild

    counts = {}
    for indexer in searchables():
        if kinds and indexer.kind not in kinds:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(kind=indexer.kind).delete()
            all_ids = list(indexer.queryset().values_list("pk", flat=True))
            counts[indexer.kind] = reindex(indexer, all_ids, words=False)
        if progress:
            progress(indexer.kind, counts[indexer.kind])
    vocabulary.rebuild()
    after_rebuild()
    public_cache.bump()
    return counts


# --- keeping it current ---------------------------------------------------------------------------

_state = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Collect changes and index them once at the end (bulk loads, demo data)."""
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = defaultdict(set)
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    by_kind = {i.kind: i for i in searchables()}
    for kind, ids in pending.items():
        reindex(by_kind[kind], ids)


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    pending = getattr(_state, "pending", None)
    for indexer in searchables():
        find = indexer.root_finders().get(sender)
        if find is None:
            continue
        try:
            affected = list(find(instance))
        except Exception:  # a parent already deleted in a cascade: nothing left to find
            affected = [instance.pk] if sender is type(instance) and instance.pk else []
        if pending is not None:
            pending[indexer.kind].update(affected)
        else:
            reindex(indexer, affected)


def refresh(instance) -> None:
    """Index again whatever ``instance`` is part of (when its embargo has passed)."""
    _changed(type(instance), instance)


def connect_signals() -> None:
    """Every model's saves and deletes are heard (a domain registers its kinds after this app is
    ready); ``_changed`` looks the sender up among the registered roots."""
    post_save.connect(_changed, dispatch_uid="search-save")
    post_delete.connect(_changed, dispatch_uid="search-delete")
