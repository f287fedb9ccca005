"""Meeting day, as audited after issue 13: attendance recorded before the roster existed (the
demo's minutes, the archive importer) shows on the roster and survives a save unchanged; the
work programme offers only meetings to plan for; memberships cannot end before meetings the
member attended; "None declared" only when declarations were taken; the roster's errors link to
their fields; a calendar event's LAST-MODIFIED is the meeting's last change; a form's address
opened as a link is a page in the site's look."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from openpcc.meetings import services
from openpcc.meetings.forms import WorkItemForm
from openpcc.meetings.models import Attendance, CommitteeMember, Meeting, WorkProgrammeItem
from openpcc.meetings.names import match_name, name_tokens
from tests.factories import actor

pytestmark = pytest.mark.django_db


def _form_data(page_html: str) -> dict:
    """What a browser would post from the attendance page as it is shown: every input, select
    and textarea with its current value (a naive reader of the page's own markup)."""
    import html as html_lib
    import re

    data: dict[str, str] = {}
    for tag in re.finditer(r"<input\b[^>]*>", page_html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name:
            continue
        if kind in ("radio", "checkbox"):
            if " checked" in tag.group(0):
                data[name] = html_lib.unescape(attrs.get("value", "on"))
            continue
        data[name] = html_lib.unescape(attrs.get("value", ""))
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        data[select.group(1)] = html_lib.unescape(chosen.group(1)) if chosen else ""
    for area in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', page_html, re.S):
        data[area.group(1)] = html_lib.unescape(area.group(2).lstrip("\n"))
    return data


def _snapshot(meeting: Meeting) -> list[tuple]:
    fields = ("id", "name", "kind", "member_id", "substitute_for", "substitute_for_member_id", "role", "declarations")
    return list(Attendance.objects.filter(meeting=meeting).order_by("id").values_list(*fields))


# --- matching names ---------------------------------------------------------------------------


def test_names_match_across_titles_initials_case_and_punctuation():
    members = [(1, "Cllr A Dickinson"), (2, "Cllr Bull"), (3, "Edward Leigh"), (4, "Cllr K. Cuffley")]
    assert name_tokens("Councillor A. Dickinson") == ["a", "dickinson"]
    assert match_name("Councillor A. Dickinson", members) == 1
    assert match_name("A Dickinson", members) == 1
    assert match_name("Andrew Dickinson", members) == 1  # an initial agrees with a name
    assert match_name("cllr BULL", members) == 2
    assert match_name("Mr Edward Leigh", members) == 3
    assert match_name("Cllr K Cuffley", members) == 4
    assert match_name("B Dickinson", members) is None  # another initial: someone else
    assert match_name("Edwina Leigh", members) is None
    assert match_name("Jane Webb", members) is None
    assert match_name("Cllr", members) is None
    # two who might be meant: never guessed
    assert match_name("Cllr Bull", [(1, "Cllr J Bull"), (2, "Cllr K Bull")]) is None
    assert match_name("Cllr J Bull", [(1, "Cllr J Bull"), (2, "Cllr K Bull")]) == 1


def test_attendance_added_from_minutes_is_linked_to_the_members_it_names(world):
    m = world.meetings
    bull = services.committee_member_add(committee=m.committee, name="Cllr Bull", role="member", user=actor())
    sub = services.committee_member_add(committee=m.committee, name="Cllr A Dickinson", role="substitute", user=actor())
    gone = services.committee_member_add(
        committee=m.committee, name="Cllr Gone", role="member", start_date=m.held.date + timedelta(1), user=actor()
    )
    row = services.attendance_add(
        meeting=m.held, name="Councillor A. Dickinson", kind="substitute", substitute_for="Cllr Bull", user=actor()
    )
    assert row.member == sub and row.substitute_for_member == bull and row.substitute_for == "Cllr Bull"
    assert services.attendance_add(meeting=m.held, name="Bull", kind="apologies", user=actor()).member == bull
    # not a member on the day, an officer, a name twice: left unlinked
    assert services.attendance_add(meeting=m.held, name="Cllr Gone", kind="present", user=actor()).member is None
    assert gone.pk  # (a member only from the day after)
    assert services.attendance_add(meeting=m.held, name="Cllr Bull", kind="present", user=actor()).member is None
    officer = services.attendance_add(meeting=m.held, name="Cllr Bull", kind="officer", role="Clerk", user=actor())
    assert officer.member is None


# --- an imported meeting -----------------------------------------------------------------------------

MINUTES = """Minutes of the meeting of the Police, Fire and Crime Panel held on 12 March 2020 at County Hall, \
Northallerton

Present: Councillor Carl Les (Chair), Councillor Ann Myatt, Mr Ian Spencer and Mrs Jill Scott

In attendance: Julia Mulligan, Police, Fire and Crime Commissioner

Apologies for absence were received from Councillor Helen Grant and Councillor Tim Grogan.

39/20 Declarations of interest
There were no declarations.

40/20 Precept proposal 2020/21
RESOLVED: That the proposed precept be approved.
"""


def test_imported_attendance_is_linked_and_saves_unchanged(client, world, pinned_now):
    from openpcc.imports import reading
    from openpcc.imports import services as imports
    from openpcc.imports.models import Proposal

    batch = imports.batch_create(body=world.body, files=[("m.txt", MINUTES.encode())], source_name="m", user=actor())
    reading.batch_run(batch=batch, user=actor())
    proposal = Proposal.objects.get(body=world.body, kind="meeting")
    accepted = imports.proposal_accept(
        proposal=proposal, expected_version=proposal.version, user=world.editor, options={"create_committee": True}
    )
    meeting = Meeting.objects.get(pk=accepted.record_id)
    for name, role in (("Cllr Carl Les", "chair"), ("Cllr Ann Myatt", "member"), ("Cllr Helen Grant", "member")):
        services.committee_member_add(committee=meeting.committee, name=name, role=role, user=actor())
    attendance = Proposal.objects.get(body=world.body, kind="attendance")
    imports.proposal_accept(proposal=attendance, expected_version=attendance.version, user=world.editor)
    rows = {r.name: r for r in Attendance.objects.filter(meeting=meeting)}
    assert rows["Carl Les"].member.person.name == "Cllr Carl Les"
    assert rows["Helen Grant"].member.person.name == "Cllr Helen Grant" and rows["Helen Grant"].kind == "apologies"
    assert rows["Tim Grogan"].member is None and rows["Julia Mulligan"].member is None

    client.force_login(world.editor)
    url = reverse("meetings_staff:attendance", args=[world.body.slug, meeting.pk])
    page = client.get(url).content.decode()
    before = _snapshot(meeting)
    assert client.post(url, _form_data(page)).status_code == 302
    assert _snapshot(meeting) == before  # Tim Grogan keeps his apologies, off the roster
    assert "Tim Grogan" in page and 'value="apologies" selected' in page


def test_the_migration_links_rows_recorded_before(world):
    from importlib import import_module

    m = world.meetings
    bull = services.committee_member_add(committee=m.committee, name="Cllr Bull", role="member", user=actor())
    sub = services.committee_member_add(committee=m.committee, name="Cllr A Dickinson", role="substitute", user=actor())
    # rows as they were written before attendance_add linked them
    old_sub = Attendance.objects.create(
        meeting=m.held, name="Cllr A Dickinson", kind="substitute", substitute_for="Cllr Bull"
    )
    old_apology = Attendance.objects.create(meeting=m.held, name="Cllr Bull", kind="apologies")
    officer = Attendance.objects.create(meeting=m.held, name="Jane Webb", kind="officer")
    migration = import_module("openpcc.meetings.migrations.0005_link_attendance_to_members")
    migration.link(global_apps, None)
    for row in (old_sub, old_apology, officer):
        row.refresh_from_db()
    assert old_sub.member == sub and old_sub.substitute_for_member == bull and old_apology.member == bull
    assert officer.member is None


# --- "None declared" only when declarations were taken ----------------------------------------------


def test_none_declared_only_when_the_roster_recorded_declarations(client, world):
    m = world.meetings
    public_url = reverse("meetings:detail", args=[world.body.slug, m.held.pk])
    page = client.get(public_url).content.decode()
    assert "Members present" in page and "Declarations of interest" not in page  # recorded one by one
    chair = CommitteeMember.objects.get(committee=m.committee, person__name="Chair Person")
    services.attendance_save(
        meeting=m.held,
        expected_version=m.held.version,
        members=[{"member": chair, "kind": "present"}],
        declarations_taken=False,
        user=world.editor,
    )
    m.held.refresh_from_db()
    assert m.held.declarations_recorded_at is None
    assert "None declared" not in client.get(public_url).content.decode()
    services.attendance_save(
        meeting=m.held,
        expected_version=m.held.version,
        members=[{"member": chair, "kind": "present"}],
        declarations_taken=True,
        user=world.editor,
    )
    m.held.refresh_from_db()
    assert m.held.declarations_recorded_at is not None
    from django.core.cache import caches

    caches["default"].clear()
    assert "None declared" in client.get(public_url).content.decode()


# --- the roster's errors ------------------------------------------------------------------------------


def _roster_data(client, world, meeting) -> tuple[str, dict]:
    url = reverse("meetings_staff:attendance", args=[world.body.slug, meeting.pk])
    return url, _form_data(client.get(url).content.decode())


def test_roster_errors_link_to_their_fields_and_show_beside_them(client, world):
    m = world.meetings
    sub = services.committee_member_add(committee=m.committee, name="Sam Sub", role="substitute", user=actor())
    client.force_login(world.editor)
    url, data = _roster_data(client, world, m.held)
    line = next(k for k, v in data.items() if k.endswith("-member") and v == str(sub.pk)).rsplit("-", 1)[0]
    data[f"{line}-kind"] = "substitute"
    page = client.post(url, data).content.decode().replace("&#x27;", "'")
    assert f'<a href="#id_{line}-substitute_for">Sam Sub: say which member they substituted for.</a>' in page
    assert f'<p id="id_{line}-substitute_for-error" class="govuk-error-message">' in page
    assert f'aria-describedby="id_{line}-substitute_for-error"' in page
    # a member is never offered as their own substitute
    own = page.split(f'name="{line}-substitute_for"')[1].split("</select>")[0]
    assert ">Sam Sub<" not in own and ">Chair Person<" in own
    data[f"{line}-kind"] = "bogus"
    page = client.post(url, data).content.decode()
    assert f'href="#id_{line}-kind_0"' in page and f'id="id_{line}-kind-error"' in page


def test_a_roster_posted_without_its_management_data_says_so_plainly(client, world):
    client.force_login(world.editor)
    url, data = _roster_data(client, world, world.meetings.held)
    before = _snapshot(world.meetings.held)
    for broken in (
        {k: v for k, v in data.items() if not k.startswith("members-")},
        {**data, "members-TOTAL_FORMS": "x"},
        {k: v for k, v in data.items() if k != "version"},
        {},
    ):
        response = client.post(url, broken)
        page = response.content.decode()
        assert response.status_code == 200
        assert "The form was incomplete; reload the page and try again." in page
        assert "bug report" not in page and "ManagementForm" not in page
        assert "Chair Person" in page  # the roster is there to try again
    assert _snapshot(world.meetings.held) == before


# --- the work programme offers only meetings to plan for ------------------------------------------------


def test_work_programme_offers_only_coming_meetings(world, pinned_now):
    m = world.meetings
    today = timezone.localdate()
    cancelled = services.meeting_create(
        body=world.body, committee=m.committee, date=today + timedelta(40), user=actor()
    )
    services.meeting_cancel(meeting=cancelled, user=world.editor)
    briefing = services.meeting_create(
        body=world.body, committee=m.committee, date=today + timedelta(41), kind="private_briefing", user=actor()
    )
    offered = list(WorkItemForm(committee=m.committee).fields["meeting"].queryset)
    assert offered == [m.upcoming]
    labels = dict(WorkItemForm(committee=m.committee).fields["meeting"].choices)
    assert any(f"{m.upcoming.date:%-d %B %Y}: Public meeting" in str(v) for v in labels.values())
    assert not any("cancelled" in str(v) for v in labels.values())
    # an item still planned for a past meeting keeps it, said so; others are not offered
    item = services.work_item_add(committee=m.committee, meeting=m.held, title="Held item", user=actor())
    form = WorkItemForm(committee=m.committee, current=item.meeting)
    assert list(form.fields["meeting"].queryset) == [m.held, m.upcoming]
    held_label = dict(form.fields["meeting"].choices)
    assert any("(planned now: already held)" in str(v) for v in held_label.values())
    bad = WorkItemForm({"title": "X", "meeting": briefing.pk}, committee=m.committee)
    assert not bad.is_valid() and "meeting" in bad.errors


def test_removing_a_work_item_needs_the_current_version_and_keeps_history(client, world, pinned_now):
    item = WorkProgrammeItem.objects.get(meeting=world.meetings.upcoming)
    url = reverse("meetings_staff:work_item", args=[world.body.slug, item.pk])
    client.force_login(world.panel_member)  # may read, may not change
    assert client.post(url, {"form": "remove", "version": item.version}).status_code == 403
    client.force_login(world.editor)
    stale = client.post(url, {"form": "remove", "version": item.version + 5}, follow=True)
    assert "Someone else changed" in stale.content.decode() and WorkProgrammeItem.objects.filter(pk=item.pk).exists()
    assert client.post(url, {"form": "remove", "version": item.version}).status_code == 302
    removed = WorkProgrammeItem.history.filter(id=item.pk).order_by("-history_date").first()
    assert removed.history_type == "-" and removed.history_user == world.editor


# --- states: approving at a meeting not yet held; a cancelled meeting everywhere ------------------------


def test_approving_minutes_at_a_meeting_not_yet_held_is_refused_on_the_page(client, world, pinned_now):
    m = world.meetings
    client.force_login(world.editor)
    url = reverse("meetings_staff:approve_minutes", args=[world.body.slug, m.held.pk])
    page = client.post(url, {"approved_at": m.upcoming.pk}, follow=True).content.decode()
    assert "has not been held yet: record the approval after it" in page
    services.meeting_create(body=world.body, committee=m.committee, date=m.held.date + timedelta(1), user=actor())
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(meeting=m.held, approved_at=m.upcoming, user=world.editor)
    assert "has not been held yet" in " ".join(exc.value.messages)
    m.held.refresh_from_db()
    assert m.held.status == Meeting.Status.MINUTES_DRAFT


def test_a_cancelled_meeting_says_so_on_every_list_and_page(client, world, pinned_now):
    m = world.meetings
    services.meeting_cancel(meeting=m.upcoming, note="No business.", user=world.editor)
    listing = client.get(reverse("meetings:list", args=[world.body.slug])).content.decode()
    row = listing.split(f"/meetings/{m.upcoming.pk}/")[1].split("</tr>")[0]
    assert "Cancelled" in row or "cancelled" in row
    assert "should be published by" not in row and "Papers due" not in row and "Agenda due" not in row
    detail = client.get(reverse("meetings:detail", args=[world.body.slug, m.upcoming.pk])).content.decode()
    assert "cancelled" in detail.lower() and "should be published by" not in detail
    client.force_login(world.editor)
    staff = client.get(reverse("meetings_staff:meeting", args=[world.body.slug, m.upcoming.pk])).content.decode()
    assert "Cancelled" in staff and "Papers due by" not in staff
    committee = client.get(reverse("meetings_staff:committee", args=[world.body.slug, m.committee.slug]))
    assert (
        "Due by"
        not in committee.content.decode()
        .split("Earlier and cancelled meetings")[0]
        .split(f"/meetings/{m.upcoming.pk}/")[-1]
        .split("</tr>")[0]
    )


# --- the calendar's LAST-MODIFIED --------------------------------------------------------------------------


def test_a_calendar_event_is_last_modified_when_the_meeting_last_changed(client, world):
    m = world.meetings
    meeting = m.upcoming
    first_published = meeting.published_at
    services.meeting_edit(
        meeting=meeting,
        expected_version=meeting.version,
        user=world.editor,
        date=meeting.date,
        kind=meeting.kind,
        title="",
        start_time=None,
        end_time=None,
        venue="The new hall",
        theme="",
    )
    changed = Meeting.history.filter(id=meeting.pk).order_by("-history_date").first().history_date
    assert changed > first_published
    for url in (
        reverse("meetings:meeting_ics", args=[world.body.slug, meeting.pk]),
        reverse("meetings:ics", args=[world.body.slug]),
    ):
        cal = Calendar.from_ical(client.get(url).content)
        event = next(e for e in cal.walk("VEVENT") if str(e["uid"]).startswith(f"meeting-{meeting.pk}@"))
        assert event.decoded("last-modified") == changed.replace(microsecond=0), url


# --- a form's address opened as a link ---------------------------------------------------------------------


def test_a_post_only_address_opened_as_a_link_is_a_styled_page(client, world):
    m = world.meetings
    client.force_login(world.editor)
    for name in ("publish_agenda", "publish_minutes", "approve_minutes", "cancel"):
        response = client.get(reverse(f"meetings_staff:{name}", args=[world.body.slug, m.upcoming.pk]))
        page = response.content.decode()
        assert response.status_code == 405 and response["Allow"] == "POST", name
        assert "This address is for a button, not a link" in page and "govuk-template" in page
        assert f'href="/staff/{world.body.slug}/meetings/{m.upcoming.pk}/"' in page
    m.upcoming.refresh_from_db()
    assert m.upcoming.status == Meeting.Status.SCHEDULED
