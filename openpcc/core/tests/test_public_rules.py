"""One publication rule per kind of record (issue 12): ``public_q`` is the rule as a query, and
``is_public`` says it of a record in hand (in Python where pages check it in loops). On every
kind of publishable record, in every state the test data has (drafts, embargoes, exempt items,
private briefings, withheld and unsigned decisions, other bodies), the two agree record by record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from openpcc.core.models import Publication, ScopedModel
from openpcc.decisions import services as decisions
from openpcc.funding import services as funding
from openpcc.meetings import services as meetings
from openpcc.meetings.models import Meeting
from openpcc.plans import services as plans
from tests.factories import actor, funding_make, round_make

pytestmark = pytest.mark.django_db

SCOPED = sorted(
    (m for m in apps.get_models() if issubclass(m, ScopedModel) and not m._meta.model_name.startswith("historical")),
    key=lambda m: m._meta.label,
)


@pytest.fixture
def every_state(world):
    """The world, plus records published for a later time (embargoes) of each publishable kind."""
    later = timezone.now() + timedelta(days=3)
    m = world.meetings
    embargoed = meetings.meeting_create(  # not listed until its agenda's release time
        body=world.body,
        committee=m.committee,
        date=timezone.localdate() + timedelta(days=9),
        user=actor(),
        publish=False,
    )
    item = meetings.agenda_item_add(meeting=embargoed, number="1", title="Budget", user=actor())
    meetings.report_save(body=world.body, agenda_item=item, fields={"title": "Budget report"}, user=actor())
    meetings.agenda_publish(meeting=embargoed, when=later, user=actor())
    held_later = meetings.meeting_create(
        body=world.body, committee=m.committee, date=timezone.localdate() - timedelta(days=2), user=actor()
    )
    item = meetings.agenda_item_add(meeting=held_later, number="1", title="Estates", user=actor())
    meetings.question_add(item=item, question="When?", user=actor())
    meetings.attendance_add(meeting=held_later, name="A Member", kind="present", user=actor())
    meetings.agenda_publish(meeting=held_later, user=actor())
    meetings.minutes_publish_draft(meeting=held_later, when=later, user=actor())
    d = decisions.decision_create(body=world.body, user=actor(), fields={"subject": "Later", "decision": "Later."})
    d = decisions.decision_sign(decision=d, user=actor(), on=date(2018, 2, 1))
    decisions.decision_publish(decision=d, user=actor(), when=later)
    exempt = decisions.decision_create(body=world.body, user=actor(), fields={"subject": "Exempt", "decision": "No."})
    exempt = decisions.decision_sign(decision=exempt, user=actor(), on=date(2018, 3, 1))
    decisions.decision_publish(decision=exempt, user=actor())
    # a whole record exempt from publication (the forms do not make one; the data generator does)
    type(exempt).objects.filter(pk=exempt.pk).update(is_exempt=True, exempt_reason="Paragraph 3")
    round_make(world.plan, "2017/18 Q3", date(2017, 10, 1), publish=True, publish_at=later)
    plans.plan_publish(plan=world.draft_plan, user=actor(), when=later)
    # funds, grants (drafts, awarded, closed, to an individual, embargoed), variations, payments, services, bids
    made = funding_make(world.body, world.other, world.plan)
    funding.grant_publish(grant=made.awarded, user=actor(), when=later)
    funding.grant_close(grant=made.published, user=actor())
    return world


@pytest.mark.whole_world
def test_the_states_are_all_there(every_state):
    embargoed = [m for m in Meeting.objects.all() if m.publication_status == Publication.PUBLISHED and not m.is_public]
    assert embargoed, "no meeting under embargo"
    assert Meeting.objects.filter(kind=Meeting.Kind.PRIVATE_BRIEFING).exists()


@pytest.mark.whole_world
def test_the_query_and_the_property_agree_on_every_record_of_every_kind(every_state):
    differ = []
    for model in SCOPED:
        by_query = set(model.objects.published().values_list("pk", flat=True))
        by_property = {o.pk for o in model.objects.all() if o.is_public}
        if by_query != by_property:
            differ.append(
                f"{model._meta.label}: query only {by_query - by_property}, property only {by_property - by_query}"
            )
    assert not differ, "\n".join(differ)
    assert len(SCOPED) > 30  # every kind of record, not a few


@pytest.mark.whole_world
def test_a_meetings_papers_and_minutes_rules_agree(every_state):
    meetings_ = list(Meeting.objects.all())
    assert {m.pk for m in meetings_ if m.agenda_is_public} == set(
        Meeting.objects.filter(Meeting.papers_q()).values_list("pk", flat=True)
    )
    assert {m.pk for m in meetings_ if m.minutes_are_public} == set(
        Meeting.objects.filter(Meeting.minutes_q()).values_list("pk", flat=True)
    )
    assert any(m.is_public and not m.agenda_is_public for m in meetings_)  # listed, papers under embargo
    assert any(m.agenda_is_public and not m.minutes_are_public for m in meetings_)  # minutes under embargo
