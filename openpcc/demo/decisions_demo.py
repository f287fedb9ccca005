"""Demo decision records (seed 004's decisions report), signed and published through the
services, linked to their Board reports, and notified to the Panel."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from openpcc.core.models import Body, User
from openpcc.decisions import services as decisions
from openpcc.decisions.models import Decision, Notification
from openpcc.meetings.models import AgendaItem, Meeting, Report
from openpcc.plans.models import Priority

DATA = Path(__file__).resolve().parent / "data"
LONDON = ZoneInfo("Europe/London")
CATEGORIES = {
    "collaboration agreement": Decision.Category.COLLABORATION,
    "grant funding": Decision.Category.GRANT_FUNDING,
    "estates": Decision.Category.ESTATES,
    "external funding": Decision.Category.EXTERNAL_FUNDING,
    "devolution": Decision.Category.DEVOLUTION,
    "fire governance": Decision.Category.FIRE_GOVERNANCE,
    "custody": Decision.Category.CUSTODY,
    "policing and crime act": Decision.Category.POLICING_AND_CRIME_ACT,
}
# Notified at the Panel's 6 September 2017 meeting (item 26), where the Panel noted them.
NOTIFIED_IN_SEPTEMBER = {"CPCC 2017-008", "CPCC 2017-12", "CPCC 2017-19"}


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def load_decisions(bodies: dict[str, Body], users: dict[str, User]) -> None:
    data = json.loads((DATA / "board_reports.json").read_text())
    cambs, panel = bodies["cambridgeshire-pcc"], bodies["cambridgeshire-panel"]
    officer, approver, secretariat = users["officer"], users["approver"], users["secretariat"]
    decisions.scheme_set(body=cambs, prefix="CPCC", pattern="{prefix} {year}-{number}", padding=3, user=approver)

    bcb = Meeting.objects.filter(body=cambs, date=date(2017, 9, 21)).first()
    reports_by_ref: dict[str, list[Report]] = {}
    for item in data["bcb_2017_09_21"]["items"]:
        report = Report.objects.filter(body=cambs, agenda_item__meeting=bcb, title=item["title"]).first()
        for ref in item.get("decision_refs") or []:
            if report:
                reports_by_ref.setdefault(ref, []).append(report)

    sept = Meeting.objects.get(body=panel, date=date(2017, 9, 6))
    nov = Meeting.objects.get(body=panel, date=date(2017, 11, 15))
    made: dict[str, Decision] = {}
    for d in data["decisions"]:
        day = date.fromisoformat(d["date"]) if d.get("date") else None
        maker = d["decision_maker"] or ""
        fields = {
            "subject": d["subject"],
            "decision": d["decision"],
            "reasons": d.get("reasons") or "",
            "amount": Decimal(str(d["amount"])) if d.get("amount") is not None else None,
            "amount_note": d.get("amount_note") or "",
            "category": CATEGORIES.get(d["category"], Decision.Category.OTHER),
            "decision_maker": Decision.Maker.S151 if "s151" in maker else Decision.Maker.PCC,
            "decision_maker_name": maker if "s151" in maker else "",
            "meeting": bcb if d.get("meeting") and bcb else None,
        }
        record = decisions.decision_create(
            body=cambs,
            user=officer,
            fields=fields,
            reports=reports_by_ref.get(d["reference"], []),
            priorities=Priority.objects.filter(plan__body=cambs, code__in=d.get("priority_codes") or []),
        )
        record = decisions.decision_sign(decision=record, user=approver, on=day, reference=d["reference"])
        published = (day + timedelta(days=1)) if day else sept.agenda_published_at.date() - timedelta(days=1)
        made[d["reference"]] = decisions.decision_publish(decision=record, user=approver, when=_at(published))

    for f in data["forward_decisions"]:
        decisions.forward_decision_add(
            body=cambs,
            topic=f["topic"],
            timescale=f.get("timescale") or "",
            background=[b for b in f.get("background") or [] if b.get("title")],
            user=officer,
        )

    earlier = [made[r] for r in NOTIFIED_IN_SEPTEMBER if r in made]
    sept_item = AgendaItem.objects.get(meeting=sept, number="26")
    decisions.notifications_create(
        meeting=sept, decisions=earlier, number="26", title=sept_item.title, user=secretariat
    )
    for n in Notification.objects.filter(agenda_item=sept_item):
        decisions.notification_respond(notification=n, response=Notification.Response.NOTED, user=secretariat)
    nov_item = AgendaItem.objects.get(meeting=nov, number="9")
    later = [r for ref, r in made.items() if ref not in NOTIFIED_IN_SEPTEMBER]
    decisions.notifications_create(meeting=nov, decisions=later, number="9", title=nov_item.title, user=secretariat)
