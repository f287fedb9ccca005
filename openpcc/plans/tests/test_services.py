"""Writes to the delivery tracker: validation, rights, rounds, snapshots, concurrency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openpcc.core.writing import ConflictError
from openpcc.plans import services
from openpcc.plans.models import Activity, Priority, PriorityStatus, Snapshot, Update
from tests.factories import DRAFT_MARKER, actor, plan_make, round_make

pytestmark = pytest.mark.django_db


def _activity(plan, code):
    return Activity.objects.get(priority__plan=plan, code=code)


def test_plan_create_has_the_seed_status_key(world):
    key = [(s.colour, s.label, s.needs_explanation) for s in world.plan.statuses.all()]
    assert key == [
        ("white", "Not started", False),
        ("green", "On target", False),
        ("amber", "Delayed", True),
        ("red", "Action required", True),
        ("blue", "Complete", False),
    ]


def test_plan_period_must_end_after_start(world):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(
            body=world.body, title="Bad", period_start=date(2020, 1, 1), period_end=date(2019, 1, 1), user=actor()
        )
    assert "period_end" in exc.value.message_dict


def test_duplicate_priority_code_is_refused_and_nothing_saved(world):
    before = Priority.objects.count()
    theme = world.plan.themes.first()
    with pytest.raises(ValidationError) as exc:
        services.priority_create(plan=world.plan, theme=theme, code="v1", text="Again", user=world.editor)
    assert "V1 already exists" in exc.value.message_dict["code"][0]
    assert Priority.objects.count() == before


def test_priority_code_may_repeat_in_another_plan(world):
    theme = world.draft_plan.themes.create(code="V", name="Victims")
    p = services.priority_create(plan=world.draft_plan, theme=theme, code="V1", text="Fine here", user=world.editor)
    assert p.code == "V1"


def test_priority_leads_must_belong_to_the_body(world):
    foreign_org = world.other_plan.priorities.first().delivery_leads.first()
    with pytest.raises(ValidationError) as exc:
        services.priority_create(
            plan=world.plan,
            theme=world.plan.themes.first(),
            code="V99",
            text="x",
            delivery_leads=[foreign_org],
            user=actor(),
        )
    assert "delivery_leads" in exc.value.message_dict


def test_unknown_status_is_refused_naming_the_key(world):
    activity = _activity(world.plan, "V1.1")
    with pytest.raises(ValidationError) as exc:
        services.update_record(
            round=world.open_round,
            activity=activity,
            user=world.editor,
            status="purple",
            narrative="x",
            expected_version=Update.objects.get(round=world.open_round, activity=activity).version,
        )
    message = exc.value.message_dict["status"][0]
    assert "purple" in message and "Green (On target)" in message
    assert Update.objects.get(round=world.open_round, activity=activity).narrative == DRAFT_MARKER


@pytest.mark.parametrize("status", ["red", "amber", "Amber", "Action required"])
def test_red_or_amber_needs_a_narrative(world, status):
    activity = _activity(world.plan, "O2.1")
    current = Update.objects.get(round=world.open_round, activity=activity)
    with pytest.raises(ValidationError) as exc:
        services.update_record(
            round=world.open_round,
            activity=activity,
            user=world.editor,
            status=status,
            narrative="   ",
            expected_version=current.version,
        )
    assert "needs a narrative" in exc.value.message_dict["narrative"][0]
    current.refresh_from_db()
    assert current.narrative == DRAFT_MARKER


def test_every_status_needs_a_narrative_by_default(world):
    activity = _activity(world.plan, "V1.1")
    current = Update.objects.get(round=world.open_round, activity=activity)
    for status in ("green", "white", "complete"):
        with pytest.raises(ValidationError) as exc:
            services.update_record(
                round=world.open_round,
                activity=activity,
                user=world.editor,
                status=status,
                narrative="   ",
                expected_version=current.version,
            )
        assert "Enter a narrative for V1.1" in exc.value.message_dict["narrative"][0]
    current.refresh_from_db()
    assert current.status.code == "amber" and current.narrative == DRAFT_MARKER  # nothing changed


def test_green_without_narrative_is_allowed_when_the_plan_says_so(world):
    plan = services.plan_settings_edit(
        plan=world.plan,
        expected_version=world.plan.version,
        narrative_required=False,
        reminder_days_before=7,
        user=world.editor,
    )
    activity = _activity(plan, "V1.1")
    current = Update.objects.get(round=world.open_round, activity=activity)
    saved = services.update_record(
        round=world.open_round,
        activity=activity,
        user=world.editor,
        status="green",
        narrative="",
        expected_version=current.version,
    )
    assert saved.status.code == "green" and saved.version == current.version + 1
    with pytest.raises(ValidationError) as exc:  # Amber and Red still need one
        services.update_record(
            round=world.open_round,
            activity=activity,
            user=world.editor,
            status="red",
            narrative="",
            expected_version=saved.version,
        )
    assert "needs a narrative" in exc.value.message_dict["narrative"][0]


def test_plan_settings_edit_validates_and_is_versioned(world):
    plan = world.plan
    with pytest.raises(ValidationError) as exc:
        services.plan_settings_edit(
            plan=plan,
            expected_version=plan.version,
            narrative_required=True,
            reminder_days_before=365,
            user=world.editor,
        )
    assert "from 0 to 90" in exc.value.message_dict["reminder_days_before"][0]
    saved = services.plan_settings_edit(
        plan=plan, expected_version=plan.version, narrative_required=False, reminder_days_before=None, user=world.editor
    )
    assert not saved.narrative_required and saved.reminder_days_before is None
    assert "no reminders" in saved.history.first().history_change_reason
    with pytest.raises(ConflictError):
        services.plan_settings_edit(
            plan=plan, expected_version=plan.version, narrative_required=True, reminder_days_before=3, user=world.editor
        )
    with pytest.raises(PermissionDenied):
        services.plan_settings_edit(
            plan=plan,
            expected_version=saved.version,
            narrative_required=True,
            reminder_days_before=3,
            user=world.other_editor,
        )


def test_update_to_a_closed_round_is_refused(world):
    activity = _activity(world.plan, "V1.1")
    with pytest.raises(ValidationError) as exc:
        services.update_record(
            round=world.published_round,
            activity=activity,
            user=world.editor,
            status="green",
            narrative="late",
            expected_version=1,
        )
    assert "closed" in exc.value.message_dict["round"][0]
    services.round_close(round=world.open_round, user=world.approver)
    with pytest.raises(ValidationError):
        services.update_record(
            round=world.open_round,
            activity=activity,
            user=world.editor,
            status="green",
            narrative="x",
            expected_version=1,
        )


def test_update_needs_an_edit_role_at_that_body(world):
    activity = _activity(world.plan, "V1.1")
    for user in (world.other_editor, world.panel_member):
        with pytest.raises(PermissionDenied):
            services.update_record(
                round=world.open_round, activity=activity, user=user, status="green", narrative="x", expected_version=1
            )


def test_second_concurrent_save_is_refused_and_first_is_kept(world):
    activity = _activity(world.plan, "V1.1")
    start = Update.objects.get(round=world.open_round, activity=activity).version
    services.update_record(
        round=world.open_round,
        activity=activity,
        user=world.editor,
        status="green",
        narrative="First officer",
        expected_version=start,
    )
    with pytest.raises(ConflictError) as exc:
        services.update_record(
            round=world.open_round,
            activity=activity,
            user=world.approver,
            status="amber",
            narrative="Second officer",
            expected_version=start,
        )
    assert exc.value.current.narrative == "First officer"
    assert Update.objects.get(round=world.open_round, activity=activity).narrative == "First officer"


def test_creating_an_update_someone_else_just_created_is_a_conflict(world):
    rnd = services.round_open(
        plan=world.plan, name="2017/18 Q3", period_start=date(2017, 10, 1), period_end=date(2017, 12, 31), user=actor()
    )
    activity = _activity(world.plan, "V1.1")
    services.update_record(round=rnd, activity=activity, user=world.editor, status="green", narrative="Mine")
    with pytest.raises(ConflictError):
        services.update_record(round=rnd, activity=activity, user=world.approver, status="green", narrative="Theirs")


def test_publish_needs_an_approver(world):
    with pytest.raises(PermissionDenied):
        services.round_publish(round=world.open_round, user=world.editor)
    with pytest.raises(PermissionDenied):
        services.round_publish(round=world.open_round, user=world.other_editor)
    assert not Snapshot.objects.filter(round=world.open_round).exists()


def test_publish_freezes_snapshot_and_carries_forward(world):
    activity = _activity(world.plan, "V1.1")
    Update.objects.filter(round=world.open_round, activity=activity).delete()  # no update this round for V1.1
    services.round_publish(round=world.open_round, user=world.approver)
    world.open_round.refresh_from_db()
    assert world.open_round.is_published and not world.open_round.is_open
    snap = world.open_round.snapshot.data
    v1 = next(p for t in snap["themes"] for p in t["priorities"] if p["code"] == "V1")
    assert v1["status"]["code"] == "green"  # carried forward from the published round
    assert v1["activities"][0]["reported_in"] == "2017/18 Q1"
    v2 = PriorityStatus.objects.get(round=world.open_round, priority__code="O2")
    assert v2.status.code == "amber" and v2.updated_in_round
    assert not PriorityStatus.objects.get(round=world.open_round, priority__code="V1").updated_in_round
    # Later edits to the plan do not change what was published.
    Priority.objects.filter(plan=world.plan, code="V1").update(text="Rewritten later")
    world.open_round.snapshot.refresh_from_db()
    assert world.open_round.snapshot.data["themes"][0]["priorities"][0]["text"] != "Rewritten later"


def test_publishing_twice_is_refused(world):
    with pytest.raises(ValidationError):
        services.round_publish(round=world.published_round, user=world.approver)


def test_priority_rolls_up_the_worst_activity_status(db):
    from tests.factories import body_make

    body = body_make("rollup-pcc")
    plan = plan_make(body, priorities=1, activities=3)
    rnd = round_make(plan, "R1", date(2017, 4, 1))
    activity = _activity(plan, "V1.2")
    services.update_record(
        round=rnd,
        activity=activity,
        user=actor(),
        status="red",
        narrative="Stuck",
        expected_version=Update.objects.get(round=rnd, activity=activity).version,
    )
    services.round_publish(round=rnd, user=actor())
    assert PriorityStatus.objects.get(round=rnd).status.code == "red"


def test_priority_edit_keeps_history_and_detects_conflicts(world):
    priority = Priority.objects.get(plan=world.plan, code="V1")
    org = world.plan.priorities.get(code="O2").delivery_leads.last()
    services.priority_edit(
        priority=priority,
        expected_version=priority.version,
        user=world.editor,
        theme=priority.theme,
        code="V1",
        text="New wording",
        opcc_lead=priority.opcc_lead,
        delivery_leads=[org],
        notes="HMICFRS finding",
    )
    latest = priority.history.first()
    assert latest.text == "New wording" and "Delivery leads" in latest.history_change_reason
    with pytest.raises(ConflictError):
        services.priority_edit(
            priority=priority,
            expected_version=priority.version,
            user=world.editor,
            theme=priority.theme,
            code="V1",
            text="Stale edit",
            opcc_lead=None,
            delivery_leads=[],
            notes="",
        )
    priority.refresh_from_db()
    assert priority.text == "New wording"


def test_activity_code_must_start_with_priority_code(world):
    priority = Priority.objects.get(plan=world.plan, code="V1")
    with pytest.raises(ValidationError) as exc:
        services.activity_create(priority=priority, code="O9.1", user=actor())
    assert "must start with" in exc.value.message_dict["code"][0]


def test_round_names_are_unique_per_plan(world):
    with pytest.raises(ValidationError) as exc:
        services.round_open(
            plan=world.plan,
            name="2017/18 q1",
            period_start=date(2017, 4, 1),
            period_end=date(2017, 6, 30),
            user=actor(),
        )
    assert "already has a round" in exc.value.message_dict["name"][0]


def test_we_said_we_did(world):
    chapter = services.chapter_create(plan=world.plan, title="Emergency chapter", kind="emergency", user=actor())
    objective = services.objective_create(chapter=chapter, number="4", title="Respond to the emergency", user=actor())
    services.commitment_add(
        objective=objective, we_said="Keep services running", we_did="Funding continued", user=actor()
    )
    with pytest.raises(ValidationError):
        services.commitment_add(objective=objective, we_said=" ", user=actor())
    with pytest.raises(ValidationError):
        services.objective_create(chapter=chapter, number="4", title="Duplicate", user=actor())
    assert objective.commitments.count() == 1
