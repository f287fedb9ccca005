"""The demo loader: the seeds' facts arrive through the services, and it is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from openpcc.core.models import Body
from openpcc.plans.models import Commitment, Priority, PriorityStatus, ReportingRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", quiet=True)


def test_demo_has_the_forty_priorities(demo, client):
    codes = set(Priority.objects.filter(plan__body__slug="cambridgeshire-pcc").values_list("code", flat=True))
    expected = {f"{t}{i}" for t, n in (("V", 9), ("O", 11), ("C", 10), ("T", 10)) for i in range(1, n + 1)}
    assert codes == expected
    html = client.get("/cambridgeshire-pcc/plan/").content.decode()
    assert "Showing 40 of 40 priorities" in html
    for theme in ("Victims", "Offenders", "Communities", "Transformation"):
        assert theme in html
    assert "illustrative" in html


def test_demo_v7_page(demo, client):
    html = client.get("/cambridgeshire-pcc/plan/V7/").content.decode()
    assert "Domestic Abuse and Sexual Violence Delivery Group" in html
    assert "2017/18 Q1" in html and "2017/18 Q2" in html


def test_demo_rounds_history_and_open_round(demo):
    rounds = ReportingRound.objects.filter(plan__body__slug="cambridgeshire-pcc").order_by("period_end")
    assert [(r.name, r.is_published) for r in rounds] == [
        ("2017/18 Q1", True),
        ("2017/18 Q2", True),
        ("2017/18 Q3", False),
    ]
    assert PriorityStatus.objects.filter(round=rounds[1]).count() == 40


def test_demo_west_midlands_we_said_we_did(demo, client):
    assert Commitment.objects.filter(objective__chapter__plan__body__slug="west-midlands-pcc").count() >= 5
    html = client.get("/west-midlands-pcc/plan/").content.decode()
    assert "We said" in html and "We did" in html and "Objective 4" in html


def test_demo_is_idempotent(demo, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "already loaded" in out and "officer" in out and "openpcc-demo" in out
    assert Body.objects.count() == 3
