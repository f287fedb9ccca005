"""Demo meetings, papers, minutes, actions and work programme (seeds 000-004), loaded
through the meetings services like a secretariat would enter them."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from openpcc.core.models import Body, User
from openpcc.core.permissions import system_actor
from openpcc.meetings import services as meetings
from openpcc.meetings.deadlines import papers_deadline
from openpcc.meetings.models import AgendaItem, Committee, Meeting
from openpcc.plans.models import Priority

DATA = Path(__file__).resolve().parent / "data"
LONDON = ZoneInfo("Europe/London")
UNNUMBERED = "–"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def _number_key(number: str) -> tuple[float, str]:
    try:
        return (float(number), number)
    except ValueError:
        return (float("inf"), number)


def _priorities(plan_body: Body, codes: list[str], themes: list[str]) -> list[Priority]:
    qs = Priority.objects.filter(plan__body=plan_body)
    chosen = {p.code: p for p in qs.filter(code__in=codes)}
    if themes and not codes:
        chosen.update({p.code: p for p in qs.filter(theme__code__in=themes)})
    return list(chosen.values())


def _report_fields(r: dict, meeting_date: date) -> dict:
    implications = r.get("implications") or []
    key_issues = r.get("key_issues") or []
    return {
        "title": r["title"],
        "to": r.get("to") or "",
        "author": r.get("from") or "",
        "report_date": _d(r.get("date")) or meeting_date,
        "purpose": r.get("purpose") or "",
        "recommendations": "\n".join(r.get("recommendations") or []),
        "terms_of_reference": r.get("terms_of_reference") or "",
        "background": r.get("background") or "",
        "key_issues": "\n\n".join(f"{k['heading']}: {k['text']}" for k in key_issues),
        "implications": "\n\n".join(f"{i['kind'].capitalize()}: {i['text']}" for i in implications),
        "consultation": r.get("consultation") or "",
        "next_steps": r.get("next_steps") or "",
        "background_documents": [d for d in (r.get("background_documents") or []) if d.get("title")],
        "appendices": "\n".join(r.get("appendices") or []),
        "contact_officer": r.get("contact_officer") or "",
    }


def load_panel(panel: Body, pcc: Body, users: dict[str, User]) -> None:
    data = json.loads((DATA / "cambridgeshire_panel.json").read_text())
    secretariat = users["secretariat"]
    committee = meetings.committee_create(
        body=panel,
        name=data["committee"]["name"],
        kind=Committee.Kind.PANEL,
        user=secretariat,
        description="Councillors from the county's councils and independent co-opted members who scrutinise "
        "the Police and Crime Commissioner.",
    )
    for m in data["committee"]["members"]:
        meetings.committee_member_add(
            committee=committee,
            name=m["name"],
            role=m["role"],
            representing=m.get("representing") or "",
            user=secretariat,
        )

    by_date: dict[date, Meeting] = {}
    items: dict[tuple[date, str], AgendaItem] = {}
    for m in data["meetings"]:
        day = _d(m["date"])
        meeting = meetings.meeting_create(
            body=panel,
            committee=committee,
            date=day,
            kind=m["kind"],
            start_time=_t(m.get("start_time")),
            end_time=_t(m.get("end_time")),
            venue=m.get("venue") or "",
            theme=m.get("theme") or "",
            user=secretariat,
        )
        by_date[day] = meeting
        for i in sorted(m["items"], key=lambda i: _number_key(i["number"])):
            report = i.get("report")
            item = meetings.agenda_item_add(
                meeting=meeting,
                number=i["number"],
                title=i["title"],
                purpose=i.get("purpose") or "",
                presenting=i.get("presenting") or "",
                is_exempt=bool(i.get("exempt")),
                exempt_reason=i.get("exempt_reason") or "",
                priorities=_priorities(pcc, (report or {}).get("priority_codes") or [], []),
                user=secretariat,
            )
            items[(day, i["number"])] = item
            if report:
                fields = _report_fields(report, day)
                if report.get("classification") in ("NOT PROTECTIVELY MARKED", "OFFICIAL"):
                    fields["classification"] = report["classification"]
                meetings.report_save(
                    body=panel,
                    agenda_item=item,
                    fields=fields,
                    user=secretariat,
                    priorities=_priorities(pcc, report.get("priority_codes") or [], report.get("theme_codes") or []),
                )
        meetings.agenda_publish(meeting=meeting, user=secretariat, when=_at(papers_deadline(day)))
        if m["attendance"] or any(i.get("minutes") or i.get("resolution") for i in m["items"]):
            _minutes(meeting, m, items, day, secretariat)

    _actions(data["actions"], by_date, items, secretariat)
    _work_programme(panel, committee, data, by_date, secretariat)
    # The 6 September minutes were approved at the next public meeting, 15 November 2017.
    sept, nov = by_date.get(date(2017, 9, 6)), by_date.get(date(2017, 11, 15))
    if sept and nov:
        meetings.minutes_approve(meeting=sept, approved_at=nov, user=secretariat)


def _minutes(meeting: Meeting, m: dict, items: dict, day: date, user: User) -> None:
    for a in m["attendance"]:
        meetings.attendance_add(
            meeting=meeting,
            name=a["name"],
            kind=a["kind"],
            substitute_for=a.get("substitute_for") or "",
            representing=a.get("representing") or "",
            role=a.get("role") or "",
            user=user,
        )
    for i in m["items"]:
        item = items[(day, i["number"])]
        for q in i["questions"]:
            meetings.question_add(
                item=item,
                letter=q.get("letter") or "",
                asked_by=q.get("asked_by") or "",
                question=q["question"],
                response=q.get("response") or "",
                responded_by=q.get("responded_by") or "",
                user=user,
            )
        resolution = i.get("resolution") or {}
        if i.get("minutes") or resolution:
            item.refresh_from_db()
            meetings.minutes_record(
                item=item,
                expected_version=item.version,
                minutes=i.get("minutes") or "",
                resolution=resolution.get("kind") or "",
                resolution_text=resolution.get("text") or "",
                resolution_reasons=resolution.get("reasons") or "",
                user=user,
            )
    meetings.minutes_publish_draft(meeting=meeting, user=user, when=_at(day, 17))


def _actions(rows: list[dict], by_date: dict, items: dict, user: User) -> None:
    for a in rows:
        day = _d(a["meeting_date"])
        action = meetings.action_raise(
            meeting=by_date[day],
            agenda_item=items.get((day, a.get("item_number") or "")),
            text=a["text"],
            owner=a["owner"],
            due_date=_d(a.get("due")),
            user=user,
        )
        for u in a.get("updates") or []:
            meetings.action_update_add(action=action, text=u["text"], on=_d(u["date"]), user=user)
        if a["status"] == "closed":
            last = max((_d(u["date"]) for u in a.get("updates") or []), default=day)
            meetings.action_close(action=action, note=a.get("closing_note") or "Completed.", on=last, user=user)


def _work_programme(panel: Body, committee: Committee, data: dict, by_date: dict, user: User) -> None:
    for w in data["work_programme"]:
        day = _d(w.get("date"))
        if day is None:
            for item in w["items"]:
                meetings.work_item_add(
                    committee=committee,
                    title=item["title"],
                    responsible=item.get("responsible") or "",
                    notes=f"Planned for {w.get('date_text') or 'a date to be fixed'}.",
                    user=user,
                )
            continue
        meeting = by_date.get(day)
        if meeting is None:
            meeting = meetings.meeting_create(
                body=panel,
                committee=committee,
                date=day,
                kind=w["kind"],
                theme=w.get("theme") or "",
                start_time=_t(w.get("start_time")),
                venue=w.get("venue") or "",
                user=user,
            )
            by_date[day] = meeting
        for item in w["items"]:
            meetings.work_item_add(
                committee=committee,
                meeting=meeting,
                title=item["title"],
                responsible=item.get("responsible") or "",
                user=user,
            )
    for t in data["possible_topics"]:
        meetings.work_item_add(committee=committee, title=t["title"], notes=t.get("notes") or "", user=user)


def load_boards(bodies: dict[str, Body], users: dict[str, User]) -> None:
    data = json.loads((DATA / "board_reports.json").read_text())
    cambs, wm = bodies["cambridgeshire-pcc"], bodies["west-midlands-pcc"]
    officer = users["officer"]
    actor = system_actor("demo loader")
    bcb = meetings.committee_create(
        body=cambs,
        name="Business Coordination Board",
        kind=Committee.Kind.BOARD,
        user=officer,
        description="Where the Commissioner holds the Constabulary to account and takes decisions in public.",
    )
    spcb = meetings.committee_create(
        body=wm,
        name="Strategic Policing and Crime Board",
        kind=Committee.Kind.BOARD,
        description="The West Midlands Commissioner's board for holding the force to account.",
        user=actor,
    )
    sept = meetings.meeting_create(body=cambs, committee=bcb, date=date(2017, 9, 21), user=officer)
    for i in sorted(data["bcb_2017_09_21"]["items"], key=lambda i: _number_key(i["number"] or "")):
        item = meetings.agenda_item_add(
            meeting=sept,
            number=i["number"] or UNNUMBERED,
            title=i["title"],
            purpose=i.get("purpose") or "",
            user=officer,
        )
        if i.get("recommendations"):
            meetings.report_save(
                body=cambs,
                agenda_item=item,
                user=officer,
                fields={
                    "title": i["title"],
                    "to": "Business Coordination Board",
                    "report_date": sept.date,
                    "purpose": i.get("purpose") or "",
                    "recommendations": "\n".join(i["recommendations"]),
                },
            )
    meetings.agenda_publish(meeting=sept, user=officer, when=_at(papers_deadline(sept.date)))

    committees = {"cambridgeshire-pcc": bcb, "west-midlands-pcc": spcb}
    for r in data["reports"]:
        day = _d(r["meeting"]["date"])
        if day is None:
            continue  # the seed does not say which meeting received it
        body = bodies[r["body"]]
        meeting = meetings.meeting_create(body=body, committee=committees[r["body"]], date=day, user=actor)
        item = meetings.agenda_item_add(
            meeting=meeting,
            number=r["meeting"].get("item_number") or UNNUMBERED,
            title=r["title"],
            purpose=r.get("purpose") or "",
            user=actor,
        )
        codes = [c for c in r.get("priority_codes") or [] if c[:1].isalpha()]
        meetings.report_save(
            body=body,
            agenda_item=item,
            fields=_report_fields(r, day),
            priorities=_priorities(body, codes, []) if body == cambs else [],
            user=actor,
        )
        meetings.agenda_publish(meeting=meeting, when=_at(papers_deadline(day)), user=actor)
