"""How reports, meeting items (with their minutes) and actions become public search entries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse

from openpcc.core.registry import Searchable, register_searchable
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


def _ids(qs) -> list[int]:
    return list(qs.values_list("pk", flat=True))


def register() -> None:
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
                .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order")))
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
