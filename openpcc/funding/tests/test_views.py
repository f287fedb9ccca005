"""Public funding pages: drafts and unpublished awards never shown, an individual never named
(page, export, feed, search), the filters, the priority page's total, and staff forms' errors."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from openpcc.funding.models import Grant, GrantVariation
from openpcc.search import index as search_index
from tests.factories import DRAFT_MARKER, INDIVIDUAL_CANARY, funding_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(world):
    made = funding_make(world.body, world.other, world.plan)
    search_index.rebuild()
    return made


def _pages(world, fw) -> list[str]:
    b = world.body.slug
    return [
        reverse("funding:list", args=[b]),
        reverse("funding:csv", args=[b]),
        reverse("funding:json", args=[b]),
        reverse("funding:detail", args=[b, fw.to_individual.pk]),
        reverse("funding:detail", args=[b, fw.published.pk]),
        reverse("funding:services", args=[b]),
        reverse("funding:services_csv", args=[b]),
        reverse("funding:services_json", args=[b]),
        reverse("funding:bids", args=[b]),
        reverse("funding:bids_json", args=[b]),
        reverse("public:body_home", args=[b]),
        reverse("public:body_feed", args=[b]),
        reverse("plans:priority", args=[b, "V1"]),
        reverse("public:search") + "?q=bursary",
        reverse("public:search") + f"?q={INDIVIDUAL_CANARY.split()[-1]}",
    ]


def test_an_individual_is_never_named_and_drafts_never_shown(client, world, fw):
    for url in _pages(world, fw):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert INDIVIDUAL_CANARY not in text and "Canary" not in text, url
        assert DRAFT_MARKER not in text, url
    assert "an individual" in client.get(reverse("funding:csv", args=[world.body.slug])).content.decode()
    assert "Volunteer bursary" in client.get(reverse("public:search") + "?q=bursary").content.decode()
    detail = client.get(reverse("funding:detail", args=[world.body.slug, fw.to_individual.pk])).content.decode()
    assert "An individual" in detail


def test_the_csv_and_json_have_the_same_rows_and_totals_to_the_penny(client, world, fw):
    b = world.body.slug
    data = json.loads(client.get(reverse("funding:json", args=[b])).content)
    assert data["count"] == 2 and {g["title"] for g in data["grants"]} == {"Victim outreach", "Volunteer bursary"}
    (fund,) = data["funds"]
    assert fund == {
        "id": fw.fund.pk,
        "name": "Victims Fund",
        "financial_year": "2020/21",
        "budget": "100000.00",
        "awarded": "25500.15",
        "services": "30000.00",
        "committed": "55500.15",
        "paid": "10000.05",
        "remaining": "44499.85",
    }
    assert data["grants"][0]["url"].startswith("http://testserver/")
    lines = client.get(reverse("funding:csv", args=[b])).content.decode().splitlines()
    assert len(lines) == 3 and lines[0].startswith("id,title,recipient,recipient_identifier,amount")
    assert any("25000.15" in line and "GB-CHC-999001" in line for line in lines)
    services = json.loads(client.get(reverse("funding:services_json", args=[b])).content)
    assert [s["service"] for s in services["services"]] == ["Victim referral service"]
    assert services["services"][0]["contract"] is True
    bids = json.loads(client.get(reverse("funding:bids_json", args=[b])).content)
    assert [x["scheme"] for x in bids["bids"]] == ["Safer Streets Fund"]
    assert len(bids["bids"][0]["pays_for"]) == 2  # the published grant and service, never the unpublished award


def test_the_filters(client, world, fw):
    b, url = world.body.slug, reverse("funding:json", args=[world.body.slug])

    def titles(**query):
        return sorted(g["title"] for g in json.loads(client.get(url, query).content)["grants"])

    assert titles(priority="V1") == ["Victim outreach"]
    assert titles(recipient=str(fw.org.pk)) == ["Victim outreach"]
    assert titles(recipient=str(fw.individual.pk)) == []  # an individual is never a filter
    assert titles(year="2020") == ["Victim outreach", "Volunteer bursary"]
    assert titles(year="2019") == []
    assert titles(fund=str(fw.fund.pk)) == ["Victim outreach", "Volunteer bursary"]
    assert titles(fund="x", year="99999", recipient="\x00", priority="'; --") == []
    page = client.get(reverse("funding:list", args=[b]), {"priority": "V1", "page": "9"})
    assert page.status_code == 200 and "1 grant" in page.content.decode()


def test_the_grant_page_shows_its_variations_and_the_priority_page_its_total(client, world, fw):
    b = world.body.slug
    page = client.get(reverse("funding:detail", args=[b, fw.published.pk])).content.decode()
    assert "More outreach sessions" in page and "Demand rose." in page
    assert "£20,000.10 to £25,000.15" in page
    assert "V1:" in page
    priority = client.get(reverse("plans:priority", args=[b, "V1"])).content.decode()
    assert "Grants and commissioned services: 2 worth £55,000.15 in total" in priority
    assert "Grant: Victim outreach" in priority and "Service: Victim referral service" in priority


def test_unpublished_grants_are_not_found(client, world, fw):
    b = world.body.slug
    for pk in (fw.awarded.pk, fw.draft.pk, fw.other_grant.pk):
        assert client.get(reverse("funding:detail", args=[b, pk])).status_code == 404


def test_staff_forms_name_what_is_wrong_and_save_nothing(client, world, fw):
    client.force_login(world.editor)
    b = world.body.slug
    before = Grant.objects.count()
    response = client.post(
        reverse("funding_staff:grant_create", args=[b]),
        {
            "fund": fw.fund.pk,
            "recipient": fw.org.pk,
            "title": "T",
            "purpose": "P",
            "amount": "-5",
            "start_date": "2020-05-01",
            "end_date": "2020-04-01",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200 and "must be more than £0" in text and "before the planned start" in text
    assert Grant.objects.count() == before
    grant = Grant.objects.get(pk=fw.published.pk)
    response = client.post(
        reverse("funding_staff:grant_vary", args=[b, grant.pk]),
        {
            "what_changed": "X",
            "reason": "Y",
            "new_amount": "30000",
            "new_start": "2020-04-01",
            "new_end": "2021-03-31",
            "version": grant.version - 1,  # a stale page
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    assert GrantVariation.objects.filter(grant=grant).count() == 1
    assert Grant.objects.get(pk=grant.pk).amount == Decimal("25000.15")
