"""The one history component: who changed what and when, for any record with
django-simple-history's ``history`` manager."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

HIDDEN_FIELDS = {"version", "search_vector"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(record: Any, name: str, related: dict[str, dict[Any, models.Model]]) -> str:
    if name in related:
        value = related[name].get(getattr(record, f"{name}_id", None))
    else:
        value = getattr(record, name, "")
    if value is None or value == "":
        return "(blank)"
    return str(value)


def _related_objects(obj: models.Model, records: list[Any]) -> dict[str, dict[Any, models.Model]]:
    """Foreign keys shown by name, fetched once per field rather than once per row."""
    related: dict[str, dict[Any, models.Model]] = {}
    for f in obj._meta.concrete_fields:
        if f.is_relation and f.many_to_one and f.name not in HIDDEN_FIELDS:
            values = {getattr(r, f.attname) for r in records}
            if len(values) > 1:  # a foreign key that never changed is never shown
                related[f.name] = f.related_model._default_manager.in_bulk(values - {None})
    return related


def history_entries(obj: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """Newest first. One query for the records and one for their users."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])  # type: ignore[attr-defined]
    kinds = {"+": "Created", "~": "Changed", "-": "Deleted"}
    related = _related_objects(obj, records)
    entries: list[HistoryEntry] = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(
                    FieldChange(
                        field=_verbose(obj, change.field),
                        old=_display(previous, change.field, related),
                        new=_display(record, change.field, related),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "System",
                kind=kinds.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _verbose(obj: models.Model, name: str) -> str:
    try:
        label = str(obj._meta.get_field(name).verbose_name)
        return label[:1].upper() + label[1:]
    except Exception:
        return name
