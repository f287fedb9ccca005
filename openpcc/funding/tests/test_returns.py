"""Outcome monitoring: returns due generated from a grant's or service's dates, a return recorded
with its figures (bad periods and figures refused, nothing saved), overdue returns on the
dashboard, reminders e-mailed once per return, and the public seeing figures but never contacts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openpcc.core.writing import ConflictError
from openpcc.funding import selectors
from openpcc.funding import services as f
from openpcc.funding.models import MonitoringReturn, ReturnFigure
from tests.factories import actor, funding_make

pytestmark = pytest.mark.django_db

CONTACT = "contact-canary@example.org"


@pytest.fixture
def fw(world):
    return funding_make(world.body, world.other, world.plan)


def _monitor(record, frequency="quarterly", days=30, email=CONTACT):
    record.refresh_from_db()
    return f.monitoring_set(
        record=record,
        expected_version=record.version,
        return_frequency=frequency,
        return_due_days=days,
        contact_email=email,
        user=actor(),
    )


def _periods(record):
    kind = "grant" if hasattr(record, "recipient") else "service"
    return [
        (r.period_start, r.period_end, r.due_on)
        for r in MonitoringReturn.objects.filter(**{kind: record}).order_by("period_start")
    ]


def test_quarterly_returns_from_the_grants_dates(fw):
    _monitor(fw.published)
    assert _periods(fw.published) == [
        (date(2020, 4, 1), date(2020, 6, 30), date(2020, 7, 30)),
        (date(2020, 7, 1), date(2020, 9, 30), date(2020, 10, 30)),
        (date(2020, 10, 1), date(2020, 12, 31), date(2021, 1, 30)),
        (date(2021, 1, 1), date(2021, 3, 31), date(2021, 4, 30)),
    ]


def test_six_monthly_returns_and_a_short_last_period(fw):
    _monitor(fw.service, "six_monthly", days=14)
    assert _periods(fw.service) == [
        (date(2020, 4, 1), date(2020, 9, 30), date(2020, 10, 14)),
        (date(2020, 10, 1), date(2021, 3, 31), date(2021, 4, 14)),
    ]
    assert selectors.return_periods(start=date(2020, 1, 31), end=date(2020, 8, 15), frequency="quarterly") == [
        (date(2020, 1, 31), date(2020, 4, 29)),
        (date(2020, 4, 30), date(2020, 7, 30)),
        (date(2020, 7, 31), date(2020, 8, 15)),
    ]


def test_a_variation_moves_the_returns_not_yet_received(fw):
    grant = _monitor(fw.published)
    f.return_record(
        record=grant,
        period_start=date(2020, 4, 1),
        period_end=date(2020, 6, 30),
        received_on=date(2020, 7, 10),
        narrative="",
        figures=[("people supported", "120")],
        user=actor(),
    )
    grant.refresh_from_db()
    f.grant_vary(
        grant=grant,
        expected_version=grant.version,
        what_changed="Ends early",
        reason="The project finished.",
        new_amount=grant.amount,
        new_start=grant.start_date,
        new_end=date(2020, 12, 31),
        user=actor(),
    )
    assert [p[:2] for p in _periods(grant)] == [
        (date(2020, 4, 1), date(2020, 6, 30)),
        (date(2020, 7, 1), date(2020, 9, 30)),
        (date(2020, 10, 1), date(2020, 12, 31)),
    ]
    assert MonitoringReturn.objects.get(grant=grant, period_start=date(2020, 4, 1)).received_on == date(2020, 7, 10)


def test_a_draft_has_no_returns_until_awarded(fw):
    _monitor(fw.draft)
    assert _periods(fw.draft) == []
    f.grant_award(grant=fw.draft, user=actor())
    assert len(_periods(fw.draft)) == 4


@pytest.mark.parametrize(
    ("frequency", "days", "email", "field"),
    [
        ("monthly", 30, CONTACT, "return_frequency"),
        ("quarterly", -1, CONTACT, "return_due_days"),
        ("quarterly", 30, "not an address", "contact_email"),
        ("quarterly", 30, "", "contact_email"),
    ],
)
def test_bad_monitoring_settings_are_refused(fw, frequency, days, email, field):
    with pytest.raises(ValidationError) as exc:
        _monitor(fw.published, frequency, days, email)
    assert field in exc.value.message_dict
    assert MonitoringReturn.objects.count() == 0
    fw.published.refresh_from_db()
    assert fw.published.return_frequency == ""


def test_stale_monitoring_settings_are_refused(fw):
    stale = fw.published.version
    _monitor(fw.published)
    with pytest.raises(ConflictError):
        f.monitoring_set(
            record=fw.published,
            expected_version=stale,
            return_frequency="six_monthly",
            return_due_days=10,
            contact_email=CONTACT,
            user=actor(),
        )


def _record(record, start=date(2020, 4, 1), end=date(2020, 6, 30), figures=(("people supported", "120"),), **kw):
    return f.return_record(
        record=record,
        period_start=start,
        period_end=end,
        received_on=kw.pop("received_on", date(2020, 7, 20)),
        narrative=kw.pop("narrative", "Sessions ran every week."),
        figures=list(figures),
        user=actor(),
    )


def test_a_return_is_recorded_with_its_figures(fw):
    grant = _monitor(fw.published)
    ret = _record(grant, figures=[("people supported", "1,200"), ("Sessions held", "12.5"), ("", "")])
    assert ret.received_on == date(2020, 7, 20)
    assert [(x.measure, x.value) for x in ret.figures.all()] == [
        ("people supported", Decimal("1200")),
        ("Sessions held", Decimal("12.5")),
    ]
    assert MonitoringReturn.objects.filter(grant=grant).count() == 4  # it filled the scheduled one


@pytest.mark.parametrize(
    ("start", "end", "figures", "field", "words"),
    [
        (date(2021, 1, 1), date(2021, 6, 30), [("people", "1")], "period_start", "outside the grant"),
        (date(2020, 3, 1), date(2020, 3, 31), [("people", "1")], "period_start", "outside the grant"),
        (date(2020, 6, 30), date(2020, 4, 1), [("people", "1")], "period_end", "before it starts"),
        (date(2020, 4, 1), date(2020, 6, 30), [("people supported", "lots")], "value_1", "is not a number"),
        (date(2020, 4, 1), date(2020, 6, 30), [("people", "1"), ("visits", "NaN")], "value_2", "is not a number"),
        (date(2020, 4, 1), date(2020, 6, 30), [("", "12")], "measure_1", "name what the number"),
        (date(2020, 4, 1), date(2020, 6, 30), [("people", "")], "value_1", "give the number"),
        (date(2020, 4, 1), date(2020, 5, 31), [("people", "1")], "period_end", "ends on 30 June 2020"),
    ],
)
def test_a_bad_return_is_refused_and_nothing_saved(fw, start, end, figures, field, words):
    grant = _monitor(fw.published)
    with pytest.raises(ValidationError) as exc:
        _record(grant, start, end, figures)
    assert field in exc.value.message_dict
    assert words in " ".join(exc.value.message_dict[field])
    assert not MonitoringReturn.objects.filter(received_on__isnull=False).exists()
    assert ReturnFigure.objects.count() == 0


def test_a_return_is_never_overwritten(fw):
    grant = _monitor(fw.published)
    _record(grant)
    with pytest.raises(ValidationError) as exc:
        _record(grant, figures=[("people supported", "999")])
    assert "already recorded" in str(exc.value)
    assert list(ReturnFigure.objects.values_list("value", flat=True)) == [Decimal("120")]


def test_a_return_without_a_schedule_is_added_within_the_grant(fw):
    ret = _record(fw.published, date(2020, 5, 1), date(2020, 5, 31))
    assert (ret.period_start, ret.due_on) == (date(2020, 5, 1), date(2020, 6, 30))


def test_overdue_returns_and_the_dashboard(fw, client, world, pinned_now):
    today = timezone.localdate()
    grant = _monitor(fw.published)
    MonitoringReturn.objects.filter(grant=grant).update(due_on=today + timedelta(days=5))
    first = MonitoringReturn.objects.filter(grant=grant).order_by("period_start").first()
    MonitoringReturn.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=1))
    page = selectors.returns_staff_list(record=grant, today=today)
    assert page.counts == {"overdue": 1, "due": 3, "received": 0}
    client.force_login(world.editor)
    html = client.get(reverse("staff:dashboard")).content.decode()
    assert "Overdue monitoring returns" in html
    assert reverse("funding_staff:grant_returns", args=[world.body.slug, grant.pk]) in html
    _record(grant)
    assert selectors.returns_dashboard_panel(user=world.editor, bodies=[world.body]) is None


def test_reminders_go_once_per_overdue_return(fw, settings, pinned_now):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    today = timezone.localdate()
    grant = _monitor(fw.published)
    MonitoringReturn.objects.update(due_on=today + timedelta(days=10))
    overdue = MonitoringReturn.objects.filter(grant=grant).order_by("period_start")[:2]
    MonitoringReturn.objects.filter(pk__in=[r.pk for r in overdue]).update(due_on=today - timedelta(days=3))
    _record(grant)  # the first is received: no reminder for it
    mail.outbox.clear()
    call_command("send_return_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [CONTACT]
    assert "1 July 2020 to 30 September 2020" in message.body
    assert grant.title in message.subject
    reminded = MonitoringReturn.objects.get(grant=grant, period_start=date(2020, 7, 1))
    assert reminded.reminder_sent_at is not None and reminded.reminder_sent_to == CONTACT
    call_command("send_return_reminders")
    assert len(mail.outbox) == 1  # once only
