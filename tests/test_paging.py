"""Long public lists page in the database: 50 rows a page, bad page numbers give the nearest
page, and the decision register's amount filter still never reveals a withheld amount."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openpcc.core.models import Body
from openpcc.core.paging import paging
from openpcc.decisions.models import Decision
from openpcc.meetings.models import Action, Meeting

pytestmark = pytest.mark.django_db


def test_paging_keeps_the_page_within_the_list():
    assert (paging(120, "2").number, paging(120, "2").pages) == (2, 3)
    assert paging(120, "99").number == 3
    assert paging(120, "abc").number == 1
    assert paging(120, "-4").number == 1
    assert paging(0, "3").number == 1 and paging(0, "3").pages == 1
    p = paging(120, "3")
    assert (p.start, p.end, p.first_shown, p.last_shown) == (100, 150, 101, 120)


@pytest.fixture
def office(db, pinned_now):
    from dataclasses import replace

    from openpcc.demo.scale import PRESETS, generate

    spec = replace(
        PRESETS["tiny"], meetings_per_year=80, decisions_per_year=70, activities_per_priority=5, history=False
    )
    generate(spec, progress=lambda line: None)
    return Body.objects.filter(kind__in=["pcc", "pfcc"]).get()


def test_decision_register_pages(client, office):
    published = Decision.objects.published().filter(body=office).order_by("-decision_date", "-reference")
    assert published.count() > 50
    url = reverse("decisions:list", args=[office.slug])
    first = client.get(url).content.decode()
    assert published[0].reference in first and published[50].reference not in first
    assert 'rel="next"' in first and "Page 1 of 2" in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert published[50].reference in second and published[0].reference not in second
    assert client.get(url, {"page": "nonsense"}).status_code == 200
    # the exports are not paged
    assert client.get(reverse("decisions:json", args=[office.slug])).json()["count"] == published.count()


def test_amount_filter_never_pages_in_a_withheld_amount(client, office):
    d = Decision.objects.published().filter(body=office, amount__isnull=False).order_by("-amount").first()
    d.exempt_parts = ["amount"]
    d.save(update_fields=["exempt_parts"])
    url = reverse("decisions:list", args=[office.slug])
    for page in ("1", "2"):
        body = client.get(url, {"amount_min": "1", "sort": "amount", "page": page}).content.decode()
        assert d.reference not in body


def test_meeting_list_and_action_log_page(client, office):
    past = Meeting.objects.published().filter(body=office, date__lt=Meeting.objects.order_by("-date")[0].date)
    assert past.count() > 50
    listing = client.get(reverse("meetings:list", args=[office.slug]))
    assert "Page 1 of" in listing.content.decode()
    actions = Action.objects.published().filter(body=office).count()
    log = client.get(reverse("meetings:actions", args=[office.slug]), {"page": "2"})
    assert log.status_code == 200 and (actions <= 50 or "Page 2 of" in log.content.decode())


def test_priority_updates_page_newest_first(client, office):
    from openpcc.plans.models import Plan, Update

    plan = Plan.objects.published().get(body=office)
    priority = plan.priorities.order_by("order").first()
    updates = Update.objects.published().filter(activity__priority=priority)
    assert updates.count() > 30
    newest = updates.order_by("-round__period_end").first().round.name
    oldest = updates.order_by("round__period_end").first().round.name
    url = reverse("plans:priority", args=[office.slug, priority.code])
    first = client.get(url).content.decode().split('id="updates"')[1]
    pages = -(-updates.count() // 30)
    assert newest in first and oldest not in first and f"Page 1 of {pages}" in first
    last = client.get(url, {"page": str(pages)}).content.decode().split('id="updates"')[1]
    assert oldest in last and newest not in last and f"Page {pages} of {pages}" in last
