"""Public meetings pages, calendar, feed, golden thread, bounded queries and the staff journey."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from openpcc.meetings import services
from openpcc.meetings.models import Action, AgendaItem, Meeting
from tests.factories import EXEMPT_MARKER, PRIVATE_MARKER, actor, body_make, meetings_make, plan_make

pytestmark = pytest.mark.django_db


def test_meeting_page_shows_agenda_minutes_and_hides_exempt(client, world):
    m = world.meetings
    html = client.get(reverse("meetings:detail", args=["test-pcc", m.held.pk])).content.decode()
    for text in (
        "Victims commissioning",
        "Victim services commissioning",
        "How many victims were supported?",
        "Over 4,000.",
        "Resolved: Noted.",
        "Circulate the figures",
        "Chair Person",
        "Draft: to be approved",
        "Commercially sensitive (paragraph 3)",
        "Exempt item",
        "Commissioning paper",
    ):
        assert text in html, text
    assert EXEMPT_MARKER not in html


def test_private_briefing_is_listed_without_papers(client, world, login):
    url = reverse("meetings:detail", args=["test-pcc", world.meetings.private.pk])
    html = client.get(url).content.decode()
    assert "Private briefing" in html and "not open to the public" in html and PRIVATE_MARKER not in html
    login(world.panel_member)
    staff = client.get(reverse("meetings_staff:meeting", args=["test-pcc", world.meetings.private.pk]))
    assert PRIVATE_MARKER in staff.content.decode()
    f = world.meetings.private_file
    download = client.get(reverse("documents_staff:file", args=["test-pcc", f.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")


def test_upcoming_meeting_without_agenda_shows_deadline(client, world):
    html = client.get(reverse("meetings:detail", args=["test-pcc", world.meetings.upcoming.pk])).content.decode()
    assert "have not been published yet" in html and "Draft item" not in html


def test_late_papers_are_flagged(client, world, login):
    m = services.meeting_create(
        body=world.body, committee=world.meetings.committee, date=timezone.localdate() + timedelta(days=3), user=actor()
    )
    services.agenda_item_add(meeting=m, number="1", title="Urgent business", user=actor())
    services.agenda_publish(meeting=m, user=actor())
    assert "Late papers" in client.get(reverse("meetings:detail", args=["test-pcc", m.pk])).content.decode()
    login(world.editor)
    assert "Late papers" in client.get(reverse("staff:dashboard")).content.decode()
    assert "Late papers" in client.get(reverse("meetings_staff:index", args=["test-pcc"])).content.decode()


@pytest.mark.whole_world
def test_meetings_list_filters(client, world):
    url = reverse("meetings:list", args=["test-pcc"])
    html = client.get(url).content.decode()
    assert "Upcoming meetings" in html and "Past meetings" in html
    year = world.meetings.held.date.year
    assert f'value="{year}"' in html
    html = client.get(url, {"committee": "no-such"}).content.decode()
    assert "Town Hall" not in html


def test_ics_is_valid_and_marks_cancelled(client, world):
    services.meeting_cancel(meeting=world.meetings.upcoming, note="Not quorate", user=actor())
    response = client.get(reverse("meetings:ics", args=["test-pcc"]), {"committee": world.meetings.committee.slug})
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in events}
    assert statuses[f"meeting-{world.meetings.upcoming.pk}@test-pcc.openpcc"] == "CANCELLED"
    assert statuses[f"meeting-{world.meetings.held.pk}@test-pcc.openpcc"] == "CONFIRMED"
    assert all("DTSTART" in e for e in events)


@pytest.mark.whole_world
def test_feed_is_atom_with_papers_and_minutes(client, world):
    response = client.get(reverse("public:body_feed", args=["test-pcc"]))
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert any(t.startswith("Agenda and papers:") for t in titles)
    assert any(t.startswith("Minutes (draft):") for t in titles)
    assert any(t.startswith("Plan delivery report: 2017/18 Q1") for t in titles)
    assert PRIVATE_MARKER not in response.content.decode()
    assert not any("Private" in t for t in titles)


def test_open_actions_carry_over_to_later_meetings(client, world):
    later = services.meeting_create(
        body=world.body,
        committee=world.meetings.committee,
        date=world.meetings.held.date + timedelta(days=7),
        user=actor(),
    )
    services.agenda_item_add(meeting=later, number="1", title="Matters arising", user=actor())
    services.agenda_publish(meeting=later, user=actor())
    html = client.get(reverse("meetings:detail", args=["test-pcc", later.pk])).content.decode()
    assert "Open actions from earlier meetings" in html and "Circulate the figures" in html
    assert EXEMPT_MARKER not in html
    services.action_close(action=world.meetings.action, note="Sent.", user=actor())
    html = client.get(reverse("meetings:detail", args=["test-pcc", later.pk])).content.decode()
    assert "Circulate the figures" not in html


@pytest.mark.whole_world
def test_action_log_and_work_programme(client, world):
    html = client.get(reverse("meetings:actions", args=["test-pcc"])).content.decode()
    assert "Circulate the figures" in html and "Overdue" in html and EXEMPT_MARKER not in html
    html = client.get(reverse("meetings:work_programme", args=["test-pcc"])).content.decode()
    assert "Victims theme report" in html and "Possible topic: rural crime" in html and PRIVATE_MARKER not in html


@pytest.mark.whole_world
def test_priority_page_shows_the_golden_thread(client, world):
    html = client.get("/test-pcc/plan/V1/").content.decode()
    assert "Report: Victim services commissioning" in html and "Item 5: Victims commissioning" in html
    assert EXEMPT_MARKER not in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx)


def test_query_counts_do_not_grow(client, db, django_assert_max_num_queries):
    counts = {}
    for slug, n in (("q-small", 1), ("q-big", 8)):
        body, other = body_make(slug), body_make(f"{slug}-other")
        plan = plan_make(body, priorities=3)
        mw = None
        for _ in range(n):
            mw = meetings_make(body, other, plan) if mw is None else _more(mw)
        counts[slug] = [
            _count(client, reverse(name, args=args))
            for name, args in [
                ("meetings:list", [slug]),
                ("meetings:detail", [slug, mw.held.pk]),
                ("meetings:actions", [slug]),
                ("meetings:work_programme", [slug]),
                ("public:body_feed", [slug]),
                ("meetings:ics", [slug]),
                ("meetings:report", [slug, mw.report.pk]),
                ("plans:priority", [slug, "V1"]),
                ("public:body_home", [slug]),
            ]
        ]
    assert counts["q-small"] == counts["q-big"]
    with django_assert_max_num_queries(18):  # with the items' and the meeting's own papers, and its agenda packs
        client.get(reverse("meetings:detail", args=["q-big", mw.held.pk]))


def _more(mw):
    """Add another held meeting with items, questions, actions and planned items to the same committee."""
    body = mw.committee.body
    held = services.meeting_create(
        body=body, committee=mw.committee, date=mw.held.date - timedelta(days=14), user=actor()
    )
    for n in range(3):
        item = services.agenda_item_add(meeting=held, number=str(n + 1), title=f"Item {n}", user=actor())
        services.report_save(body=body, agenda_item=item, fields={"title": f"Report {n}"}, user=actor())
        services.question_add(item=item, letter="a", question="Q?", response="A.", user=actor())
        services.action_raise(meeting=held, agenda_item=item, text="Do it", owner="OPCC", user=actor())
    services.agenda_publish(meeting=held, when=timezone.now() - timedelta(days=30), user=actor())
    services.attendance_add(meeting=held, name="Member", kind="present", user=actor())
    services.minutes_publish_draft(meeting=held, user=actor())
    services.work_item_add(committee=mw.committee, meeting=mw.upcoming, title="More", user=actor())
    mw.held = held
    return mw


def test_staff_query_counts_do_not_grow(client, db):
    from openpcc.core.models import Role
    from tests.factories import user_make

    counts = []
    for slug, n in (("sq-small", 1), ("sq-big", 6)):
        body, other = body_make(slug), body_make(f"{slug}-other")
        user = user_make(f"u-{slug}", (body, Role.SECRETARIAT))
        mw = meetings_make(body, other, plan_make(body, priorities=2))
        for _ in range(n - 1):
            mw = _more(mw)
        client.force_login(user)
        item = mw.held.items.first()
        counts.append(
            [
                _count(client, reverse(name, args=args))
                for name, args in [
                    ("meetings_staff:index", [slug]),
                    ("meetings_staff:meeting", [slug, mw.held.pk]),
                    ("meetings_staff:actions", [slug]),
                    ("meetings_staff:committee", [slug, mw.committee.slug]),
                    ("meetings_staff:minutes", [slug, mw.held.pk, item.pk]),
                    ("staff:dashboard", []),
                ]
            ]
        )
        client.logout()
    assert counts[0] == counts[1]


def test_secretariat_journey_through_the_forms(client, world, login):
    login(world.editor)
    b = "test-pcc"
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    r = client.post(
        reverse("meetings_staff:meeting_create", args=[b]),
        {
            "committee": world.meetings.committee.pk,
            "kind": "public",
            "date": day,
            "start_time": "14:00",
            "end_time": "13:00",
            "venue": "Fenland Hall",
        },
    )
    assert "cannot end (13:00) before it starts (14:00)" in r.content.decode()
    r = client.post(
        reverse("meetings_staff:meeting_create", args=[b]),
        {
            "committee": world.meetings.committee.pk,
            "kind": "public",
            "date": day,
            "start_time": "14:00",
            "venue": "Fenland Hall",
            "theme": "Communities",
        },
    )
    meeting = Meeting.objects.get(venue="Fenland Hall")
    assert r.status_code == 302
    item_url = reverse("meetings_staff:item_create", args=[b, meeting.pk])
    assert client.post(item_url, {"number": "5", "title": "Communities theme"}).status_code == 302
    r = client.post(item_url, {"number": "5", "title": "Duplicate"})
    assert "Item 5 is already on this agenda" in r.content.decode()
    item = AgendaItem.objects.get(meeting=meeting, number="5")
    r = client.post(
        reverse("meetings_staff:report_edit", args=[b, meeting.pk, item.pk]),
        {
            "title": "Communities report",
            "classification": "OFFICIAL",
            "recommendations": "Note the report",
            "background_documents": "Police and Crime Plan | https://example.org/plan",
            "priorities": [world.plan.priorities.get(code="V1").pk],
        },
    )
    assert r.status_code == 302
    assert client.post(reverse("meetings_staff:publish_agenda", args=[b, meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_published_at
    public = client.get(reverse("meetings:detail", args=[b, meeting.pk])).content.decode()
    assert "Communities report" in public
    # Minutes before the meeting are refused.
    r = client.post(
        reverse("meetings_staff:minutes", args=[b, meeting.pk, item.pk]),
        {
            "form": "minutes",
            "minutes": "x",
            "resolution": "noted",
            "resolution_text": "Noted",
            "version": item.version,
        },
    )
    assert "once the meeting has taken place" in r.content.decode()
    # Actions need owners.
    r = client.post(reverse("meetings_staff:action_create", args=[b, world.meetings.held.pk]), {"text": "Report back"})
    assert "needs an owner" in r.content.decode()
    r = client.post(
        reverse("meetings_staff:action_create", args=[b, world.meetings.held.pk]),
        {"text": "Report back", "owner": "Chief Executive"},
    )
    action = Action.objects.get(text="Report back")
    url = reverse("meetings_staff:action", args=[b, action.pk])
    assert client.post(url, {"form": "update", "text": "Drafting"}).status_code == 302
    assert client.post(url, {"form": "close", "note": "Reported in November"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "closed" and action.updates.count() == 1


def test_an_agenda_published_for_a_later_time_is_under_embargo_until_then(
    client, world, settings, django_capture_on_commit_callbacks
):
    """A release time in the future is an embargo: the meeting stays listed, its papers wait; at
    the time, a task the release scheduled brings the search index up to date."""
    import time_machine
    from django_tasks import default_task_backend

    from openpcc.documents.services import document_add
    from openpcc.search.backends import search
    from tests.factories import _pdf

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    m = world.meetings
    item = services.agenda_item_add(meeting=m.upcoming, number="2", title="Budget and precept", user=actor())
    report = services.report_save(
        body=world.body,
        agenda_item=item,
        fields={"title": "Precept proposal EMBARGOEDPAPER", "purpose": "Set it."},
        user=actor(),
    )
    paper = document_add(
        parent=report, upload=_pdf("precept.pdf", "EMBARGOEDPAPER figures"), title="Precept", user=actor()
    )
    release = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(meeting=m.upcoming, when=release, user=actor())
    b = world.body.slug

    def visible() -> dict[str, bool]:
        page = client.get(reverse("meetings:detail", args=[b, m.upcoming.pk])).content.decode()
        feed = client.get(reverse("public:body_feed", args=[b])).content.decode()
        return {
            "meeting page": "EMBARGOEDPAPER" in page,
            "report": client.get(reverse("meetings:report", args=[b, report.pk])).status_code == 200,
            "paper": client.get(reverse("documents:file", args=[b, paper.pk, paper.download_name])).status_code == 200,
            "feed": f"/meetings/{m.upcoming.pk}/" in feed,
            "search": bool(search("EMBARGOEDPAPER").hits),
        }

    assert f"/meetings/{m.upcoming.pk}/" in client.get(reverse("meetings:list", args=[b])).content.decode()
    assert not any(visible().values()), visible()
    (scheduled,) = [r for r in default_task_backend.results if r.task.name == "reindex_record"]
    assert scheduled.task.run_after == release
    with time_machine.travel(release + timedelta(minutes=1)):
        scheduled.task.call(*scheduled.args, **scheduled.kwargs)  # what the worker runs at that time
        assert all(visible().values()), visible()


def test_a_report_and_its_paper_are_saved_together_or_not_at_all(client, world, login):
    """One change: a paper that is refused leaves the report as it was (issue 12)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from openpcc.meetings.models import Report

    login(world.editor)
    report = world.meetings.report
    item = report.agenda_item
    url = reverse("meetings_staff:report_edit", args=[world.body.slug, item.meeting_id, item.pk])
    form = {
        "title": "Renamed report",
        "classification": "OFFICIAL",
        "version": report.version,
        "attachment": SimpleUploadedFile("paper.pdf", b"this is not a PDF"),
    }
    r = client.post(url, form)
    assert r.status_code == 200 and "is called a PDF but is not one" in r.content.decode()
    report.refresh_from_db()
    assert report.title == "Victim services commissioning" and report.documents.count() == 1
    assert not Report.history.filter(id=report.pk, title="Renamed report").exists()
    form["attachment"] = SimpleUploadedFile("notes.txt", b"Notes for the board")
    assert client.post(url, form).status_code == 302
    report.refresh_from_db()
    assert report.title == "Renamed report" and report.documents.count() == 2
