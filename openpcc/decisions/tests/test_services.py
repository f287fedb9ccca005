"""Decision records: validation, rights, references, publication, amendments, panel notification."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openpcc.decisions import selectors, services
from openpcc.decisions.models import Decision, Notification, ReferenceCounter
from tests.factories import DRAFT_MARKER, actor

pytestmark = pytest.mark.django_db


def _draft(world, **fields):
    return services.decision_create(
        body=world.body, user=world.editor, fields={"subject": "Test", "decision": "Do it.", **fields}
    )


def test_bad_drafts_are_refused_and_nothing_saved(world):
    before = Decision.objects.count()
    cases = [
        ({"decision": "  "}, "decision", "Enter the decision itself"),
        ({"amount": Decimal("-5")}, "amount", "cannot be negative"),
        ({"exempt_parts": ["reasons"]}, "withheld_reason", "Say why"),
        ({"exempt_parts": ["subject"], "withheld_reason": "x"}, "exempt_parts", "cannot be withheld"),
    ]
    for fields, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            _draft(world, **fields)
        assert message in exc.value.message_dict[field][0], fields
    assert Decision.objects.count() == before


@pytest.mark.whole_world
def test_references_follow_the_scheme_without_gaps(world):
    first = services.decision_sign(decision=_draft(world), user=world.approver, on=date(2017, 11, 1))
    second = services.decision_sign(decision=_draft(world), user=world.approver, on=date(2017, 11, 2))
    # The world already signed 2017-001 and 2017-002.
    assert (first.reference, second.reference) == ("TPCC 2017-003", "TPCC 2017-004")
    assert second.reference_slug == "tpcc-2017-004"
    next_year = services.decision_sign(decision=_draft(world), user=world.approver, on=date(2018, 1, 5))
    assert next_year.reference == "TPCC 2018-001"


@pytest.mark.whole_world
def test_a_failed_signing_does_not_use_up_a_number(world):
    empty = Decision.objects.create(body=world.body, subject="No text yet")
    with pytest.raises(ValidationError) as exc:
        services.decision_sign(decision=empty, user=world.approver, on=date(2017, 11, 1))
    assert "no decision text" in exc.value.message_dict["decision"][0]
    assert ReferenceCounter.objects.get(body=world.body, year=2017).last_number == 2
    ok = services.decision_sign(decision=_draft(world), user=world.approver, on=date(2017, 11, 1))
    assert ok.reference == "TPCC 2017-003"


def test_signing_needs_an_approver_and_a_scheme(world):
    draft = _draft(world)
    for user in (world.editor, world.other_editor, world.panel_member):
        with pytest.raises(PermissionDenied):
            services.decision_sign(decision=draft, user=user)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.reference == ""
    other = services.decision_create(body=world.other, user=actor(), fields={"subject": "x", "decision": "y"})
    with pytest.raises(ValidationError) as exc:
        services.decision_sign(decision=other, user=actor())
    assert "no decision reference scheme" in exc.value.message_dict["reference"][0]


def test_publishing_an_unsigned_record_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.decision_publish(decision=world.decisions.draft, user=world.approver)
    assert "Only a signed decision" in exc.value.message_dict["status"][0]
    with pytest.raises(PermissionDenied):
        services.decision_publish(decision=world.decisions.signed, user=world.editor)


def test_signed_text_changes_only_by_amendment(world):
    published = world.decisions.published
    with pytest.raises(ValidationError) as exc:
        services.decision_edit(
            decision=published,
            expected_version=published.version,
            user=world.editor,
            fields={"decision": "Quietly changed."},
        )
    assert "recorded amendment" in exc.value.message_dict["decision"][0]
    with pytest.raises(ValidationError) as exc:
        services.decision_amend(
            decision=published, field="decision", text="Award for three years.", reason="", user=world.approver
        )
    assert "reason" in exc.value.message_dict
    amended = services.decision_amend(
        decision=published,
        field="decision",
        text="Award for three years.",
        reason="Term corrected to match the contract.",
        user=world.approver,
    )
    assert amended.decision == "Award for three years."
    a = amended.amendments.get()
    assert a.previous == "Award the victim services contract." and a.made_by == world.approver


def test_scheme_validation(world):
    with pytest.raises(ValidationError) as exc:
        services.scheme_set(body=world.body, prefix="X", pattern="{prefix}-{year}", user=actor())
    assert "{number}" in exc.value.message_dict["pattern"][0]
    with pytest.raises(ValidationError):
        services.scheme_set(
            body=world.body, prefix="X", pattern="{prefix}-{number}", restart_each_year=True, user=actor()
        )
    with pytest.raises(ValidationError):
        services.scheme_set(body=world.body, prefix="X", pattern="{prefix}-{year}-{number}-{oops}", user=actor())


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix.__class__.__mro__}-{year}-{number}",
        "{prefix}-{year}-{number!r}",
        "{0}-{year}-{number}",
        "{prefix}-{year}-{number:>{x}}",
        "{{prefix}}-{year}-{number}",
        "}{prefix}-{year}-{number}",
    ],
)
def test_a_reference_pattern_holds_only_the_documented_placeholders(world, pattern):
    with pytest.raises(ValidationError) as exc:
        services.scheme_set(body=world.body, prefix="X", pattern=pattern, user=actor())
    assert "{prefix}, {year}" in exc.value.message_dict["pattern"][0]


def test_a_stored_pattern_is_never_evaluated(world):
    from openpcc.decisions.models import ReferenceScheme

    scheme = ReferenceScheme(body=world.body, prefix="CPCC", pattern="{prefix.__class__} {year}/{number}", padding=3)
    assert scheme.format(year=2026, number=7) == "{prefix.__class__} 2026/007"


@pytest.mark.whole_world
def test_historical_references_move_the_counter_on(world):
    old = services.decision_sign(decision=_draft(world), user=actor(), reference="TPCC 2017-019")
    assert old.decision_date is None and old.reference == "TPCC 2017-019"
    new = services.decision_sign(decision=_draft(world), user=actor(), on=date(2017, 12, 1))
    assert new.reference == "TPCC 2017-020"
    with pytest.raises(ValidationError):
        services.decision_sign(decision=_draft(world), user=actor(), reference="TPCC 2017-019")


def test_panel_proposal_and_response(world):
    dw = world.decisions
    proposed = selectors.decision_to_notify_list(meeting=dw.panel_meeting)
    assert proposed == []  # the only published decision is already notified
    late = services.decision_sign(decision=_draft(world, subject="Later decision"), user=actor(), on=date(2017, 12, 1))
    with pytest.raises(ValidationError):
        services.notifications_create(
            meeting=dw.panel_meeting, decisions=[late], number="10", user=actor()
        )  # not published
    services.decision_publish(decision=late, user=actor())
    assert [d.pk for d in selectors.decision_to_notify_list(meeting=dw.panel_meeting)] == [late.pk]
    with pytest.raises(PermissionDenied):
        services.notifications_create(meeting=dw.panel_meeting, decisions=[late], number="10", user=world.editor)
    with pytest.raises(ValidationError) as exc:
        services.notification_respond(
            notification=dw.notification, response="further_scrutiny", response_detail=" ", user=dw.secretariat
        )
    assert "response_detail" in exc.value.message_dict
    services.notification_respond(
        notification=dw.notification,
        response="further_scrutiny",
        response_detail="A report on outcomes at the next meeting.",
        user=dw.secretariat,
    )
    n = Notification.objects.get(pk=dw.notification.pk)
    assert n.response == "further_scrutiny" and n.responded_at


@pytest.mark.whole_world
def test_public_register_never_holds_unsigned_or_unpublished(world):
    public = Decision.objects.published()
    assert list(public) == [world.decisions.published]
    assert DRAFT_MARKER not in str(list(public.values()))
