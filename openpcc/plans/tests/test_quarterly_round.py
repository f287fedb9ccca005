"""A policy officer running the quarterly round (issue 13): the review shows every activity, every
update needs a narrative unless the plan says otherwise, the list keeps its filter, a closed round's
forms are read-only, the next round is suggested, leads are reminded once, and long check-box lists
are grouped and filterable."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django import forms
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from openpcc.bodies import services as bodies
from openpcc.bodies.models import Person
from openpcc.core.forms import FilterableCheckboxSelectMultiple, GovukForm
from openpcc.core.models import Role
from openpcc.plans import selectors, services
from openpcc.plans.forms import PriorityForm, PriorityMultipleChoiceField, priority_choice_queryset
from openpcc.plans.models import Activity, Plan, Priority, ReportingRound, RoundReminder, Update
from tests.factories import actor, round_make, user_make

pytestmark = pytest.mark.django_db


def _url(name, world, *extra, rnd=None):
    return reverse(name, args=["test-pcc", world.plan.slug, (rnd or world.open_round).slug, *extra])


# --- 1. the review lists every activity ------------------------------------------------------------


def _mixed_round(world):
    """Q2 (open) with: V1.1 updated, V3.1 and V5.1 without an update (carried forward from Q1), and
    O2.1 without an update and without any earlier status (missing)."""
    Update.objects.filter(round=world.open_round, activity__code__in=["V3.1", "V5.1", "O2.1"]).delete()
    Update.objects.filter(round=world.published_round, activity__code="O2.1").delete()  # nothing to carry


def test_worklist_says_what_each_activity_will_publish(world):
    _mixed_round(world)
    worklist = selectors.round_worklist_get(round=world.open_round, user=world.editor)
    states = {i.activity.code: i.state for i in worklist.items}
    assert states == {"V1.1": "updated", "V3.1": "carried", "V5.1": "carried", "O2.1": "missing", "O4.1": "updated"}
    assert (worklist.done, worklist.carried, worklist.missing) == (2, 2, 1)
    carried = {i.activity.code: i.carried for i in worklist.carried_items}
    assert carried["V3.1"].status.code == "green" and carried["V3.1"].round.name == "2017/18 Q1"
    assert [(s.code, n) for s, n in worklist.carried_counts] == [("green", 2)]


def test_review_page_lists_updated_carried_and_missing_with_links_and_a_summary(client, world, login):
    _mixed_round(world)
    login(world.editor)  # an editor may read the review; only an approver may publish
    url = _url("plans_staff:round_publish", world)
    html = client.get(url).content.decode()
    assert "What publishing will do" in html
    assert "2 of 5 activities: their updates are published as written" in html
    assert "2 activities have no update: each keeps its last published status" in html and "(Green 2)" in html
    assert "1 activity has no update and no earlier status to carry" in html
    assert "Updated this round (2)" in html and "Carried forward (2)" in html and "Missing (1)" in html
    carried = html.split('id="carried"')[1].split('id="missing"')[0]
    assert "V3.1" in carried and "V5.1" in carried and "Carries forward the status reported in 2017/18 Q1" in carried
    missing = html.split('id="missing"')[1]
    assert "O2.1" in missing and "Write update" in missing
    write_o2 = _url("plans_staff:update", world, "O2.1")
    assert f'href="{write_o2}?next=/staff/test-pcc/' in html  # back to the review after writing
    assert "Publish 2017/18 Q2" not in html and "An approver publishes the round" in html
    assert client.post(url).status_code == 403
    assert not ReportingRound.objects.get(pk=world.open_round.pk).is_published


def test_publishing_does_what_the_review_said(client, world, login):
    _mixed_round(world)
    login(world.approver)
    url = _url("plans_staff:round_publish", world)
    assert "Publish 2017/18 Q2" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    snapshot = ReportingRound.objects.get(pk=world.open_round.pk).snapshot.data
    rows = {a["code"]: a for t in snapshot["themes"] for p in t["priorities"] for a in p["activities"]}
    assert rows["V3.1"]["reported_in"] == "2017/18 Q1" and rows["V3.1"]["status"]["code"] == "green"
    assert rows["O2.1"]["status"] is None
    assert rows["V1.1"]["reported_in"] == "2017/18 Q2"
    html = client.get(url).content.decode()
    assert "What was published" in html and "Publish 2017/18 Q2" not in html


def test_round_page_says_what_carries_forward(client, world, login):
    _mixed_round(world)
    login(world.editor)
    html = client.get(_url("plans_staff:round", world)).content.decode()
    assert "2 would carry forward their last published status and 1 has none to carry" in html
    assert "Publishing now carries forward" in html and "Nothing to carry forward" in html
    assert "Review the round" in html


# --- 2. every status needs a narrative unless the plan says otherwise --------------------------------


def test_green_with_an_empty_narrative_is_refused_with_a_clear_error(client, world, login):
    login(world.editor)
    url = _url("plans_staff:update", world, "V1.1")
    before = Update.objects.get(round=world.open_round, activity__code="V1.1")
    response = client.post(url, {"status": "green", "narrative": "  ", "version": before.version})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter a narrative for V1.1" in html and 'href="#id_narrative"' in html
    assert Update.objects.get(pk=before.pk).version == before.version


def test_plan_settings_page_turns_the_rule_off_and_sets_reminders(client, world, login):
    login(world.editor)
    url = reverse("plans_staff:plan_settings", args=["test-pcc", world.plan.slug])
    html = client.get(url).content.decode()
    assert 'name="narrative_required"' in html and 'value="7"' in html
    response = client.post(url, {"reminder_days_before": "soon", "version": world.plan.version})
    assert "Enter a whole number" in response.content.decode()
    response = client.post(url, {"reminder_days_before": "120", "version": world.plan.version})
    assert "less than or equal to 90" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.narrative_required and world.plan.reminder_days_before == 7  # nothing changed
    assert client.post(url, {"reminder_days_before": "3", "version": world.plan.version}).status_code == 302
    world.plan.refresh_from_db()
    assert not world.plan.narrative_required and world.plan.reminder_days_before == 3
    stale = client.post(url, {"narrative_required": "on", "version": world.plan.version - 1})
    assert "Someone else changed this record" in stale.content.decode()
    update = Update.objects.get(round=world.open_round, activity__code="V1.1")
    response = client.post(
        _url("plans_staff:update", world, "V1.1"), {"status": "green", "narrative": "", "version": update.version}
    )
    assert response.status_code == 302


# --- 3. the filter is kept; a closed round is read-only ------------------------------------------


def test_saving_returns_to_the_list_with_its_filter(client, world, login):
    login(world.editor)
    back = _url("plans_staff:round", world) + "?show=mine-todo"
    url = _url("plans_staff:update", world, "V1.1") + "?next=" + back.replace("?", "%3F").replace("=", "%3D")
    html = client.get(url).content.decode()
    assert f'name="next" value="{back}"' in html and f'href="{back}"' in html  # the cancel link too
    version = Update.objects.get(round=world.open_round, activity__code="V1.1").version
    response = client.post(url, {"status": "green", "narrative": "Done.", "version": version, "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_to_another_site_is_ignored(client, world, login, target):
    login(world.editor)
    url = _url("plans_staff:update", world, "V1.1")
    version = Update.objects.get(round=world.open_round, activity__code="V1.1").version
    html = client.get(url, {"next": target}).content.decode()
    assert "evil.example" not in html and "javascript:" not in html
    response = client.post(url, {"status": "green", "narrative": "Done.", "version": version, "next": target})
    assert response.status_code == 302 and response["Location"] == _url("plans_staff:round", world)


def test_round_list_links_carry_the_filter(client, world, login):
    Update.objects.filter(round=world.open_round, activity__code="V1.1").delete()
    login(world.editor)
    html = client.get(_url("plans_staff:round", world), {"show": "todo"}).content.decode()
    assert "?next=/staff/test-pcc/plans/police-and-crime-plan-2017-20/rounds/2017-18-q2/%3Fshow%3Dtodo" in html


def test_a_closed_rounds_form_is_read_only_and_says_who_closed_it(client, world, login, pinned_now):
    services.round_close(round=world.open_round, user=world.approver)
    login(world.editor)
    url = _url("plans_staff:update", world, "V1.1")
    html = client.get(url).content.decode()
    assert 'name="narrative"' not in html and 'name="status"' not in html and "Save update" not in html
    assert "2017/18 Q2 was closed for review by Approver on 17 June 2026" in html
    assert "unless an approver reopens it" in html
    response = client.post(url, {"status": "green", "narrative": "late", "version": 1})
    assert response.status_code == 200 and "is closed" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    round_page = client.get(_url("plans_staff:round", world)).content.decode()
    assert ">View<" in round_page and "Record update" not in round_page and ">Change<" not in round_page


def test_a_published_rounds_form_says_who_published_it(client, world, login):
    login(world.editor)
    html = client.get(_url("plans_staff:update", world, "V1.1", rnd=world.published_round)).content.decode()
    assert "2017/18 Q1 was published" in html and "<textarea" not in html
    assert "Published narrative." in html


# --- 5. reminders --------------------------------------------------------------------------------


@pytest.fixture
def reminder_world(world, pinned_now):
    """Q2 due in a week; V1.1 and O2.1 still to write. The plan's OPCC lead is the editor's account;
    a second lead (with an e-mail) leads O2, and one without an e-mail leads O4."""
    today = timezone.localdate()
    ReportingRound.objects.filter(pk=world.open_round.pk).update(due_date=today + timedelta(days=7))
    world.open_round.refresh_from_db()
    world.editor.email = "editor@example.org"
    world.editor.save()
    Person.objects.filter(body=world.body).update(user=world.editor)
    second = user_make("second-lead", (world.body, Role.EDITOR))
    second.email = "second@example.org"
    second.save()
    no_mail = user_make("no-mail-lead", (world.body, Role.EDITOR))
    for code, user in (("O2", second), ("O4", no_mail)):
        person = bodies.person_create(body=world.body, name=f"{user.username} person", account=user, user=actor())
        Priority.objects.filter(plan=world.plan, code=code).update(opcc_lead=person)
    Update.objects.filter(round=world.open_round, activity__code__in=["V1.1", "O2.1", "O4.1"]).delete()
    return world


def test_reminders_go_once_to_each_lead_with_updates_to_write(reminder_world, capsys):
    w = reminder_world
    call_command("send_round_reminders")
    assert "2017/18 Q2" in capsys.readouterr().out
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.org", "second@example.org"]
    to_editor = next(m for m in mail.outbox if m.to == ["editor@example.org"])
    assert to_editor.subject == f"2017/18 Q2: 1 delivery update due by {w.open_round.due_date:%-d %B %Y}"
    assert "V1.1" in to_editor.body and "O2.1" not in to_editor.body
    link = "http://localhost:8000" + _url("plans_staff:update", w, "V1.1") + "?next="
    assert link in to_editor.body and "show%3Dmine-todo" in to_editor.body
    assert "show=mine-todo" in to_editor.body
    assert RoundReminder.objects.filter(round=w.open_round).count() == 2
    call_command("send_round_reminders")  # again the same day, or the next: nothing more
    assert len(mail.outbox) == 2


def test_no_reminders_before_the_day_or_after_the_due_date_or_when_turned_off(reminder_world, capsys):
    w = reminder_world
    today = timezone.localdate()
    ReportingRound.objects.filter(pk=w.open_round.pk).update(due_date=today + timedelta(days=8))
    call_command("send_round_reminders")
    ReportingRound.objects.filter(pk=w.open_round.pk).update(due_date=today - timedelta(days=1))
    call_command("send_round_reminders")
    assert mail.outbox == []
    assert "No round has reminders due" in capsys.readouterr().out
    ReportingRound.objects.filter(pk=w.open_round.pk).update(due_date=today + timedelta(days=3))
    Plan.objects.filter(pk=w.plan.pk).update(reminder_days_before=None)
    call_command("send_round_reminders")
    assert mail.outbox == []
    Plan.objects.filter(pk=w.plan.pk).update(reminder_days_before=3)
    call_command("send_round_reminders", "--date", (today + timedelta(days=3)).isoformat())  # on the due date
    assert len(mail.outbox) == 2


def test_no_reminder_for_a_closed_round_or_a_lead_with_nothing_to_write(reminder_world):
    w = reminder_world
    for code in ("V1.1",):
        services.update_record(
            round=w.open_round,
            activity=Activity.objects.get(priority__plan=w.plan, code=code),
            user=w.editor,
            status="green",
            narrative="Done.",
        )
    call_command("send_round_reminders")
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    mail.outbox.clear()
    RoundReminder.objects.all().delete()
    services.round_close(round=w.open_round, user=w.approver)
    call_command("send_round_reminders")
    assert mail.outbox == []


def test_a_failed_send_is_not_recorded_and_is_tried_again(reminder_world, settings, monkeypatch):
    from openpcc.plans import services as plan_services

    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        raise OSError("mail server down")

    monkeypatch.setattr(plan_services, "send_mail", failing)
    call_command("send_round_reminders")
    assert len(calls) == 2 and not RoundReminder.objects.exists()
    monkeypatch.undo()
    call_command("send_round_reminders")
    assert len(mail.outbox) == 2 and RoundReminder.objects.count() == 2


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("send_round_reminders", "--date", "next tuesday")


# --- 6. the next round is suggested ----------------------------------------------------------------


def test_next_round_suggestions(world):
    assert selectors.round_next_suggestion(plan=world.plan) == {
        "name": "2017/18 Q3",
        "period_start": date(2017, 10, 1),
        "period_end": date(2017, 12, 31),
    }
    round_make(world.plan, "2017/18 Q4", date(2018, 1, 1))
    ReportingRound.objects.filter(plan=world.plan, name="2017/18 Q4").update(period_end=date(2018, 3, 31))
    assert selectors.round_next_suggestion(plan=world.plan) == {
        "name": "2018/19 Q1",
        "period_start": date(2018, 4, 1),
        "period_end": date(2018, 6, 30),
    }
    # a plan with no round yet: its first quarter; a round named otherwise: the period that follows
    assert selectors.round_next_suggestion(plan=world.draft_plan)["period_start"] == world.draft_plan.period_start
    services.round_open(
        plan=world.other_plan,
        name="Autumn review",
        period_start=date(2030, 9, 1),
        period_end=date(2030, 10, 31),
        user=actor(),
    )
    assert selectors.round_next_suggestion(plan=world.other_plan) == {
        "period_start": date(2030, 11, 1),
        "period_end": date(2030, 12, 31),
    }


def test_round_form_offers_the_suggestion(client, world, login):
    login(world.editor)
    html = client.get(reverse("plans_staff:round_create", args=["test-pcc", world.plan.slug])).content.decode()
    assert 'value="2017/18 Q3"' in html and 'value="2017-10-01"' in html and 'value="2017-12-31"' in html


# --- 7. grouped, filterable check boxes ----------------------------------------------------------


def test_priority_choices_are_grouped_by_theme_with_codes_first_and_full_text(world):
    long_text = "Work with partners to " + "improve outcomes for victims of every kind of crime " * 4
    Priority.objects.filter(plan=world.plan, code="V3").update(text=long_text.strip())

    class LinkForm(GovukForm):
        priorities = PriorityMultipleChoiceField(label="Priorities", required=False)

    form = LinkForm()
    form.fields["priorities"].queryset = priority_choice_queryset(Priority.objects.filter(plan=world.plan))
    groups = list(form.fields["priorities"].choices)
    assert [g for g, _ in groups] == ["V: Victims", "O: Offenders"]
    assert [label for _, label in groups[0][1]][1] == "V3 — " + long_text.strip()
    html = str(form["priorities"])
    assert html.count("<fieldset") == 2 and "<legend" in html and long_text.strip() in html
    assert "govuk-!-display-none" in html and "data-choice-filter-input" in html  # shown by the script
    assert "openpcc/choice-filter.js" in html and "<script>" not in html  # no inline script (CSP)
    v1 = Priority.objects.get(plan=world.plan, code="V1")
    other = world.other_plan.priorities.first()
    bound = LinkForm({"priorities": [v1.pk]})
    bound.fields["priorities"].queryset = priority_choice_queryset(Priority.objects.filter(plan=world.plan))
    assert bound.is_valid() and list(bound.cleaned_data["priorities"]) == [v1]
    wrong = LinkForm({"priorities": [other.pk]})
    wrong.fields["priorities"].queryset = priority_choice_queryset(Priority.objects.filter(plan=world.plan))
    assert not wrong.is_valid() and "Select a valid choice" in str(wrong.errors)


def test_priority_form_delivery_leads_use_the_filterable_list(client, world, login):
    login(world.editor)
    p = world.plan.priorities.get(code="V1")
    url = reverse("plans_staff:priority_edit", args=["test-pcc", world.plan.slug, "V1"])
    html = client.get(url).content.decode()
    assert "Filter the organisations by name" in html and "<legend" in html and "Other</legend>" in html
    orgs = list(p.delivery_leads.all())
    assert all(f'value="{o.pk}" checked' in html for o in orgs)
    assert isinstance(PriorityForm(plan=world.plan).fields["delivery_leads"].widget, FilterableCheckboxSelectMultiple)
    all_orgs = [o.pk for o in world.body.organisations.all()]
    response = client.post(
        url, {"theme": p.theme_id, "code": "V1", "text": p.text, "delivery_leads": all_orgs, "version": p.version}
    )
    assert response.status_code == 302
    assert sorted(o.pk for o in p.delivery_leads.all()) == sorted(all_orgs)


def test_the_widget_works_without_groups(db):
    class Plain(forms.Form):
        colours = forms.MultipleChoiceField(
            choices=[("r", "Red"), ("g", "Green")], widget=FilterableCheckboxSelectMultiple(), required=False
        )

    html = str(Plain()["colours"])
    assert "<fieldset" not in html and 'value="r"' in html and "Green" in html


# --- reminders go only to leads who may edit the plan; the round page says what was sent ---------


def test_a_lead_without_the_right_to_edit_the_plan_is_not_reminded(reminder_world):
    """Only a lead holding one of EDIT_ROLES at the plan's body: a role elsewhere, or a role here
    that cannot edit the plan, is not enough (the e-mail's links would give them 403)."""
    from openpcc.core.models import Body, BodyRole

    w = reminder_world
    second = BodyRole.objects.get(user__username="second-lead").user
    BodyRole.objects.filter(user=second).delete()
    BodyRole.objects.create(user=second, body=w.body, role=Role.SECRETARIAT)  # a role here, not an edit role
    BodyRole.objects.create(user=second, body=Body.objects.exclude(pk=w.body.pk).first(), role=Role.EDITOR)
    assert [r.user.username for r in selectors.round_reminder_leads(round=w.open_round)] == [w.editor.username]
    call_command("send_round_reminders")
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    BodyRole.objects.create(user=second, body=w.body, role=Role.APPROVER)  # given the right again
    assert {r.user.username for r in selectors.round_reminder_leads(round=w.open_round)} == {"second-lead"}


def test_finding_the_leads_to_remind_is_one_query_however_many_leads(reminder_world, django_assert_num_queries):
    w = reminder_world
    with django_assert_num_queries(1):
        assert len(selectors.round_reminder_leads(round=w.open_round)) == 2
    for n, code in enumerate(("V3", "V5")):
        lead = user_make(f"more-lead-{n}", (w.body, Role.EDITOR))
        lead.email = f"more{n}@example.org"
        lead.save()
        person = bodies.person_create(body=w.body, name=f"More lead {n}", account=lead, user=actor())
        Priority.objects.filter(plan=w.plan, code=code).update(opcc_lead=person)
    Update.objects.filter(round=w.open_round, activity__code__in=["V3.1", "V5.1"]).delete()
    rnd = ReportingRound.objects.get(pk=w.open_round.pk)  # a fresh round: no roles memoised on anyone
    with django_assert_num_queries(1):
        assert len(selectors.round_reminder_leads(round=rnd)) == 4


def test_the_round_page_says_which_reminders_went_and_when_the_next_go(client, reminder_world, login):
    w = reminder_world
    today = timezone.localdate()
    login(w.editor)
    url = _url("plans_staff:round", w)
    ReportingRound.objects.filter(pk=w.open_round.pk).update(due_date=today + timedelta(days=10))
    html = " ".join(client.get(url).content.decode().split())
    assert "No reminders have been sent for this round." in html
    day = today + timedelta(days=3)
    assert f"The next go on {day:%-d %B %Y} (7 days before updates are due)" in html
    ReportingRound.objects.filter(pk=w.open_round.pk).update(due_date=today + timedelta(days=5))
    html = " ".join(client.get(url).content.decode().split())
    assert "2 more leads with updates still to write have not been reminded yet" in html
    call_command("send_round_reminders")
    html = " ".join(client.get(url).content.decode().split())
    assert f"Reminders sent to 2 leads on {today:%-d %B %Y}." in html
    assert "Every lead with updates still to write has been reminded." in html
    assert "Who was reminded" in html and "1 update to write" in html
    Plan.objects.filter(pk=w.plan.pk).update(reminder_days_before=None)
    html = " ".join(client.get(url).content.decode().split())
    assert "This plan sends no reminders." in html and "Reminders sent to 2 leads" in html
