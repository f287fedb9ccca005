"""Funding services: every bad input refused with a clear message and nothing saved, the fund's
totals reconciling to the penny, variations keeping the history, and concurrent edits refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openpcc.core.writing import ConflictError
from openpcc.funding import selectors
from openpcc.funding import services as f
from openpcc.funding.models import Fund, Grant, GrantVariation, Payment, Recipient, org_id_problem
from tests.factories import actor, funding_make

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Fund, Recipient, Grant, GrantVariation, Payment))


def _grant_fields(fund, recipient, **extra) -> dict:
    return {
        "fund": fund,
        "recipient": recipient,
        "title": "Outreach",
        "purpose": "Reach victims.",
        "amount": Decimal("1000"),
        "start_date": date(2020, 4, 1),
        "end_date": date(2021, 3, 31),
        **extra,
    }


@pytest.fixture
def fw(world):
    return funding_make(world.body, world.other, world.plan)


def _refused(call, field: str, words: str) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        call()
    messages = exc.value.message_dict
    assert field in messages, messages
    assert words in " ".join(messages[field]), messages
    assert _counts() == before


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"amount": Decimal("0")}, "amount", "must be more than £0"),
        ({"amount": Decimal("-5")}, "amount", "must be more than £0"),
        ({"amount": Decimal("10.005")}, "amount", "two decimal places"),
        ({"amount": None}, "amount", "Give the amount"),
        ({"end_date": date(2020, 3, 1)}, "end_date", "before the planned start"),
        ({"title": " "}, "title", "Give the grant a title"),
        ({"purpose": ""}, "purpose", "Say what the grant is for"),
    ],
)
def test_a_bad_grant_is_refused_and_nothing_saved(world, fw, extra, field, words):
    _refused(
        lambda: f.grant_create(body=world.body, fields=_grant_fields(fw.fund, fw.org, **extra), user=actor()),
        field,
        words,
    )


def test_another_bodys_fund_or_recipient_is_refused(world, fw):
    other_fund = Fund.objects.get(body=world.other)
    _refused(
        lambda: f.grant_create(body=world.body, fields=_grant_fields(other_fund, fw.org), user=actor()),
        "fund",
        "this body's funds",
    )


@pytest.mark.parametrize(
    ("identifier", "words"),
    [
        ("GB-CHC-12", "not a valid GB-CHC identifier"),
        ("GB-COH-1234", "not a valid GB-COH identifier"),
        ("GB-SC-123456", "not a valid GB-SC identifier"),
        ("US-EIN-123456789", "does not start with a known org-id list"),
        ("XI-", "not a well-formed XI- identifier"),
        ("1012345", "does not start with a known org-id list"),
    ],
)
def test_a_bad_org_id_is_refused(world, identifier, words):
    _refused(
        lambda: f.recipient_create(
            body=world.body, kind="organisation", name="A Charity", identifier=identifier, user=actor()
        ),
        "identifier",
        words,
    )


def test_good_org_ids_are_accepted():
    for good in (
        "GB-CHC-1012345",
        "GB-CHC-202918-1",
        "GB-COH-01234567",
        "GB-COH-SC123456",
        "GB-SC-SC012345",
        "GB-NIC-100123",
        "GB-EDU-123456",
        "GB-LAE-CAM",
        "GB-GOR-PB188",
        "XI-PB-123",
    ):
        assert org_id_problem(good) == "", good


def test_an_individual_has_no_org_id(world):
    _refused(
        lambda: f.recipient_create(
            body=world.body, kind="individual", name="A Person", identifier="GB-CHC-1012345", user=actor()
        ),
        "identifier",
        "An individual has no org-id",
    )


def test_an_award_beyond_the_remainder_needs_a_reason(world, fw):
    fund = fw.fund  # budget £100,000; committed: £25,000.15 + £500 + £1,000 grants and a £30,000 service
    remaining = selectors.fund_remaining(fund=fund)
    assert remaining == Decimal("100000.00") - Decimal("25000.15") - Decimal("500") - Decimal("1000") - Decimal("30000")
    big = f.grant_create(
        body=world.body, fields=_grant_fields(fund, fw.org, amount=remaining + Decimal("0.01")), user=actor()
    )
    with pytest.raises(ValidationError) as exc:
        f.grant_award(grant=big, user=actor())
    assert "record why the award goes beyond the fund's remainder" in " ".join(
        exc.value.message_dict["override_reason"]
    )
    big.refresh_from_db()
    assert big.status == Grant.Status.DRAFT and big.awarded_on is None
    f.grant_edit(
        grant=big,
        expected_version=big.version,
        fields={"override_reason": "Match funding for a successful bid."},
        user=actor(),
    )
    awarded = f.grant_award(grant=big, user=actor())
    assert awarded.status == Grant.Status.AWARDED
    assert selectors.fund_remaining(fund=fund) == Decimal("-0.01")
    # exactly the remainder needs no reason
    fund2 = f.fund_create(
        body=world.body,
        fields={"name": "Small", "starts_on": date(2020, 4, 1), "budget": Decimal("99.99")},
        user=actor(),
    )
    g = f.grant_create(body=world.body, fields=_grant_fields(fund2, fw.org, amount=Decimal("99.99")), user=actor())
    assert f.grant_award(grant=g, user=actor()).status == Grant.Status.AWARDED


def test_a_variation_updates_the_grant_keeps_its_history_and_is_refused_once_closed(world, fw):
    grant = Grant.objects.get(pk=fw.published.pk)
    assert grant.amount == Decimal("25000.15")
    variation = grant.variations.get()
    assert (variation.previous_amount, variation.new_amount) == (Decimal("20000.10"), Decimal("25000.15"))
    assert Decimal("20000.10") in set(grant.history.values_list("amount", flat=True))
    # dates end before start
    _refused(
        lambda: f.grant_vary(
            grant=grant,
            expected_version=grant.version,
            what_changed="Shorter",
            reason="Ends early.",
            new_amount=grant.amount,
            new_start=date(2020, 4, 1),
            new_end=date(2020, 3, 1),
            user=actor(),
        ),
        "new_end",
        "before the new start",
    )
    _refused(
        lambda: f.grant_vary(
            grant=grant,
            expected_version=grant.version,
            what_changed="Nothing",
            reason="",
            new_amount=Decimal("0"),
            new_start=grant.start_date,
            new_end=grant.end_date,
            user=actor(),
        ),
        "new_amount",
        "must be more than £0",
    )
    f.grant_close(grant=grant, user=actor())
    grant.refresh_from_db()
    _refused(
        lambda: f.grant_vary(
            grant=grant,
            expected_version=grant.version,
            what_changed="More",
            reason="Late demand.",
            new_amount=Decimal("30000"),
            new_start=grant.start_date,
            new_end=grant.end_date,
            user=actor(),
        ),
        "grant",
        "a closed grant cannot be varied",
    )
    assert Grant.objects.get(pk=grant.pk).amount == Decimal("25000.15")


def test_a_variation_from_a_stale_page_is_refused(world, fw):
    grant = Grant.objects.get(pk=fw.published.pk)
    stale = grant.version
    f.grant_vary(
        grant=grant,
        expected_version=stale,
        what_changed="A",
        reason="B",
        new_amount=Decimal("26000"),
        new_start=grant.start_date,
        new_end=grant.end_date,
        user=actor(),
    )
    before = _counts()
    with pytest.raises(ConflictError):
        f.grant_vary(
            grant=grant,
            expected_version=stale,
            what_changed="C",
            reason="D",
            new_amount=Decimal("27000"),
            new_start=grant.start_date,
            new_end=grant.end_date,
            user=actor(),
        )
    assert _counts() == before  # the variation row rolled back with the refused grant update
    assert Grant.objects.get(pk=grant.pk).amount == Decimal("26000")


def test_totals_reconcile_to_the_penny(world, fw):
    fund = fw.fund
    pennies = ["0.01", "0.10", "0.20", "1234.57", "99999.99", "0.03"]
    big = f.fund_create(
        body=world.body,
        fields={"name": "Pennies", "starts_on": date(2020, 4, 1), "budget": Decimal("500000.00")},
        user=actor(),
    )
    for amount in pennies:
        g = f.grant_create(body=world.body, fields=_grant_fields(big, fw.org, amount=Decimal(amount)), user=actor())
        g = f.grant_award(grant=g, user=actor())
        f.payment_record(grant=g, paid_on=date(2020, 5, 1), amount=Decimal(amount), user=actor())
    totals = selectors.fund_totals_get(fund=big)
    expected = sum((Decimal(a) for a in pennies), Decimal(0))
    assert totals.awarded == expected == Decimal("101234.90")
    assert totals.paid == expected
    assert totals.remaining == Decimal("500000.00") - expected
    assert isinstance(totals.remaining, Decimal)
    staff = selectors.fund_totals_get(fund=fund)
    rows = Grant.objects.filter(fund=fund, status__in=Grant.COUNTED)
    assert staff.awarded == sum((g.amount for g in rows), Decimal(0)) == Decimal("26500.15")
    assert staff.committed == staff.awarded + Decimal("30000")
    assert staff.remaining == staff.budget - staff.committed
    assert staff.paid == Decimal("10000.05")
    public = selectors.fund_totals_get(fund=fund, public=True)  # the awarded, unpublished £1,000 is not public
    assert public.awarded == Decimal("25500.15") and public.remaining == Decimal("44499.85")


def test_payments_cannot_exceed_the_grant_nor_be_made_on_a_draft(world, fw):
    grant = Grant.objects.get(pk=fw.published.pk)
    _refused(
        lambda: f.payment_record(grant=grant, paid_on=date(2020, 6, 1), amount=Decimal("15000.11"), user=actor()),
        "amount",
        "more than the grant's",
    )
    _refused(
        lambda: f.payment_record(grant=fw.draft, paid_on=date(2020, 6, 1), amount=Decimal("1"), user=actor()),
        "amount",
        "award it first",
    )


def test_a_fund_cannot_shrink_below_what_it_has_committed_or_take_a_wrong_year(world, fw):
    fund = Fund.objects.get(pk=fw.fund.pk)
    with pytest.raises(ValidationError) as exc:
        f.fund_edit(fund=fund, expected_version=fund.version, fields={"budget": Decimal("100")}, user=actor())
    assert "cannot be less than the £56,500.15 already awarded or committed" in str(exc.value)
    _refused(
        lambda: f.fund_create(
            body=world.body,
            fields={"name": "X", "starts_on": date(2020, 4, 1), "financial_year": "2021/22", "budget": Decimal("1")},
            user=actor(),
        ),
        "financial_year",
        "is 2020/21",
    )
    _refused(
        lambda: f.fund_create(
            body=world.body,
            fields={"name": "Victims Fund", "starts_on": date(2020, 4, 1), "budget": Decimal("1")},
            user=actor(),
        ),
        "name",
        "already has a Victims Fund for 2020/21",
    )


def test_bad_bids_are_refused(world, fw):
    base = {"funder": "Home Office", "scheme": "S", "amount_sought": Decimal("10"), "submitted_on": date(2020, 1, 1)}
    _refused(
        lambda: f.bid_create(body=world.body, fields={**base, "outcome": "successful"}, user=actor()),
        "amount_secured",
        "Give the amount secured",
    )
    _refused(
        lambda: f.bid_create(
            body=world.body, fields={**base, "outcome": "pending", "amount_secured": Decimal("5")}, user=actor()
        ),
        "amount_secured",
        "Only a successful bid",
    )
    _refused(
        lambda: f.bid_create(
            body=world.body, fields={**base, "amount_sought": Decimal("-1"), "outcome": "pending"}, user=actor()
        ),
        "amount_sought",
        "more than £0",
    )


def test_an_editor_cannot_publish_and_other_bodies_cannot_write(world, fw):
    with pytest.raises(PermissionDenied):
        f.grant_publish(grant=fw.awarded, user=world.editor)
    with pytest.raises(PermissionDenied):
        f.grant_award(grant=fw.draft, user=world.other_editor)
    assert f.grant_publish(grant=fw.awarded, user=world.approver).is_public
