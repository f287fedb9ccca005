"""Meetings writes: validation, rights, the meeting lifecycle, actions and deadlines."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openpcc.meetings import deadlines, services
from openpcc.meetings.models import Action, AgendaItem, Meeting, Question, Report
from tests.factories import actor

pytestmark = pytest.mark.django_db


@pytest.mark.whole_world
def test_meeting_ending_before_it_starts_is_refused(world):
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            body=world.body,
            committee=world.meetings.committee,
            date=date(2030, 1, 9),
            start_time=time(14, 0),
            end_time=time(13, 30),
            user=world.editor,
        )
    assert "cannot end (13:30) before it starts (14:00)" in exc.value.message_dict["end_time"][0]
    assert Meeting.objects.count() == before


def test_committee_of_another_body_is_refused(world):
    other_committee = world.meetings.other_meeting.committee
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(body=world.body, committee=other_committee, date=date(2030, 1, 9), user=actor())
    assert "committee" in exc.value.message_dict


def test_agenda_item_number_used_twice(world):
    meeting = world.meetings.upcoming
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(meeting=meeting, number="1.", title="Again", user=world.editor)
    assert "Item 1 is already on this agenda" in exc.value.message_dict["number"][0]
    assert meeting.items.count() == 1


def test_exempt_item_needs_a_reason(world):
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(meeting=world.meetings.upcoming, number="2", title="x", is_exempt=True, user=actor())
    assert "exempt_reason" in exc.value.message_dict


@pytest.mark.whole_world
def test_action_without_owner_is_refused(world):
    before = Action.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.action_raise(meeting=world.meetings.held, text="Do something", owner="  ", user=world.editor)
    assert "needs an owner" in exc.value.message_dict["owner"][0]
    assert Action.objects.count() == before


def test_actions_are_numbered_per_committee(world):
    a = services.action_raise(meeting=world.meetings.held, text="First", owner="OPCC", user=actor())
    b = services.action_raise(meeting=world.meetings.private, text="Second", owner="Chair", user=actor())
    assert b.number == a.number + 1


def test_action_updates_and_close(world):
    action = world.meetings.action
    services.action_update_add(action=action, text="Figures sent to members.", user=world.editor)
    with pytest.raises(ValidationError):
        services.action_close(action=action, note="", user=world.editor)
    services.action_close(action=action, note="Done.", user=world.editor)
    action.refresh_from_db()
    assert action.status == "closed" and action.closed_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.action_update_add(action=action, text="Late", user=world.editor)


def test_minutes_approved_before_the_meeting_is_refused(world):
    held = world.meetings.held
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(meeting=held, approved_at=held, user=world.editor)
    assert "later meeting" in exc.value.message_dict["approved_at"][0]
    earlier = services.meeting_create(
        body=world.body, committee=world.meetings.committee, date=held.date - timedelta(days=7), user=actor()
    )
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=held, approved_at=earlier, user=world.editor)
    held.refresh_from_db()
    assert held.status == Meeting.Status.MINUTES_DRAFT
    later = services.meeting_create(
        body=world.body, committee=world.meetings.committee, date=held.date + timedelta(days=7), user=actor()
    )
    services.minutes_approve(meeting=held, approved_at=later, user=world.editor)
    held.refresh_from_db()
    assert held.status == Meeting.Status.MINUTES_APPROVED and held.minutes_approved_on == later.date


def test_minutes_cannot_be_recorded_before_the_meeting(world):
    item = world.meetings.upcoming.items.get()
    with pytest.raises(ValidationError) as exc:
        services.minutes_record(
            item=item,
            expected_version=item.version,
            minutes="x",
            resolution="noted",
            resolution_text="Noted.",
            user=actor(),
        )
    assert "once the meeting has taken place" in exc.value.message_dict["minutes"][0]


def test_recommendation_needs_reasons_and_resolution_needs_words(world):
    item = AgendaItem.objects.get(meeting=world.meetings.held, number="5")
    with pytest.raises(ValidationError) as exc:
        services.minutes_record(
            item=item,
            expected_version=item.version,
            minutes="",
            resolution="recommendation",
            resolution_text="Pause the proposal.",
            user=actor(),
        )
    assert "resolution_reasons" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.minutes_record(
            item=item, expected_version=item.version, minutes="", resolution="agreed", resolution_text=" ", user=actor()
        )
    assert "resolution_text" in exc.value.message_dict


def test_questions_keep_their_letters_unique(world):
    item = AgendaItem.objects.get(meeting=world.meetings.held, number="5")
    with pytest.raises(ValidationError):
        services.question_add(item=item, letter="a)", question="Again?", user=actor())
    services.question_add(item=item, letter="b)", question="And the rural figures?", response="Rising.", user=actor())
    assert list(Question.objects.filter(item=item).values_list("letter", flat=True)) == ["a", "b"]


def test_agenda_publication_and_lateness(world):
    upcoming = world.meetings.upcoming
    meeting = services.agenda_publish(meeting=upcoming, user=world.editor)
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.agenda_published_at
    assert not deadlines.is_late(meeting.agenda_published_at, meeting.date)  # 20 days ahead
    with pytest.raises(ValidationError):
        services.agenda_publish(meeting=upcoming, user=world.editor)
    soon = services.meeting_create(
        body=world.body, committee=world.meetings.committee, date=timezone.localdate() + timedelta(days=2), user=actor()
    )
    services.agenda_item_add(meeting=soon, number="1", title="Urgent", user=actor())
    soon = services.agenda_publish(meeting=soon, user=actor())
    assert deadlines.is_late(soon.agenda_published_at, soon.date)


def test_empty_agenda_cannot_be_published(world):
    empty = services.meeting_create(
        body=world.body, committee=world.meetings.committee, date=date(2031, 1, 8), user=actor()
    )
    with pytest.raises(ValidationError) as exc:
        services.agenda_publish(meeting=empty, user=actor())
    assert "items" in exc.value.message_dict


@pytest.mark.parametrize(
    ("published", "meeting", "late"),
    [
        (date(2017, 11, 7), date(2017, 11, 15), False),  # Tue -> Wed next week: 5 clear days
        (date(2017, 11, 8), date(2017, 11, 15), True),
        (date(2017, 12, 21), date(2018, 1, 3), False),  # Christmas and New Year bank holidays skipped
        (date(2017, 12, 22), date(2018, 1, 3), True),
        (date(2017, 8, 25), date(2017, 9, 4), True),  # late August bank holiday
    ],
)
def test_five_clear_working_days(published, meeting, late):
    assert deadlines.is_late(published, meeting) is late


def test_deadline_skips_weekends_and_bank_holidays():
    assert deadlines.papers_deadline(date(2017, 11, 15)) == date(2017, 11, 7)
    assert deadlines.papers_deadline(date(2018, 1, 3)) == date(2017, 12, 21)
    assert deadlines.papers_deadline(date(2017, 9, 6)) == date(2017, 8, 29)


def test_cancel_and_roles(world):
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=world.meetings.upcoming, user=world.panel_member)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=world.meetings.upcoming, user=world.other_editor)
    services.meeting_cancel(meeting=world.meetings.upcoming, note="Not quorate", user=world.editor)
    world.meetings.upcoming.refresh_from_db()
    assert world.meetings.upcoming.status == Meeting.Status.CANCELLED
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=world.meetings.held, user=world.editor)


def test_private_briefing_is_exempt(world):
    assert world.meetings.private.is_exempt and not world.meetings.private.agenda_is_public
    assert not Report.objects.published().filter(pk=world.meetings.private_report.pk).exists()


def test_report_background_documents_are_validated(world):
    with pytest.raises(ValidationError) as exc:
        services.report_save(
            body=world.body,
            report=world.meetings.report,
            expected_version=world.meetings.report.version,
            fields={"background_documents": [{"title": "Plan", "url": "javascript:alert(1)"}]},
            user=actor(),
        )
    assert "must start with https://" in exc.value.message_dict["background_documents"][0]


def test_priorities_of_unrelated_bodies_are_refused(world):
    foreign = world.other_plan.priorities.first()
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_add(
            meeting=world.meetings.upcoming, number="9", title="x", priorities=[foreign], user=actor()
        )
    assert "priorities" in exc.value.message_dict


def test_a_panel_may_link_to_the_plan_it_scrutinises(world):
    from openpcc.core.services import body_create
    from openpcc.meetings.models import Committee

    panel = body_create(slug="another-panel", name="Another Panel", kind="panel", scrutinises=world.body, user=actor())
    committee = services.committee_create(
        body=panel, name="Police and Crime Panel", kind=Committee.Kind.PANEL, user=actor()
    )
    meeting = services.meeting_create(body=panel, committee=committee, date=date(2031, 2, 4), user=actor())
    item = services.agenda_item_add(
        meeting=meeting,
        number="5",
        title="Victims theme",
        priorities=world.plan.priorities.filter(code="V1"),
        user=actor(),
    )
    assert list(item.priorities.values_list("code", flat=True)) == ["V1"]
