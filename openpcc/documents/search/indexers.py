"""What goes into the public search index, and keeping it current.

Each indexer names a kind of record, the *published* queryset it draws from (so the
publication rules stay where they are defined) and how a record becomes an entry. Saving
or deleting a record re-indexes the records it affects, in the same transaction, so the
index can never be ahead of or behind a rolled-back change."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.html import strip_tags

from openpcc.core import public_cache
from openpcc.core.signals import release_scheduled

from ..models import SearchEntry

logger = logging.getLogger(__name__)


@dataclass
class Indexer:
    kind: str
    label: str
    queryset: Callable[[], models.QuerySet]
    entry: Callable[[Any], dict]
    # model -> function(instance) giving the ids of this indexer's records affected by a change to it
    roots: dict[type[models.Model], Callable[[Any], Iterable[int]]] = field(default_factory=dict)


def _join(*parts: str) -> str:
    return "\n\n".join(strip_tags(p).strip() for p in parts if p and p.strip())


def _date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _indexers() -> list[Indexer]:
    from openpcc.decisions.models import Amendment, Decision
    from openpcc.meetings.models import Action, ActionUpdate, AgendaItem, Meeting, Question, Report
    from openpcc.plans.models import Activity, Plan, Priority, ReportingRound, Update

    def priority_entry(p: Priority) -> dict:
        return {
            "body_id": p.plan.body_id,
            "title": f"{p.code}: {p.text}",
            "text": _join(
                p.text,
                p.notes,
                *(f"{a.key_delivery}\n{a.wider_partnership}" for a in p.activities.all()),
                *(o.name for o in p.delivery_leads.all()),
            ),
            "url": reverse("plans:priority", args=[p.plan.body.slug, p.code]),
            "date": _date(p.plan.published_at),
        }

    def update_entry(u: Update) -> dict:
        p = u.activity.priority
        return {
            "body_id": u.round.plan.body_id,
            "title": f"{u.activity.code} update, {u.round.name}: {u.status.get_colour_display()} – {u.status.label}",
            "text": _join(u.narrative),
            "url": reverse("plans:priority", args=[u.round.plan.body.slug, p.code]) + "#updates",
            "date": _date(u.round.published_at),
        }

    def report_entry(r: Report) -> dict:
        return {
            "body_id": r.body_id,
            "title": r.title,
            "text": _join(
                r.purpose,
                r.recommendations,
                r.terms_of_reference,
                r.background,
                r.key_issues,
                r.implications,
                r.consultation,
                r.next_steps,
                r.contact_officer,
            ),
            "url": reverse("meetings:report", args=[r.body.slug, r.pk]),
            "date": r.report_date or (r.agenda_item.meeting.date if r.agenda_item else None),
        }

    def item_entry(i: AgendaItem) -> dict:
        m = i.meeting
        minutes = m.minutes_published_at is not None
        questions = [f"{q.question}\n{q.response}" for q in i.questions.all()] if minutes else []
        return {
            "body_id": m.body_id,
            "title": f"Item {i.number}: {i.title} ({m.display_title}, {m.date:%-d %B %Y})",
            "text": _join(
                i.purpose, *(([i.minutes, i.resolution_text, i.resolution_reasons]) if minutes else []), *questions
            ),
            "url": reverse("meetings:detail", args=[m.body.slug, m.pk]) + f"#item-{i.pk}",
            "date": m.date,
        }

    def action_entry(a: Action) -> dict:
        return {
            "body_id": a.body_id,
            "title": f"Action {a.number} ({a.committee.name}): {a.text[:120]}",
            "text": _join(a.text, a.owner, a.closing_note, *(u.text for u in a.updates.all())),
            "url": reverse("meetings:actions", args=[a.body.slug]),
            "date": a.meeting.date,
        }

    def decision_entry(d: Decision) -> dict:
        parts = [
            getattr(d, f)
            for f in ("decision", "reasons", "options_considered", "financial_implications", "legal_implications")
            if not d.is_withheld(f)
        ]
        return {
            "body_id": d.body_id,
            "title": f"{d.reference}: {d.subject}",
            "text": _join(*parts),
            "url": reverse("decisions:detail", args=[d.body.slug, d.reference_slug]),
            "date": d.decision_date,
        }

    from ..models import Document

    def document_entry(doc: Document) -> dict:
        return {
            "body_id": doc.body_id,
            "title": f"{doc.title} ({doc.kind.upper()})",
            "text": doc.text[:400_000],
            "url": reverse("documents:detail", args=[doc.body.slug, doc.pk]),
            "date": _date(doc.uploaded_at),
        }

    def ids(qs) -> list[int]:
        return list(qs.values_list("pk", flat=True))

    return [
        Indexer(
            "priority",
            "Plan priority",
            lambda: (
                Priority.objects.published()
                .select_related("plan__body")
                .prefetch_related("activities", "delivery_leads")
            ),
            priority_entry,
            {Priority: lambda o: [o.pk], Activity: lambda o: [o.priority_id], Plan: lambda o: ids(o.priorities.all())},
        ),
        Indexer(
            "update",
            "Plan delivery update",
            lambda: Update.objects.published().select_related("round__plan__body", "activity__priority", "status"),
            update_entry,
            {
                Update: lambda o: [o.pk],
                ReportingRound: lambda o: ids(o.updates.all()),
                Plan: lambda o: ids(Update.objects.filter(round__plan=o)),
            },
        ),
        Indexer(
            "report",
            "Report",
            lambda: Report.objects.published().select_related("body", "agenda_item__meeting"),
            report_entry,
            {
                Report: lambda o: [o.pk],
                AgendaItem: lambda o: ids(Report.objects.filter(agenda_item=o)),
                Meeting: lambda o: ids(Report.objects.filter(agenda_item__meeting=o)),
            },
        ),
        Indexer(
            "item",
            "Meeting item",
            lambda: (
                AgendaItem.objects.published()
                .select_related("meeting__body", "meeting__committee")
                .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order")))
            ),
            item_entry,
            {AgendaItem: lambda o: [o.pk], Question: lambda o: [o.item_id], Meeting: lambda o: ids(o.items.all())},
        ),
        Indexer(
            "action",
            "Action",
            lambda: (
                Action.objects.published().select_related("body", "committee", "meeting").prefetch_related("updates")
            ),
            action_entry,
            {Action: lambda o: [o.pk], ActionUpdate: lambda o: [o.action_id], Meeting: lambda o: ids(o.actions.all())},
        ),
        Indexer(
            "document",
            "Document",
            lambda: Document.objects.published().filter(status=Document.Status.DONE).select_related("body"),
            document_entry,
            {
                Document: lambda o: [o.pk],
                Report: lambda o: ids(o.documents.all()),
                AgendaItem: lambda o: ids(Document.objects.filter(Q(agenda_item=o) | Q(report__agenda_item=o))),
                Meeting: lambda o: ids(
                    Document.objects.filter(
                        Q(meeting=o) | Q(agenda_item__meeting=o) | Q(report__agenda_item__meeting=o)
                    )
                ),
                Decision: lambda o: ids(o.documents.all()),
            },
        ),
        Indexer(
            "decision",
            "Decision",
            lambda: Decision.objects.published().select_related("body"),
            decision_entry,
            {Decision: lambda o: [o.pk], Amendment: lambda o: [o.decision_id]},
        ),
    ]


_REGISTRY: list[Indexer] = []


def registry() -> list[Indexer]:
    if not _REGISTRY:
        _REGISTRY.extend(_indexers())
    return _REGISTRY


KIND_LABELS: dict[str, str] = {}


def kind_labels() -> dict[str, str]:
    if not KIND_LABELS:
        KIND_LABELS.update({i.kind: i.label for i in registry()})
    return KIND_LABELS


def reindex(indexer: Indexer, ids: Iterable[int]) -> int:
    """Replace the entries of these records with what is public now (none if not public)."""
    ids = list(set(ids))
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            SearchEntry.objects.filter(kind=indexer.kind, object_id__in=chunk).delete()
            entries = [
                SearchEntry(kind=indexer.kind, object_id=obj.pk, **indexer.entry(obj))
                for obj in indexer.queryset().filter(pk__in=chunk)
            ]
            SearchEntry.objects.bulk_create(entries)
            written += len(entries)
    return written


def rebuild(
    kinds: Iterable[str] | None = None, *, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the whole index (or some kinds) from the records."""
    from .backends import after_rebuild

    counts = {}
    for indexer in registry():
        if kinds and indexer.kind not in kinds:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(kind=indexer.kind).delete()
            all_ids = list(indexer.queryset().values_list("pk", flat=True))
            counts[indexer.kind] = reindex(indexer, all_ids)
        if progress:
            progress(indexer.kind, counts[indexer.kind])
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
    by_kind = {i.kind: i for i in registry()}
    for kind, ids in pending.items():
        reindex(by_kind[kind], ids)


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    pending = getattr(_state, "pending", None)
    for indexer in registry():
        find = indexer.roots.get(sender)
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


def _release_scheduled(sender, instance, when, **kwargs) -> None:
    """An embargo: index the record again once it is public, through the task queue."""
    from django_tasks import default_task_backend

    from ..tasks import reindex_record

    if not default_task_backend.supports_defer:  # e.g. tasks run inline: the next rebuild catches up
        logger.warning(
            "%s %s is public from %s; rebuild the search index after then.", sender.__name__, instance.pk, when
        )
        return
    reindex_record.using(run_after=when).enqueue(sender._meta.label_lower, instance.pk)


def connect_signals() -> None:
    models_seen = {m for i in registry() for m in i.roots}
    for model in models_seen:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
    release_scheduled.connect(_release_scheduled, dispatch_uid="search-release-scheduled")
