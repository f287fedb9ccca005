"""What every service builds on: optimistic-locked saves, the acting user in the history, the
publication switch, and the release of what is published for a later time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .models import Publication, PublishableModel, VersionedModel
from .signals import release_scheduled

BULK_CACHE_KB = 256 * 1024  # SQLite's page cache during a bulk write (pages are taken as they are used)


@contextmanager
def bulk_cache(kb: int = BULK_CACHE_KB) -> Iterator[None]:
    """On SQLite, a page cache of ``kb`` kilobytes on this connection while a bulk write runs,
    then the one it had. The default (2 MB) is far smaller than the indexes a large import, the
    data set's generation or a full-text build keep writing into, so each of their writes becomes
    a read of a page just evicted: a national full-text build took twice as long with it. Nothing
    on other databases (PostgreSQL's shared buffers are the server's)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{int(kb)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


class ConflictError(Exception):
    """Someone else saved the record after this edit began; nothing was written."""

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(
            "Someone else changed this record while you were editing it. "
            "Your text is shown below: compare it with the saved version and save again."
        )


def stamp(instance: models.Model, *, user: Any = None, reason: str = "") -> models.Model:
    """Tell django-simple-history who made this change and why (services run outside requests too)."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    return instance


def save_versioned(
    instance: VersionedModel,
    *,
    expected_version: int,
    fields: dict[str, Any],
    change_reason: str = "",
    user: Any = None,
) -> VersionedModel:
    """Write ``fields`` only if the stored version is still ``expected_version``.

    The check and the write are one UPDATE ... WHERE version = expected, so two
    concurrent saves cannot both succeed on any database. History is written via save().
    """
    model = type(instance)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=instance.pk)
        if locked.version != expected_version:
            raise ConflictError(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version = expected_version + 1
        updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1)
        if updated != 1:  # SQLite has no row locks: the conditional UPDATE is the guard there
            raise ConflictError(model.objects.get(pk=instance.pk))
        stamp(locked, user=user, reason=change_reason)
        locked.save()
    return locked


def mark_published(instance: PublishableModel, *, when: Any = None) -> PublishableModel:
    """Publish a record (the caller has checked rights and validity, inside its transaction)."""
    instance.publication_status = Publication.PUBLISHED
    instance.published_at = when or timezone.now()
    instance.save(update_fields=["publication_status", "published_at"])
    release_at(instance, instance.published_at)
    return instance


def release_at(instance: models.Model, when: Any) -> None:
    """Say, once the transaction commits, that ``instance`` becomes public at ``when`` if that is
    later than now (an embargo): what is built from public records (the search index) listens for
    ``release_scheduled`` and brings itself up to date then. Nothing happens for a time now or past."""
    if when is None or when <= timezone.now():
        return
    transaction.on_commit(lambda: release_scheduled.send(sender=type(instance), instance=instance, when=when))
