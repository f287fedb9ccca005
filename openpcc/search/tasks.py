"""Background work for search: catching the index up when an embargo ends, scheduled when a
record is published for a later time (core.signals.release_scheduled)."""

from __future__ import annotations

import logging

from django_tasks import task

from . import index

logger = logging.getLogger(__name__)


@task()
def reindex_record(label: str, pk: int) -> str:
    """Run when an embargo ends: the record (and what it is part of) joins the search index, and
    cached public pages are dropped so they show it."""
    from django.apps import apps

    from openpcc.core import public_cache

    instance = apps.get_model(label).objects.filter(pk=pk).first()
    if instance is None:
        return "gone"
    index.refresh(instance)
    public_cache.bump()
    return "indexed"


def release_scheduled_receiver(sender, instance, when, **kwargs) -> None:
    """An embargo: index the record again once it is public, through the task queue."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:  # e.g. tasks run inline: the next rebuild catches up
        logger.warning(
            "%s %s is public from %s; rebuild the search index after then.", sender.__name__, instance.pk, when
        )
        return
    reindex_record.using(run_after=when).enqueue(sender._meta.label_lower, instance.pk)
