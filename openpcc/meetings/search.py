"""How reports, meeting items (with their minutes) and actions become public search entries."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import BooleanField, ExpressionWrapper, Prefetch
from django.urls import reverse

from openpcc.core.models import prefixed_q
from openpcc.core.registry import Searchable, register_searchable
from openpcc.search.bulk import Row, grouped, plain, register_bulk, url_filler
from openpcc.search.index import join

from .models import Action, ActionUpdate, AgendaItem, Meeting, Question, Report


def report_entry(r: Report) -> dict:
    return {
        "body_id": r.body_id,
        "title": r.title,
        "text": join(
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
    minutes = m.minutes_are_public
    questions = [f"{q.question}\n{q.response}" for q in i.questions.all()] if minutes else []
    return {
        "body_id": m.body_id,
        "title": f"Item {i.number}: {i.title} ({m.display_title}, {m.date:%-d %B %Y})",
        "text": join(
            i.purpose, *(([i.minutes, i.resolution_text, i.resolution_reasons]) if minutes else []), *questions
        ),
        "url": reverse("meetings:detail", args=[m.body.slug, m.pk]) + f"#item-{i.pk}",
        "date": m.date,
    }


def action_entry(a: Action) -> dict:
    return {
        "body_id": a.body_id,
        "title": f"Action {a.number} ({a.committee.name}): {a.text[:120]}",
        "text": join(a.text, a.owner, a.closing_note, *(u.text for u in a.updates.all())),
        "url": reverse("meetings:actions", args=[a.body.slug]),
        "date": a.meeting.date,
    }


REPORT_PARTS = (
    "purpose", "recommendations", "terms_of_reference", "background", "key_issues", "implications",
    "consultation", "next_steps", "contact_officer",
)  # fmt: skip


def report_rows(qs) -> Iterator[Row]:
    """report_entry for many reports at once (search.bulk)."""
    url = url_filler("meetings:report", "zq-body", "918273645546372819")
    for pk, body_id, title, *parts, slug, report_date, meeting_date in plain(qs).values_list(
        "pk", "body_id", "title", *REPORT_PARTS, "body__slug", "report_date", "agenda_item__meeting__date"
    ):
        yield pk, body_id, title, join(*parts), url(slug, pk), report_date or meeting_date


def item_rows(qs) -> Iterator[Row]:
    """item_entry for many agenda items at once (search.bulk): the minutes and questions only
    where the meeting's minutes are public (``Meeting.minutes_q``, asked in the query)."""
    url = url_filler("meetings:detail", "zq-body", "918273645546372819")
    minutes_public = ExpressionWrapper(prefixed_q(Meeting.minutes_q(), "meeting__"), output_field=BooleanField())
    rows = list(
        plain(qs)
        .annotate(minutes_public=minutes_public)
        .values_list(
            "pk", "number", "title", "purpose", "minutes", "resolution_text", "resolution_reasons", "minutes_public",
            "meeting_id",
        )
    )  # fmt: skip
    meetings = {
        pk: (body_id, title or name, day, f"{day:%-d %B %Y}", url(slug, pk))
        for pk, body_id, title, name, day, slug in Meeting.objects.filter(pk__in={r[8] for r in rows}).values_list(
            "pk", "body_id", "title", "committee__name", "date", "body__slug"
        )
    }
    questions = grouped(
        Question.objects.filter(item_id__in=[r[0] for r in rows if r[7]]).order_by("order", "id"),
        "item_id",
        "question",
        "response",
    )
    for pk, number, title, purpose, minutes, res_text, reasons, public, meeting_id in rows:
        body_id, meeting_title, day, day_text, meeting_url = meetings[meeting_id]
        asked = [f"{q}\n{a}" for q, a in questions.get(pk, ())] if public else []
        text = join(purpose, *([minutes, res_text, reasons] if public else []), *asked)
        title = f"Item {number}: {title} ({meeting_title}, {day_text})"
        yield pk, body_id, title, text, f"{meeting_url}#item-{pk}", day


def action_rows(qs) -> Iterator[Row]:
    """action_entry for many actions at once (search.bulk)."""
    url = url_filler("meetings:actions", "zq-body")
    rows = list(
        plain(qs).values_list(
            "pk", "body_id", "number", "committee__name", "text", "owner", "closing_note", "body__slug", "meeting__date"
        )
    )
    updates = grouped(ActionUpdate.objects.filter(action_id__in=[r[0] for r in rows]), "action_id", "text")
    for pk, body_id, number, committee, text, owner, note, slug, day in rows:
        entry_text = join(text, owner, note, *updates.get(pk, ()))
        yield pk, body_id, f"Action {number} ({committee}): {text[:120]}", entry_text, url(slug), day


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
    register_bulk("report", report_rows)
    register_bulk("item", item_rows)
    register_bulk("action", action_rows)
    register_searchable(
        Searchable(
            "report",
            "Report",
            lambda: Report.objects.published().select_related("body", "agenda_item__meeting"),
            report_entry,
            {
                Report: lambda o: [o.pk],
                AgendaItem: lambda o: _ids(Report.objects.filter(agenda_item=o)),
                Meeting: lambda o: _ids(Report.objects.filter(agenda_item__meeting=o)),
            },
        )
    )
    register_searchable(
        Searchable(
            "item",
            "Meeting item",
            lambda: (
                AgendaItem.objects.published()
                .select_related("meeting__body", "meeting__committee")
                .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "id")))
            ),
            item_entry,
            {AgendaItem: lambda o: [o.pk], Question: lambda o: [o.item_id], Meeting: lambda o: _ids(o.items.all())},
        )
    )
    register_searchable(
        Searchable(
            "action",
            "Action",
            lambda: (
                Action.objects.published().select_related("body", "committee", "meeting").prefetch_related("updates")
            ),
            action_entry,
            {Action: lambda o: [o.pk], ActionUpdate: lambda o: [o.action_id], Meeting: lambda o: _ids(o.actions.all())},
        )
    )
