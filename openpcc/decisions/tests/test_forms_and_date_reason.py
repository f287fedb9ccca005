"""The decision forms' long check-box lists (priorities, reports, decisions to notify): grouped,
labels in full, with a filter box; and the reason a decision is dated after its meeting, on the
public record and in its open data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from openpcc.core.forms import FilterableCheckboxSelectMultiple
from openpcc.decisions import services
from openpcc.decisions.forms import DecisionForm, NotifyForm
from openpcc.plans import services as plans
from tests.factories import actor

pytestmark = pytest.mark.django_db

LONG = (
    "Commission a service for victims of fraud and cyber crime that reaches older people living alone, "
    "working with the banks and the Action Fraud team"
)
REASON = "Signed once the district valuer's report arrived, a week after the board met."


def _groups(field) -> list[tuple[str, list[str]]]:
    return [(group, [label for _, label in options]) for group, options in field.choices]


def test_the_decision_form_groups_priorities_by_theme_in_full(world):
    plans.priority_create(plan=world.plan, theme=world.plan.themes.get(code="V"), code="V9", text=LONG, user=actor())
    form = DecisionForm(body=world.body)
    field = form.fields["priorities"]
    assert isinstance(field.widget, FilterableCheckboxSelectMultiple)
    groups = _groups(field)
    assert [group for group, _ in groups] == ["V: Victims", "O: Offenders"]
    assert groups[0][1][0] == "V1 — Priority number 1 for Victims"
    assert f"V9 — {LONG}" in groups[0][1]
    html = form["priorities"].as_widget()
    assert LONG in html and 'id="id_priorities-filter"' in html


def test_the_decision_form_groups_reports_by_meeting(world):
    meetings = world.meetings
    field = DecisionForm(body=world.body).fields["reports"]
    assert isinstance(field.widget, FilterableCheckboxSelectMultiple)
    groups = dict(_groups(field))
    held = f"Business Coordination Board, {meetings.held.date:%-d %B %Y}"
    assert "Victim services commissioning" in groups[held]
    assert all(world.other.name not in group for group in groups)


def test_the_notify_form_groups_decisions_by_month(world):
    decisions = world.decisions
    form = NotifyForm(proposed=[decisions.published])
    field = form.fields["decisions"]
    assert isinstance(field.widget, FilterableCheckboxSelectMultiple)
    published = decisions.published
    assert _groups(field) == [(f"{published.decision_date:%B %Y}", [f"{published.reference}: {published.subject}"])]


def test_decision_form_with_a_priority_from_elsewhere_names_the_problem(client, world, login):
    login(world.editor)
    foreign = world.other_plan.priorities.first()
    r = client.post(
        reverse("decisions_staff:create", args=["test-pcc"]),
        {
            "subject": "Not saved",
            "decision": "Nothing.",
            "decision_maker": "pcc",
            "category": "other",
            "priorities": [foreign.pk],
        },
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "govuk-error-summary" in html and f"{foreign.pk} is not one of the available choices" in html
    assert not world.body.decisions.filter(subject="Not saved").exists()


def _late_decision(world, reason: str, subject: str):
    assert world.decisions.published  # the office's reference scheme is set
    meeting = world.meetings.held
    on = meeting.date + timedelta(days=7)
    draft = services.decision_create(
        body=world.body,
        user=actor(),
        fields={
            "subject": subject,
            "decision": "Sell the depot.",
            "meeting": meeting,
            "decision_date": on,
            "date_reason": reason,
        },
    )
    return services.decision_publish(decision=services.decision_sign(decision=draft, user=actor(), on=on), user=actor())


def test_the_public_record_and_its_open_data_give_the_reason_it_is_dated_after_the_meeting(client, world):
    late = _late_decision(world, REASON, "Depot sale")
    html = client.get(reverse("decisions:detail", args=["test-pcc", late.reference_slug])).content.decode()
    date_row = html.split("Date of decision")[1].split("</dd>")[0]
    assert f"{late.decision_date:%-d %B %Y}" in date_row
    assert "Dated after the meeting at which it was taken:" in date_row
    assert "district valuer&#x27;s report arrived" in date_row

    on_time = world.decisions.published
    html = client.get(reverse("decisions:detail", args=["test-pcc", on_time.reference_slug])).content.decode()
    assert "Dated after the meeting" not in html

    rows = {
        r["reference"]: r
        for r in csv.DictReader(
            io.StringIO(client.get(reverse("decisions:csv", args=["test-pcc"])).content.decode("utf-8-sig"))
        )
    }
    data = {d["reference"]: d for d in client.get(reverse("decisions:json", args=["test-pcc"])).json()["decisions"]}
    assert rows[late.reference]["date_reason"] == data[late.reference]["date_reason"] == REASON
    assert rows[on_time.reference]["date_reason"] == data[on_time.reference]["date_reason"] == ""
