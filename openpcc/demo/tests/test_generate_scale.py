"""manage.py generate_scale: the synthetic data set is written through the models, with every
publication state, and the public search index only ever holds what may be public."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from openpcc.bodies.models import Person
from openpcc.core.models import Body, User
from openpcc.decisions.models import Decision
from openpcc.demo.scale import PRESETS, expected
from openpcc.funding import services as funding
from openpcc.funding.models import CommissionedService, Grant, MonitoringReturn, Payment
from openpcc.funding.selectors import fund_staff_list
from openpcc.meetings.models import AgendaItem, Meeting
from openpcc.plans.models import ReportingRound, Snapshot
from openpcc.search.models import SearchEntry
from openpcc.spending.models import REDACTED_SUPPLIER, SpendingFile, SpendingLine

# The generated history runs up to "now": pinned, so what it holds is the same on any date.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_now")]


def test_generates_every_state_and_refuses_to_run_twice():
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--no-history", stdout=out)
    text = out.getvalue()
    assert "Generating 2 bodies over 1 years" in text and "[2/2]" in text and "search index rebuilt" in text
    office = Body.objects.get(kind__in=["pcc", "pfcc"])
    assert Body.objects.get(kind="panel").scrutinises == office
    assert Meeting.objects.filter(status="minutes_approved").exists()
    assert Meeting.objects.filter(status__in=["scheduled", "agenda_published"]).exists()
    assert Decision.objects.filter(status="draft").exists() and Decision.objects.published().exists()
    published = ReportingRound.objects.filter(publication_status="published")
    assert published.exists() and Snapshot.objects.count() == published.count()
    assert ReportingRound.objects.filter(publication_status="draft").count() == 1
    # the index holds exactly the public records
    public_items = set(AgendaItem.objects.published().values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(kind="item").values_list("object_id", flat=True)) == public_items
    assert not SearchEntry.objects.filter(kind="decision", object_id__in=Decision.objects.filter(status="draft"))
    # money out: grants in every state, some to individuals; spending with redacted lines and a
    # month not yet published; none of it reaches the index unless it is public
    assert Grant.objects.filter(status="draft").exists() and Grant.objects.published().exists()
    assert Grant.objects.filter(status="awarded", publication_status="draft").exists()
    assert Grant.objects.filter(recipient__kind="individual").exists()
    public_grants = set(Grant.objects.published().values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(kind="grant").values_list("object_id", flat=True)) == public_grants
    assert SpendingFile.objects.filter(publication_status="draft").count() == 1
    redacted = SpendingLine.objects.filter(is_redacted=True)
    assert redacted.exists() and not redacted.exclude(public_supplier=REDACTED_SUPPLIER).exists()
    assert not redacted.exclude(public_description="").exists()
    for f in SpendingFile.objects.all():
        assert f.lines.count() == f.row_count and sum(line.amount for line in f.lines.all()) == f.total
    _check_payments_services_and_returns(office)
    # the summary printed before it starts is the right size: each kind within a factor of two
    counts = dict(line.strip().rsplit(None, 1) for line in text.splitlines() if line.startswith("  "))
    labels = {
        "grants": "funding.Grant",
        "grant payments": "funding.Payment",
        "commissioned services": "funding.CommissionedService",
        "monitoring returns": "funding.MonitoringReturn",
        "spending lines": "spending.SpendingLine",
        "decisions": "decisions.Decision",
        "meetings": "meetings.Meeting",
    }
    for what, n in expected(PRESETS["tiny"]).items():
        if what in labels:
            made = int(counts[labels[what]].replace(",", ""))
            assert n / 2 <= made <= n * 2, f"{what}: expected about {n}, made {made}"

    with pytest.raises(CommandError, match="already exist"):
        call_command("generate_scale", "--preset", "tiny", stdout=StringIO())


def _check_payments_services_and_returns(office: Body) -> None:
    """Payments, commissioned services and monitoring returns as the services would leave them."""
    # every fund reconciles: committed within the budget, paid within what is awarded
    funds = fund_staff_list(body=office)
    assert funds and all(f.committed <= f.budget and f.paid <= f.awarded for f in funds)
    assert any(f.services_value > 0 for f in funds) and any(f.paid > 0 for f in funds)
    assert not Payment.objects.filter(grant__status="draft").exists()
    for g in Grant.objects.exclude(status="draft").prefetch_related("payments"):
        paid = sum(p.amount for p in g.payments.all())
        assert paid <= g.amount and (g.status != "closed" or paid == g.amount), g
        assert all(g.start_date <= p.paid_on <= g.end_date for p in g.payments.all())
    services = CommissionedService.objects.filter(body=office)
    assert services.exists() and any(s.listed_as_contract for s in services)
    assert services.filter(publication_status="published").exists()
    public_services = set(CommissionedService.objects.published().values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(kind="service").values_list("object_id", flat=True)) <= public_services
    # returns: received with figures, overdue (reminded once), still to come; none of a draft grant
    returns = MonitoringReturn.objects.filter(body=office)
    received = returns.filter(received_on__isnull=False)
    assert received.exists() and not received.filter(figures__isnull=True).exists()
    assert returns.filter(received_on__isnull=True, due_on__lt=timezone.localdate()).exists()
    assert returns.filter(service__isnull=False).exists()
    assert not returns.filter(grant__status="draft").exists()
    assert set(MonitoringReturn.objects.published().values_list("pk", flat=True)) <= set(
        received.filter(grant__isnull=False).values_list("pk", flat=True)
    )
    # the returns are exactly the ones the app's own schedule makes: scheduling again changes nothing
    actor = User.objects.get(username__endswith="-approver", body_roles__body=office)
    for record in [*Grant.objects.exclude(return_frequency="").exclude(status="draft"), *services]:
        kind = "grant" if isinstance(record, Grant) else "service"
        before = set(MonitoringReturn.objects.filter(**{kind: record}).values_list("pk", "period_start", "due_on"))
        funding.returns_schedule(record=record, user=actor)
        assert set(MonitoringReturn.objects.filter(**{kind: record}).values_list("pk", "period_start", "due_on")) == (
            before
        ), record


def test_rows_written_directly_are_the_ones_the_models_would_write():
    """The generator writes rows without the ORM's insert: its records and their history rows
    read back as the models wrote them, and the app's own writes carry on after them."""
    call_command("generate_scale", "--preset", "tiny", stdout=StringIO())
    grant = Grant.objects.exclude(status="draft").filter(recipient__isnull=False).order_by("pk").last()
    [created] = grant.history.all()
    assert (created.history_type, created.history_change_reason) == ("+", "Generated")
    assert created.history_user.username == "system-data-generator"
    for field in ("title", "amount", "start_date", "published_at", "status", "fund_id", "recipient_id", "body_id"):
        assert getattr(created, field) == getattr(grant, field), field
    assert grant.amount == grant.amount.quantize(Decimal("0.01")) and grant.fund.body_id == grant.body_id
    # every record has its one "created" row, keys given in order, no two alike
    assert AgendaItem.history.count() == AgendaItem.objects.count()
    assert set(AgendaItem.history.values_list("id", flat=True)) == set(AgendaItem.objects.values_list("pk", flat=True))
    # new records take keys after the generated ones (PostgreSQL's sequences were moved on)
    top = Person.objects.order_by("-pk").values_list("pk", flat=True)[0]
    person = Person.objects.create(body=grant.body, name="A New Name")
    assert person.pk > top and person.history.count() == 1
    top = Person.history.order_by("-history_id").values_list("history_id", flat=True)[1]
    assert person.history.get().history_id > top


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError, match="--bodies must be at least 1"):
        call_command("generate_scale", "--bodies", "0", stdout=StringIO())
    assert not Body.objects.exists()
