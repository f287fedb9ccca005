"""Public plan pages, open data, and the staff journeys through the views."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpcc.plans.models import Activity, Update
from tests.factories import DRAFT_MARKER, OTHER_BODY_MARKER, actor, body_make, plan_make, round_make

pytestmark = pytest.mark.django_db


def test_plan_page_shows_themes_priorities_status_and_counts(client, world):
    html = client.get("/test-pcc/plan/").content.decode()
    assert "Police and Crime Plan 2017-20" in html
    for text in ("Victims", "Offenders", "Support victims.", "Priority number 1 for Victims", "Lead Officer"):
        assert text in html
    assert "Green: On target" in html
    assert "Showing 5 of 5 priorities" in html
    assert DRAFT_MARKER not in html and OTHER_BODY_MARKER not in html
    assert "Endorsed by the Police and Crime Panel" in html and "1 February 2017" in html


def test_plan_page_filters(client, world):
    html = client.get("/test-pcc/plan/", {"theme": "O"}).content.decode()
    assert "Showing 2 of 5 priorities" in html and "Priority number 1 for Victims" not in html
    assert "Showing 0 of 5" in client.get("/test-pcc/plan/", {"status": "red"}).content.decode()
    org = world.plan.priorities.get(code="O2").delivery_leads.get(name__startswith="Delivery")
    html = client.get("/test-pcc/plan/", {"lead": f"org-{org.pk}"}).content.decode()
    assert "Showing 2 of 5" in html


def test_public_sees_previous_round_until_publication(client, world, login):
    # The open round holds amber updates; the public still sees the published green.
    html = client.get("/test-pcc/plan/V1/").content.decode()
    assert "Green: On target" in html and "Amber" not in html.split("Status over reporting rounds")[1]
    assert DRAFT_MARKER not in html
    login(world.approver).post(
        reverse("plans_staff:round_publish", args=["test-pcc", world.plan.slug, world.open_round.slug])
    )
    client.logout()
    html = client.get("/test-pcc/plan/V1/").content.decode()
    assert DRAFT_MARKER in html and "Amber: Delayed" in html
    updates = html.split('id="updates"')[1]
    assert updates.index("2017/18 Q2") < updates.index("2017/18 Q1")  # newest first


def test_priority_page_404s(client, world):
    assert client.get("/test-pcc/plan/Z9/").status_code == 404
    assert client.get("/no-such-body/plan/").status_code == 404
    assert client.get("/test-pcc/plan/rounds/2017-18-q2/").status_code == 404  # unpublished round


def test_round_snapshot_page(client, world):
    html = client.get("/test-pcc/plan/rounds/2017-18-q1/").content.decode()
    assert "Published narrative." in html and "frozen copy" in html


def test_csv_and_json(client, world):
    response = client.get("/test-pcc/plan.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["priority_code"] for r in rows] == ["V1", "V3", "V5", "O2", "O4"]  # by theme
    assert rows[0]["status"] == "green" and rows[0]["status_round"] == "2017/18 Q1"
    assert rows[3]["delivery_leads"].count(";") == 1
    data = client.get("/test-pcc/plan.json").json()
    assert data["plan"]["title"] == "Police and Crime Plan 2017-20"
    assert len(data["priorities"]) == 5 and data["round"]["name"] == "2017/18 Q1"
    assert [s["code"] for s in data["status_key"]] == ["white", "green", "amber", "red", "complete"]
    assert DRAFT_MARKER not in response.content.decode()


def test_draft_plan_is_not_public(client, db):
    from openpcc.plans import services

    body = body_make("draft-only")
    services.plan_create(
        body=body, title="Secret plan", period_start=date(2020, 1, 1), period_end=date(2021, 1, 1), user=actor()
    )
    response = client.get("/draft-only/plan/")
    assert response.status_code == 404 and b"Secret plan" not in response.content
    assert client.get("/draft-only/plan.json").status_code == 404


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_counts_do_not_grow_with_the_plan(client, db, django_assert_max_num_queries):
    small = body_make("small-pcc")
    big = body_make("big-pcc")
    for body, n in ((small, 5), (big, 200)):
        plan = plan_make(body, priorities=n, activities=2)
        round_make(plan, "R1", date(2017, 4, 1), publish=True)
        round_make(plan, "R2", date(2017, 7, 1), status="amber", narrative="Delayed.", publish=True)
    for path in (
        "/{}/plan/",
        "/{}/plan/V1/",
        "/{}/plan.csv",
        "/{}/plan.json",
        "/{}/plan/rounds/R2/".lower(),
        "/{}/plan/rounds/",
        "/{}/",
    ):
        client.get(path.format("small-pcc"))  # warm the per-process caches (content types), as a running site has
        assert _count(client, path.format("small-pcc")) == _count(client, path.format("big-pcc")), path
    with django_assert_max_num_queries(12):
        client.get("/big-pcc/plan/")
    # the priority's own 9 and the count of updates for their pages, and each domain's links to it
    # (core.golden_thread): at most two queries per registered provider
    from openpcc.core.golden_thread import _PROVIDERS

    with django_assert_max_num_queries(9 + 2 * len(_PROVIDERS)):
        client.get("/big-pcc/plan/V1/")
    assert _count(client, "/") == _count(client, "/")


def test_staff_query_counts_do_not_grow(db, client, login):
    from openpcc.core.models import Role
    from tests.factories import user_make

    counts = []
    for slug, n in (("s-small", 5), ("s-big", 120)):
        body = body_make(slug)
        user = user_make(f"ed-{slug}", (body, Role.EDITOR), (body, Role.APPROVER))
        plan = plan_make(body, priorities=n, activities=2)
        round_make(plan, "R1", date(2017, 4, 1), publish=True)
        rnd = round_make(plan, "R2", date(2017, 7, 1), status="amber", narrative="Delayed.")
        login(user)
        urls = [
            reverse("plans_staff:round", args=[slug, plan.slug, rnd.slug]),
            reverse("plans_staff:round_publish", args=[slug, plan.slug, rnd.slug]),
            reverse("plans_staff:update", args=[slug, plan.slug, rnd.slug, "V1.1"]),
            reverse("plans_staff:priorities", args=[slug, plan.slug]),
            reverse("plans_staff:index", args=[slug]),
            reverse("staff:dashboard"),
        ]
        counts.append([_count(client, u) for u in urls])
        client.logout()
    assert counts[0] == counts[1]


def test_officer_records_update_through_the_form(client, world, login):
    login(world.editor)
    url = reverse("plans_staff:update", args=["test-pcc", world.plan.slug, world.open_round.slug, "V1.1"])
    page = client.get(url).content.decode()
    assert "Published narrative." in page  # last published update shown for reference
    version = Update.objects.get(round=world.open_round, activity__code="V1.1").version
    response = client.post(url, {"status": "red", "narrative": "", "version": version})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "needs a narrative" in body and 'href="#id_narrative"' in body
    response = client.post(url, {"status": "purple", "narrative": "x", "version": version})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url, {"status": "red", "narrative": "Partner withdrew; escalated to board.", "version": version}
    )
    assert response.status_code == 302
    saved = Update.objects.get(round=world.open_round, activity__code="V1.1")
    assert saved.status.code == "red" and saved.author == world.editor


def test_concurrent_edit_shows_conflict_and_keeps_text(client, world, login):
    url = reverse("plans_staff:update", args=["test-pcc", world.plan.slug, world.open_round.slug, "V1.1"])
    version = Update.objects.get(round=world.open_round, activity__code="V1.1").version
    from django.test import Client

    first = Client()
    first.force_login(world.approver)
    assert first.post(url, {"status": "green", "narrative": "Saved first", "version": version}).status_code == 302
    login(world.editor)
    response = client.post(url, {"status": "amber", "narrative": "My careful second text", "version": version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this record" in html
    assert "My careful second text" in html and "Saved first" in html
    assert Update.objects.get(round=world.open_round, activity__code="V1.1").narrative == "Saved first"
    # Saving again from the conflict page is a deliberate overwrite and succeeds.
    new_version = Update.objects.get(round=world.open_round, activity__code="V1.1").version
    assert f'value="{new_version}"' in html
    response = client.post(url, {"status": "amber", "narrative": "My careful second text", "version": new_version})
    assert response.status_code == 302


def test_update_form_on_closed_round_refuses(client, world, login):
    login(world.editor)
    url = reverse("plans_staff:update", args=["test-pcc", world.plan.slug, world.published_round.slug, "V1.1"])
    response = client.post(url, {"status": "green", "narrative": "late", "version": 1})
    assert response.status_code == 200 and "is closed" in response.content.decode()


def test_worklist_filters(client, world, login):
    from openpcc.bodies.models import Person

    Person.objects.filter(body=world.body).update(user=world.editor)
    login(world.editor)
    rnd = world.open_round
    Update.objects.filter(round=rnd, activity__code="V1.1").delete()
    url = reverse("plans_staff:round", args=["test-pcc", world.plan.slug, rnd.slug])
    assert "4 of 5 activities have an update" in client.get(url).content.decode()
    todo = client.get(url, {"show": "todo"}).content.decode()
    assert "Record update" in todo and ">O2.1<" not in todo
    mine = client.get(url, {"show": "mine"}).content.decode()
    assert ">V1.1<" in mine and ">O2.1<" in mine and "You" in mine
    mine_todo = client.get(url, {"show": "mine-todo"}).content.decode()
    assert ">V1.1<" in mine_todo and ">O2.1<" not in mine_todo
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert "show=mine-todo" in dashboard and "1 of 5" in dashboard


def test_open_round_and_add_priority_through_forms(client, world, login):
    login(world.editor)
    url = reverse("plans_staff:round_create", args=["test-pcc", world.plan.slug])
    response = client.post(url, {"name": "2017/18 Q1", "period_start": "2017-04-01", "period_end": "2017-06-30"})
    assert "already has a round" in response.content.decode()
    response = client.post(url, {"name": "2017/18 Q3", "period_start": "2017-10-01", "period_end": "2017-12-31"})
    assert response.status_code == 302
    url = reverse("plans_staff:priority_create", args=["test-pcc", world.plan.slug])
    theme = world.plan.themes.first()
    response = client.post(url, {"theme": theme.pk, "code": "V1", "text": "Duplicate"})
    html = response.content.decode()
    assert "V1 already exists" in html and 'href="#id_code"' in html
    assert client.post(url, {"theme": theme.pk, "code": "V9", "text": "New priority"}).status_code == 302
    assert world.plan.priorities.filter(code="V9").exists()


def test_priority_edit_view_and_history(client, world, login):
    login(world.editor)
    p = world.plan.priorities.get(code="V1")
    url = reverse("plans_staff:priority_edit", args=["test-pcc", world.plan.slug, "V1"])
    response = client.post(url, {"theme": p.theme_id, "code": "V1", "text": "Reworded", "version": p.version})
    assert response.status_code == 302
    stale = client.post(url, {"theme": p.theme_id, "code": "V1", "text": "Stale", "version": p.version})
    assert "Someone else changed this record" in stale.content.decode()
    history = client.get(reverse("staff:history", args=["test-pcc", "plans.priority", p.pk])).content.decode()
    assert "Reworded" in history and "Priority number 1 for Victims" in history and "Editor" in history


def test_approver_publishes_plan(client, world, login):
    login(world.approver)
    assert client.get("/test-pcc/plan/").content.decode().count("Draft plan") == 0
    url = reverse("plans_staff:plan_publish", args=["test-pcc", world.draft_plan.slug])
    assert client.post(url).status_code == 302
    world.draft_plan.refresh_from_db()
    assert world.draft_plan.is_published


def test_close_and_reopen_round(client, world, login):
    login(world.approver)
    args = ["test-pcc", world.plan.slug, world.open_round.slug]
    client.post(reverse("plans_staff:round_close", args=args))
    world.open_round.refresh_from_db()
    assert not world.open_round.is_open
    client.post(reverse("plans_staff:round_reopen", args=args))
    world.open_round.refresh_from_db()
    assert world.open_round.is_open
    assert Activity.objects.filter(priority__plan=world.plan).count() == 5
