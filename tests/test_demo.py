"""The demo loader: the seeds' facts arrive through the services, and it is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from openpcc.core.models import Body
from openpcc.plans.models import Commitment, Priority, PriorityStatus, ReportingRound

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for these tests (which only read it) and taken away after them; its
    papers' files are in the folder it gives."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        # as `make run` loads it, with its background worker's text extraction done at once
        immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
        with override_settings(DEBUG=True, TASKS=immediate, MEDIA_ROOT=media):
            call_command("load_demo", quiet=True)
        yield media
        call_command("flush", interactive=False, verbosity=0)


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


def test_demo_is_idempotent(demo, capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "already loaded" in out and "officer" in out and "openpcc-demo" in out
    assert Body.objects.count() == 3


def test_demo_panel_meetings(demo, client):
    from openpcc.meetings.models import Action, AgendaItem, Meeting, Question

    sept = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-09-06")
    numbers = list(AgendaItem.objects.filter(meeting=sept).values_list("number", flat=True))
    assert numbers == [str(n) for n in range(16, 28)]
    assert Question.objects.filter(item__meeting=sept, item__number="22").count() >= 10
    fire = AgendaItem.objects.get(meeting=sept, number="22")
    assert fire.resolution == "recommendation" and fire.resolution_reasons
    assert sept.status == Meeting.Status.MINUTES_APPROVED
    assert sept.attendance.filter(kind="apologies").count() >= 1
    assert sept.attendance.filter(kind="substitute").exclude(substitute_for="").exists()
    assert Action.objects.filter(body__slug="cambridgeshire-panel").exists()
    nov = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-11-15")
    assert nov.items.filter(report__isnull=False).count() >= 5
    html = client.get(f"/cambridgeshire-panel/meetings/{sept.pk}/").content.decode()
    assert "Fire" in html and "Reasons:" in html
    wp = client.get("/cambridgeshire-panel/work-programme/").content.decode()
    assert "Possible topics for future reports" in wp


def test_demo_boards(demo, client):
    from openpcc.meetings.models import Meeting, Report

    bcb = Meeting.objects.get(body__slug="cambridgeshire-pcc", date="2017-09-21")
    titles = " ".join(bcb.items.values_list("title", flat=True))
    assert "Integrated Mental Health Team" in titles and "Chord" in titles and "Disaster Victim" in titles
    assert Report.objects.filter(body__slug="west-midlands-pcc", agenda_item__meeting__date="2020-05-19").exists()
    html = client.get("/cambridgeshire-pcc/plan/V5/").content.decode()
    assert "Report:" in html  # golden thread from the Board's victims reports


def test_demo_decisions(demo, client):
    from openpcc.decisions.models import Decision, ForwardDecision, Notification

    refs = set(Decision.objects.filter(body__slug="cambridgeshire-pcc").values_list("reference", flat=True))
    assert {
        "CPCC 2017-008",
        "CPCC 2017-12",
        "CPCC 2017-19",
        "CPCC 2017-020",
        "CPCC 2017-021",
        "CPCC 2017-022",
        "CPCC 2017-023",
    } <= refs
    imht = Decision.objects.get(reference="CPCC 2017-020")
    assert imht.amount == 150000 and imht.reports.exists() and imht.meeting is not None
    assert Notification.objects.filter(agenda_item__meeting__date="2017-11-15", decision=imht).exists()
    assert Notification.objects.filter(response="noted").count() == 3
    assert ForwardDecision.objects.filter(body__slug="cambridgeshire-pcc").count() >= 5
    html = client.get("/cambridgeshire-pcc/decisions/cpcc-2017-020/").content.decode()
    assert "Integrated Mental Health Team" in html and "Cambridgeshire Police and Crime Panel" in html


def test_demo_is_searchable(demo, client):
    from openpcc.search.backends import search

    assert search('"domestic abuse"').total >= 3
    assert search("Chord Park").total >= 2
    html = client.get("/search/", {"q": "mental health", "body": "cambridgeshire-pcc"}).content.decode()
    assert "<mark>" in html


def test_demo_gives_every_activity_a_lead_who_can_sign_in(demo, capsys, settings):
    """The quarterly round in the demo: each Cambridgeshire activity's priority has an OPCC lead
    with an account that can sign in, edit the plan and be e-mailed, and some lead several."""
    from collections import Counter

    from openpcc.core.permissions import EDIT_ROLES, has_role
    from openpcc.demo.management.commands.load_demo import DEMO_USERS
    from openpcc.plans.models import Activity

    demo_usernames = {u[0] for u in DEMO_USERS}  # each has the demo password under DJANGO_DEBUG
    body = Body.objects.get(slug="cambridgeshire-pcc")
    activities = list(Activity.objects.filter(priority__plan__body=body).select_related("priority__opcc_lead__user"))
    assert len(activities) == 44
    leads = Counter()
    for activity in activities:
        lead = activity.priority.opcc_lead
        assert lead is not None and lead.user is not None, activity.code
        user = lead.user
        assert user.is_active and user.has_usable_password() and user.username in demo_usernames
        assert user.email and has_role(user, body, EDIT_ROLES)
        leads[user.username] += 1
    assert sum(1 for n in leads.values() if n >= 5) >= 2, leads
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    for username in leads:  # every lead's sign-in is printed
        assert f"  {username} " in out


def test_demo_papers_are_where_their_records_are(demo, client, settings):
    """Each demo report has its paper (a Word document whose text is extracted), the Panel's
    agenda plan is a paper on an item with no report, and the bodies' papers pages list them."""
    from openpcc.documents.models import Document
    from openpcc.meetings.models import Report

    reports = Report.objects.filter(agenda_item__isnull=False)
    papers = Document.objects.all()
    assert papers.count() == reports.count() + 2
    assert all(d.status == Document.Status.DONE and d.text for d in papers)
    report = reports.filter(body__slug="cambridgeshire-panel").order_by("id").first()
    paper = report.documents.get()
    assert report.title in paper.text and (report.purpose.split()[0] in paper.text)
    listing = client.get("/cambridgeshire-panel/documents/").content.decode()
    assert f"/cambridgeshire-panel/documents/{paper.pk}/" in listing and "Agenda plan (November 2017)" in listing
    item = Document.objects.get(title="Agenda plan (November 2017)").parent
    meeting_page = client.get(f"/cambridgeshire-panel/meetings/{item.meeting_id}/").content.decode()
    assert "Agenda plan (November 2017)" in meeting_page
    settings.MEDIA_ROOT = demo
    download = client.get(f"/cambridgeshire-panel/documents/{paper.pk}/file/", follow=True)
    assert download.status_code == 200 and download.redirect_chain[0][0].endswith(".docx")
