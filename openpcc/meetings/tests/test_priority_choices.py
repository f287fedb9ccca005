"""The plan priorities on the agenda item and report forms: check boxes grouped by theme, codes
first, every label in full, and the filter box (shared with decisions' forms)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from openpcc.core.forms import FilterableCheckboxSelectMultiple
from openpcc.meetings.forms import AgendaItemForm, ReportForm
from openpcc.meetings.models import AgendaItem
from openpcc.plans import services as plans
from tests.factories import actor, body_make, plan_make

pytestmark = pytest.mark.django_db

LONG = (
    "Work with partners to make sure that every victim of crime, whether or not they report it, is offered "
    "support that meets their needs, and that it is followed up"
)


def _long_priority(plan, code="V9"):
    theme = plan.themes.get(code="V")
    return plans.priority_create(plan=plan, theme=theme, code=code, text=LONG, user=actor())


def _groups(form) -> list[tuple[str, list[str]]]:
    return [(group, [label for _, label in options]) for group, options in form.fields["priorities"].choices]


@pytest.mark.parametrize("form_class", [AgendaItemForm, ReportForm])
def test_priorities_are_grouped_by_theme_codes_first_and_never_cut(form_class):
    body = body_make("prio-pcc")
    plan = plan_make(body, priorities=4)
    _long_priority(plan)
    form = form_class(body=body)
    assert isinstance(form.fields["priorities"].widget, FilterableCheckboxSelectMultiple)
    assert _groups(form) == [
        ("V: Victims", ["V1 — Priority number 1 for Victims", "V3 — Priority number 3 for Victims", f"V9 — {LONG}"]),
        ("O: Offenders", ["O2 — Priority number 2 for Offenders", "O4 — Priority number 4 for Offenders"]),
    ]
    html = form["priorities"].as_widget()
    assert LONG in html  # in full: not cut at 90 characters, nor mid-word
    assert 'id="id_priorities-filter"' in html and "Filter the priorities by code or words" in html
    assert html.count("<legend") == 2  # a fieldset a theme


def test_two_plans_keep_their_themes_apart():
    body = body_make("two-plans-pcc")
    plan_make(body, priorities=2, title="Plan 2017-20")
    later = plans.plan_create(
        body=body, title="Plan 2021-24", period_start=date(2021, 4, 1), period_end=date(2024, 3, 31), user=actor()
    )
    for code, name in (("V", "Victims"), ("O", "Offenders")):
        theme = plans.theme_create(plan=later, code=code, name=name, user=actor())
        plans.priority_create(plan=later, theme=theme, code=f"{code}1", text=f"New {name}", user=actor())
    groups = [group for group, _ in _groups(AgendaItemForm(body=body))]
    assert groups == [
        "Plan 2017-20: V: Victims",
        "Plan 2017-20: O: Offenders",
        "Plan 2021-24: V: Victims",
        "Plan 2021-24: O: Offenders",
    ]


def test_a_panel_is_offered_the_plan_of_the_office_it_scrutinises(world):
    panel = world.decisions.panel
    codes = [label.split(" — ")[0] for _, labels in _groups(AgendaItemForm(body=panel)) for label in labels]
    assert sorted(codes) == sorted(world.plan.priorities.values_list("code", flat=True))


def test_an_item_is_linked_to_priorities_through_the_grouped_check_boxes(client, world, login):
    meetings = world.meetings
    login(world.editor)
    v1, o2 = world.plan.priorities.get(code="V1"), world.plan.priorities.get(code="O2")
    url = reverse("meetings_staff:item_create", args=["test-pcc", meetings.upcoming.pk])
    page = client.get(url).content.decode()
    assert "V: Victims" in page and "V1 — Priority number 1 for Victims" in page
    assert "choice-filter.js" in page  # the filter box's script, a static file (no inline script)
    r = client.post(url, {"number": "12", "title": "Victim services", "priorities": [v1.pk, o2.pk]})
    assert r.status_code == 302
    item = AgendaItem.objects.get(meeting=meetings.upcoming, number="12")
    assert set(item.priorities.all()) == {v1, o2}


def test_a_priority_of_another_body_is_a_clear_error_and_nothing_is_saved(client, world, login):
    meetings = world.meetings
    login(world.editor)
    foreign = world.other_plan.priorities.first()
    url = reverse("meetings_staff:item_create", args=["test-pcc", meetings.upcoming.pk])
    r = client.post(url, {"number": "13", "title": "Not saved", "priorities": [foreign.pk]})
    assert r.status_code == 200
    html = r.content.decode()
    assert "govuk-error-summary" in html
    assert re.search(r"Select a valid choice\. \d+ is not one of the available choices\.", html)
    assert not AgendaItem.objects.filter(meeting=meetings.upcoming, number="13").exists()
