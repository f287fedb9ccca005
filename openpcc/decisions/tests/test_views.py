"""Public decision register pages, open data, feeds, bounded queries and the staff forms."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpcc.decisions import services
from openpcc.decisions.models import Decision
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, actor, body_make

pytestmark = pytest.mark.django_db


@pytest.mark.whole_world
def test_register_and_record_show_withheld_parts_not_their_text(client, world):
    html = client.get(reverse("decisions:list", args=["test-pcc"])).content.decode()
    assert "TPCC 2017-001" in html and "£150,000" in html and DRAFT_MARKER not in html
    d = world.decisions.published
    html = client.get(reverse("decisions:detail", args=["test-pcc", d.reference_slug])).content.decode()
    assert "Award the victim services contract." in html
    assert "Withheld from publication." in html and "Legal advice is privileged." in html
    assert EXEMPT_MARKER not in html
    assert "Victim services commissioning" in html  # the report it rests on
    assert "Test Police and Crime Panel" in html  # notified to the panel


@pytest.mark.whole_world
def test_filters_and_sorting(client, world):
    for i, amount in enumerate([Decimal("1000"), Decimal("900000"), None]):
        d = services.decision_create(
            body=world.body,
            user=actor(),
            fields={
                "subject": f"Extra {i}",
                "decision": "Decided.",
                "amount": amount,
                "category": "estates" if i == 1 else "other",
            },
        )
        services.decision_publish(
            decision=services.decision_sign(decision=d, user=actor(), on=date(2018, 3, i + 1)), user=actor()
        )
    url = reverse("decisions:list", args=["test-pcc"])
    assert "4 decisions" in client.get(url).content.decode()
    assert "1 decision." in client.get(url, {"category": "estates"}).content.decode()
    assert "3 decisions" in client.get(url, {"year": "2018"}).content.decode()
    html = client.get(url, {"amount_min": "100000", "amount_max": "1,000,000"}).content.decode()
    assert "Extra 1" in html and "Victim services contract" in html and "Extra 0" not in html
    html = client.get(url, {"sort": "amount"}).content.decode()
    assert (
        html.index("Extra 1") < html.index("Victim services contract") < html.index("Extra 0") < html.index("Extra 2")
    )
    html = client.get(url, {"amount_min": "lots"}).content.decode()
    assert "Enter the minimum amount as a number" in html


@pytest.mark.whole_world
def test_withheld_amounts_never_match_an_amount_filter(client, world):
    d = services.decision_create(
        body=world.body,
        user=actor(),
        fields={
            "subject": "Secret sum",
            "decision": "Decided.",
            "amount": Decimal("777777"),
            "exempt_parts": ["amount"],
            "withheld_reason": "Commercial negotiation continues.",
        },
    )
    services.decision_publish(
        decision=services.decision_sign(decision=d, user=actor(), on=date(2018, 1, 1)), user=actor()
    )
    url = reverse("decisions:list", args=["test-pcc"])
    assert "Secret sum" not in client.get(url, {"amount_min": "700000", "amount_max": "800000"}).content.decode()
    html = client.get(url).content.decode()
    assert "Secret sum" in html and "777" not in html
    data = client.get(reverse("decisions:json", args=["test-pcc"])).json()
    secret = next(r for r in data["decisions"] if r["subject"] == "Secret sum")
    assert secret["amount"] is None and secret["withheld"] == ["amount"]
    assert "777" not in client.get(reverse("decisions:csv", args=["test-pcc"])).content.decode()


def _published(world, subject: str, on: date, **fields) -> Decision:
    d = services.decision_create(
        body=world.body, user=actor(), fields={"subject": subject, "decision": "Decided.", **fields}
    )
    return services.decision_publish(decision=services.decision_sign(decision=d, user=actor(), on=on), user=actor())


@pytest.mark.whole_world
def test_the_order_of_an_amount_sort_never_reveals_a_withheld_amount(client, world):
    """Withheld amounts sort with the unknown ones, newest first, whichever way the sort runs."""
    withheld = {"exempt_parts": ["amount"], "withheld_reason": "Commercially sensitive."}
    _published(world, "Huge secret", date(2018, 3, 1), amount=Decimal("9000000"), **withheld)
    _published(world, "Tiny secret", date(2018, 6, 1), amount=Decimal("10"), **withheld)
    _published(world, "No sum", date(2018, 4, 1))
    url = reverse("decisions:list", args=["test-pcc"])

    def order(sort: str) -> list[str]:
        rows = client.get(reverse("decisions:json", args=["test-pcc"]), {"sort": sort}).json()["decisions"]
        html = client.get(url, {"sort": sort}).content.decode()
        listed = [r["subject"] for r in rows]
        assert sorted(listed, key=html.index) == listed  # the page lists them in the same order
        return listed

    # unknown and withheld last, by date (newest first): the same in both directions
    assert order("amount") == ["Victim services contract", "Tiny secret", "No sum", "Huge secret"]
    assert order("amount_asc") == ["Victim services contract", "Tiny secret", "No sum", "Huge secret"]
    assert order("date")[0] == "Tiny secret"


@pytest.mark.whole_world
def test_open_data_cannot_run_formulas_in_a_spreadsheet(client, world):
    _published(
        world, '=HYPERLINK("http://evil.example","Click")', date(2018, 1, 2), decision="@SUM(1+1)*cmd|' /C calc'!A0"
    )
    _published(world, "+44 and -3 are numbers here", date(2018, 1, 3), reasons="\tTabbed\rreturn")
    text = client.get(reverse("decisions:csv", args=["test-pcc"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [v for r in rows for v in r.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    formula = next(r for r in rows if "HYPERLINK" in r["subject"])
    assert formula["subject"] == '\'=HYPERLINK("http://evil.example","Click")' and formula["decision"].startswith(
        "'@SUM"
    )
    # JSON is data, not a spreadsheet: unchanged
    data = client.get(reverse("decisions:json", args=["test-pcc"])).json()["decisions"]
    assert any(r["subject"].startswith("=HYPERLINK") for r in data)
    plan_csv = client.get(reverse("plans:plan_csv", args=["test-pcc"])).content.decode()
    assert "\n=" not in plan_csv and ",=" not in plan_csv


@pytest.mark.whole_world
def test_csv_json_and_feed(client, world):
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("decisions:csv", args=["test-pcc"])).content.decode())))
    assert [r["reference"] for r in rows] == ["TPCC 2017-001"]
    assert rows[0]["amount"] == "150000.00" and rows[0]["withheld"] == "legal_implications"
    data = client.get(reverse("decisions:json", args=["test-pcc"])).json()
    assert data["count"] == 1 and data["decisions"][0]["reference"] == "TPCC 2017-001"
    feed = feedparser.parse(client.get(reverse("decisions:feed", args=["test-pcc"])).content)
    assert not feed.bozo and feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["TPCC 2017-001: Victim services contract"]


@pytest.mark.whole_world
def test_priority_page_lists_decisions(client, world):
    html = client.get("/test-pcc/plan/V1/").content.decode()
    assert "TPCC 2017-001: Victim services contract" in html and DRAFT_MARKER not in html


def test_panel_meeting_shows_notified_decisions(client, world):
    dw = world.decisions
    html = client.get(reverse("meetings:detail", args=["test-panel", dw.panel_meeting.pk])).content.decode()
    assert "Decisions notified to the panel" in html and "TPCC 2017-001" in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx)


def test_query_counts_do_not_grow(client, db, django_assert_max_num_queries):
    from openpcc.plans import services as plans

    counts = {}
    for slug, n in (("d-small", 2), ("d-big", 25)):
        body = body_make(slug)
        services.scheme_set(body=body, prefix="Q", user=actor())
        plan = plans.plan_create(
            body=body, title="Plan", period_start=date(2017, 4, 1), period_end=date(2020, 3, 31), user=actor()
        )
        theme = plans.theme_create(plan=plan, code="V", name="Victims", user=actor())
        prios = [
            plans.priority_create(plan=plan, theme=theme, code=f"V{i}", text="p", user=actor()) for i in range(1, 4)
        ]
        plans.plan_publish(plan=plan, user=actor())
        last = None
        for i in range(n):
            d = services.decision_create(
                body=body,
                user=actor(),
                fields={
                    "subject": f"D{i}",
                    "decision": "x",
                    "amount": Decimal(i * 1000),
                    "exempt_parts": ["reasons"] if i % 3 == 0 else [],
                    "withheld_reason": "Reason" if i % 3 == 0 else "",
                },
                priorities=prios,
            )
            last = services.decision_publish(
                decision=services.decision_sign(decision=d, user=actor(), on=date(2017, 5, 1)), user=actor()
            )
            services.decision_amend(
                decision=last, field="reasons", text=f"Reason {i}", reason="Clarified", user=actor()
            )
        counts[slug] = [
            _count(client, reverse("decisions:list", args=[slug])),
            _count(client, reverse("decisions:list", args=[slug]) + "?sort=amount&amount_min=0"),
            _count(client, reverse("decisions:detail", args=[slug, last.reference_slug])),
            _count(client, reverse("decisions:csv", args=[slug])),
            _count(client, reverse("decisions:json", args=[slug])),
            _count(client, reverse("decisions:feed", args=[slug])),
            _count(client, reverse("plans:priority", args=[slug, "V1"])),
        ]
    assert counts["d-small"] == counts["d-big"]
    with django_assert_max_num_queries(10):
        client.get(reverse("decisions:detail", args=["d-big", last.reference_slug]))


@pytest.mark.whole_world
def test_staff_draft_sign_publish_and_amend_through_the_forms(client, world, login):
    login(world.editor)
    b = "test-pcc"
    r = client.post(
        reverse("decisions_staff:create", args=[b]),
        {
            "subject": "Rural crime fund",
            "decision": "",
            "amount": "-10",
            "decision_maker": "pcc",
            "category": "grant_funding",
        },
    )
    html = r.content.decode()
    assert "Enter the decision itself" in html and "cannot be negative" in html
    r = client.post(
        reverse("decisions_staff:create", args=[b]),
        {
            "subject": "Rural crime fund",
            "decision": "Fund rural watch schemes.",
            "amount": "25000",
            "decision_maker": "pcc",
            "category": "grant_funding",
            "priorities": [world.plan.priorities.get(code="V1").pk],
        },
    )
    decision = Decision.objects.get(subject="Rural crime fund")
    assert r.status_code == 302 and decision.status == "draft"
    # Editors cannot sign.
    assert client.post(reverse("decisions_staff:sign", args=[b, decision.pk])).status_code == 403
    client.logout()
    login(world.approver)
    client.post(reverse("decisions_staff:sign", args=[b, decision.pk]))
    decision.refresh_from_db()
    assert decision.status == "signed" and decision.reference.startswith("TPCC ")
    r = client.get(reverse("decisions_staff:edit", args=[b, decision.pk]))
    assert r.status_code == 302  # a signed record is not edited, it is amended
    client.post(reverse("decisions_staff:publish", args=[b, decision.pk]))
    decision.refresh_from_db()
    assert decision.is_published
    url = reverse("decisions_staff:detail", args=[b, decision.pk])
    r = client.post(url, {"field": "decision", "text": "Fund rural and farm watch schemes.", "reason": ""})
    assert "Give the reason for the amendment" in r.content.decode()
    client.post(url, {"field": "decision", "text": "Fund rural and farm watch schemes.", "reason": "Scope clarified."})
    public = client.get(reverse("decisions:detail", args=[b, decision.reference_slug])).content.decode()
    assert "Fund rural and farm watch schemes." in public and "Scope clarified." in public
