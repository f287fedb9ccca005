"""A panel scrutiny officer on meeting day (issue 13): the attendance roster, meeting states
that tell the truth, late papers with their reason, the work programme and committee members
kept up to date, papers uploaded from every page, and what the public sees of it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openpcc.core.writing import ConflictError
from openpcc.decisions import services as decisions
from openpcc.meetings import deadlines, selectors, services
from openpcc.meetings.forms import MemberForm
from openpcc.meetings.models import Attendance, CommitteeMember, Meeting, WorkProgrammeItem
from tests.factories import actor

pytestmark = pytest.mark.django_db


# --- helpers ----------------------------------------------------------------------------------


def _members(world, *names_roles):
    m = world.meetings
    made = {"Chair Person": CommitteeMember.objects.get(committee=m.committee, person__name="Chair Person")}
    for name, role in names_roles:
        made[name] = services.committee_member_add(committee=m.committee, name=name, role=role, user=actor())
    return made


def _roster_post(roster, version, lines: dict, others=()):
    """The form data of the attendance screen: ``lines`` maps a member's name to (kind, substitute
    for, declarations)."""
    data = {
        "members-TOTAL_FORMS": str(len(roster.members)),
        "members-INITIAL_FORMS": str(len(roster.members)),
        "others-TOTAL_FORMS": str(max(3, len(others))),
        "others-INITIAL_FORMS": "0",
        "version": str(version),
    }
    ids = {r.member.person.name: r.member.pk for r in roster.members}
    for n, r in enumerate(roster.members):
        kind, sub, decl = lines.get(r.member.person.name, ("", "", ""))
        data[f"members-{n}-member"] = str(r.member.pk)
        data[f"members-{n}-kind"] = kind
        data[f"members-{n}-substitute_for"] = str(ids[sub]) if sub else ""
        data[f"members-{n}-declarations"] = decl
    for n, o in enumerate(others):
        for k, v in o.items():
            data[f"others-{n}-{k}"] = str(ids[v]) if k == "substitute_for" and v else v
    return data


# --- 1. attendance from the roster ------------------------------------------------------------------


def test_the_roster_lists_members_current_on_the_meeting_date(world):
    m = world.meetings
    _members(world, ("Ann Member", "member"))
    ended = services.committee_member_add(committee=m.committee, name="Old Member", role="member", user=actor())
    services.committee_member_end(
        member=ended, expected_version=ended.version, end_date=m.held.date - timedelta(days=1), user=actor()
    )
    future = services.committee_member_add(
        committee=m.committee,
        name="New Member",
        role="member",
        start_date=m.held.date + timedelta(days=1),
        user=actor(),
    )
    names = [r.member.person.name for r in selectors.attendance_roster(body=world.body, pk=m.held.pk).members]
    assert names[0] == "Chair Person"  # the chair first
    assert "Ann Member" in names and "Old Member" not in names and future.person.name not in names


def test_attendance_is_saved_in_one_go_and_shown_grouped(client, world):
    m = world.meetings
    made = _members(world, ("Ann Member", "member"), ("Bob Member", "member"), ("Sam Sub", "substitute"))
    roster = selectors.attendance_roster(body=world.body, pk=m.held.pk)
    client.force_login(world.editor)
    url = reverse("meetings_staff:attendance", args=[world.body.slug, m.held.pk])
    page = client.get(url).content.decode()
    for name in ("Chair Person", "Ann Member", "Bob Member", "Sam Sub", "How Ann Member attended"):
        assert name in page
    data = _roster_post(
        roster,
        m.held.version,
        {
            "Chair Person": ("present", "", "A relative works for the victims' hub."),
            "Ann Member": ("apologies", "", ""),
            "Bob Member": ("absent", "", ""),
            "Sam Sub": ("substitute", "Ann Member", ""),
        },
        others=[{"name": "Jo Officer", "kind": "officer", "role": "Chief Executive, OPCC"}],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = {r.name: r for r in Attendance.objects.filter(meeting=m.held)}
    assert rows["Chair Person"].kind == "present" and rows["Chair Person"].member == made["Chair Person"]
    assert (
        rows["Sam Sub"].substitute_for == "Ann Member" and rows["Sam Sub"].substitute_for_member == made["Ann Member"]
    )
    assert rows["Jo Officer"].kind == "officer" and rows["Jo Officer"].member is None
    assert rows["Bob Member"].kind == "absent"
    assert set(rows) == {"Chair Person", "Ann Member", "Bob Member", "Sam Sub", "Jo Officer"}  # the old row replaced
    public = client.get(reverse("meetings:detail", args=[world.body.slug, m.held.pk])).content.decode()
    for text in (
        "Members present",
        "Sam Sub for Ann Member",
        "Apologies",
        "Officers present",
        "Jo Officer, Chief Executive, OPCC",
        "Declarations of interest",
        "A relative works for the victims",
    ):
        assert text in public, text
    # saving the same again changes nothing and keeps one row each
    m.held.refresh_from_db()
    roster = selectors.attendance_roster(body=world.body, pk=m.held.pk)
    data = _roster_post(
        roster,
        m.held.version,
        {
            "Chair Person": ("present", "", "A relative works for the victims' hub."),
            "Ann Member": ("apologies", "", ""),
        },
        others=[{"name": "Jo Officer", "kind": "officer", "role": "Chief Executive, OPCC"}],
    )
    assert client.post(url, data).status_code == 302
    assert sorted(Attendance.objects.filter(meeting=m.held).values_list("name", flat=True)) == [
        "Ann Member",
        "Chair Person",
        "Jo Officer",
    ]


def test_bad_attendance_is_refused_with_the_name_and_nothing_changes(client, world):
    m = world.meetings
    _members(world, ("Ann Member", "member"), ("Sam Sub", "substitute"))
    roster = selectors.attendance_roster(body=world.body, pk=m.held.pk)
    before = list(Attendance.objects.filter(meeting=m.held).values_list("name", "kind"))
    client.force_login(world.editor)
    url = reverse("meetings_staff:attendance", args=[world.body.slug, m.held.pk])
    cases = [
        ({"Sam Sub": ("substitute", "", "")}, "Sam Sub: say which member they substituted for"),
        (
            {"Ann Member": ("present", "", ""), "Sam Sub": ("substitute", "Ann Member", "")},
            "Ann Member is recorded as present",
        ),
        ({"Ann Member": ("not-a-kind", "", "")}, "Ann Member"),
        ({"Ann Member": ("apologies", "", "I own shares")}, "a declaration of interest is made by someone present"),
    ]
    for lines, message in cases:
        response = client.post(url, _roster_post(roster, m.held.version, lines))
        page = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200 and message in page, message
        assert "nothing was saved" in page
    other = _roster_post(roster, m.held.version, {}, others=[{"name": "", "kind": "officer", "role": "Clerk"}])
    page = client.post(url, other).content.decode()
    assert "give the person's name" in page.replace("&#x27;", "'")
    assert list(Attendance.objects.filter(meeting=m.held).values_list("name", "kind")) == before


def test_attendance_saved_on_a_stale_form_is_refused(world):
    m = world.meetings
    made = _members(world, ("Ann Member", "member"))
    stale = m.held.version
    rows = [{"member": made["Chair Person"], "kind": "present"}, {"member": made["Ann Member"], "kind": "present"}]
    services.attendance_save(meeting=m.held, expected_version=stale, members=rows, user=world.editor)
    with pytest.raises(ConflictError):
        services.attendance_save(
            meeting=m.held,
            expected_version=stale,
            members=[{"member": made["Chair Person"], "kind": "apologies"}],
            user=world.editor,
        )
    assert Attendance.objects.get(meeting=m.held, member=made["Chair Person"]).kind == "present"


def test_only_apologies_before_the_meeting(world):
    m = world.meetings
    chair = CommitteeMember.objects.get(committee=m.committee)
    with pytest.raises(ValidationError) as exc:
        services.attendance_save(
            meeting=m.upcoming,
            expected_version=m.upcoming.version,
            members=[{"member": chair, "kind": "present"}],
            user=world.editor,
        )
    assert "Chair Person: only apologies" in exc.value.messages[0]
    services.attendance_save(
        meeting=m.upcoming,
        expected_version=m.upcoming.version,
        members=[{"member": chair, "kind": "apologies"}],
        user=world.editor,
    )


# --- 2. states that tell the truth ------------------------------------------------------------------


def test_minutes_are_approved_only_at_a_later_meeting_that_was_held(world, pinned_now):
    m = world.meetings
    held = m.held
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(meeting=held, approved_at=m.upcoming, user=world.editor)
    assert "has not been held yet" in exc.value.message_dict["approved_at"][0]
    earlier = services.meeting_create(
        body=world.body, committee=m.committee, date=held.date - timedelta(days=7), user=actor()
    )
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(meeting=held, approved_at=earlier, user=world.editor)
    assert "later meeting" in exc.value.message_dict["approved_at"][0]
    later = services.meeting_create(
        body=world.body, committee=m.committee, date=held.date + timedelta(days=7), user=actor()
    )
    services.meeting_cancel(meeting=later, user=world.editor)
    with pytest.raises(ValidationError) as exc:
        services.minutes_approve(meeting=held, approved_at=later, user=world.editor)
    assert "was cancelled" in exc.value.message_dict["approved_at"][0]
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=held, approved_at=None, user=world.editor)
    held.refresh_from_db()
    assert held.status == Meeting.Status.MINUTES_DRAFT
    next_one = services.meeting_create(
        body=world.body, committee=m.committee, date=held.date + timedelta(days=14), user=actor()
    )
    services.minutes_approve(meeting=held, approved_at=next_one, user=world.editor)
    held.refresh_from_db()
    next_one.refresh_from_db()
    assert held.status == Meeting.Status.MINUTES_APPROVED and held.minutes_approved_on == next_one.date
    assert next_one.status == Meeting.Status.HELD  # it took place: its record now says so


def test_the_approve_form_offers_only_later_meetings_that_took_place(world, pinned_now):
    from openpcc.meetings.forms import ApproveMinutesForm

    m = world.meetings
    later = services.meeting_create(
        body=world.body, committee=m.committee, date=m.held.date + timedelta(days=7), user=actor()
    )
    offered = list(ApproveMinutesForm(meeting=m.held).fields["approved_at"].queryset)
    assert later in offered and m.upcoming not in offered and m.held not in offered


def test_a_cancelled_meeting_has_no_agenda_due(client, world, pinned_now):
    m = world.meetings
    services.meeting_cancel(meeting=m.upcoming, note="No business.", user=world.editor)
    public = client.get(reverse("meetings:detail", args=[world.body.slug, m.upcoming.pk])).content.decode()
    assert "should be published by" not in public and "This meeting was cancelled" in public
    client.force_login(world.editor)
    staff = client.get(reverse("meetings_staff:meeting", args=[world.body.slug, m.upcoming.pk])).content.decode()
    assert "Papers due by" not in staff
    index = client.get(reverse("meetings_staff:index", args=[world.body.slug])).content.decode()
    row = index.split(f"/meetings/{m.upcoming.pk}/")[1].split("</tr>")[0]
    assert "Due by" not in row and "Cancelled" in row


def test_a_decision_dated_after_its_meeting_needs_a_reason(world, pinned_now):
    assert world.decisions.published  # the office's reference scheme is set
    meeting = world.meetings.held
    fields = {"subject": "Estates", "decision": "Sell the depot.", "meeting": meeting}
    with pytest.raises(ValidationError) as exc:
        decisions.decision_create(
            body=world.body, user=world.editor, fields={**fields, "decision_date": meeting.date + timedelta(days=3)}
        )
    assert "after the meeting" in exc.value.message_dict["date_reason"][0]
    draft = decisions.decision_create(body=world.body, user=world.editor, fields=fields)
    with pytest.raises(ValidationError) as exc:  # signing today, weeks after the meeting
        decisions.decision_sign(decision=draft, user=world.approver)
    assert "after the meeting" in exc.value.message_dict["date_reason"][0]
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.reference
    on_the_day = decisions.decision_edit(
        decision=draft, expected_version=draft.version, user=world.editor, fields={"decision_date": meeting.date}
    )
    signed = decisions.decision_sign(decision=on_the_day, user=world.approver)
    assert signed.decision_date == meeting.date
    late = decisions.decision_create(
        body=world.body,
        user=world.editor,
        fields={
            **fields,
            "decision_date": meeting.date + timedelta(days=3),
            "date_reason": "Confirmed once the valuation arrived.",
        },
    )
    assert decisions.decision_sign(decision=late, user=world.approver).decision_date == meeting.date + timedelta(3)


def test_the_decision_form_names_the_missing_reason(client, world, pinned_now):
    meeting = world.meetings.held
    client.force_login(world.editor)
    response = client.post(
        reverse("decisions_staff:create", args=[world.body.slug]),
        {
            "subject": "Estates",
            "decision": "Sell.",
            "decision_maker": "pcc",
            "category": "estates",
            "meeting": meeting.pk,
            "decision_date": (meeting.date + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Why it is dated after the meeting" in response.content.decode()
    assert "after the meeting at which it was taken" in response.content.decode()


# --- 3. late papers -----------------------------------------------------------------------------------


def test_working_days_late_agrees_with_is_late():
    meeting = date(2026, 6, 22)
    for offset in range(-20, 3):
        day = meeting + timedelta(days=offset)
        late_by = deadlines.working_days_late(day, meeting)
        assert (late_by > 0) == deadlines.is_late(day, meeting), day
        if day < meeting:
            assert late_by == max(0, deadlines.CLEAR_WORKING_DAYS - deadlines.clear_working_days_between(day, meeting))


def test_late_papers_need_the_reason_which_the_public_sees(client, world, pinned_now):
    m = world.meetings
    soon = services.meeting_create(
        body=world.body, committee=m.committee, date=timezone.localdate() + timedelta(days=2), user=actor()
    )
    services.agenda_item_add(meeting=soon, number="1", title="Urgent", user=actor())
    client.force_login(world.editor)
    staff_url = reverse("meetings_staff:meeting", args=[world.body.slug, soon.pk])
    late_by = deadlines.working_days_late(timezone.now(), soon.date)
    staff = client.get(staff_url).content.decode()
    assert f"late by {late_by} working day" in staff and "Why are the papers late?" in staff
    publish = reverse("meetings_staff:publish_agenda", args=[world.body.slug, soon.pk])
    response = client.post(publish, {"late_reason": "  "})
    assert response.status_code == 200 and "Give the reason they are late" in response.content.decode()
    soon.refresh_from_db()
    assert soon.agenda_published_at is None
    assert client.post(publish, {"late_reason": "The force's figures came a week late."}).status_code == 302
    soon.refresh_from_db()
    assert soon.agenda_published_at and soon.late_reason == "The force's figures came a week late."
    client.logout()
    public = client.get(reverse("meetings:detail", args=[world.body.slug, soon.pk])).content.decode()
    assert "Late papers" in public and "came a week late" in public.replace("&#x27;", "'")
    assert f"{late_by} working day" in public


def test_papers_in_time_need_no_reason(world):
    meeting = services.agenda_publish(meeting=world.meetings.upcoming, user=world.editor)
    assert meeting.agenda_published_at and meeting.late_reason == ""


# --- 4. work programme ----------------------------------------------------------------------------------


def test_work_programme_items_are_edited_moved_and_removed_with_history(client, world, pinned_now):
    m = world.meetings
    item = WorkProgrammeItem.objects.get(meeting=m.upcoming)
    later = services.meeting_create(
        body=world.body, committee=m.committee, date=m.upcoming.date + timedelta(days=30), user=actor()
    )
    client.force_login(world.editor)
    url = reverse("meetings_staff:work_item", args=[world.body.slug, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form": "edit",
            "title": "Victims theme: annual report",
            "meeting": later.pk,
            "responsible": "OPCC",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.meeting == later and item.title == "Victims theme: annual report"
    assert item.history.first().history_change_reason.startswith("Moved to")
    stale = client.post(url, {"form": "edit", "title": "Other", "meeting": "", "version": item.version - 1})
    assert stale.status_code == 200 and "Someone else changed" in stale.content.decode()
    blank = client.post(url, {"form": "edit", "title": " ", "version": item.version})
    assert blank.status_code == 200 and "title" in blank.content.decode()
    assert client.post(url, {"form": "remove", "version": item.version}).status_code == 302
    assert not WorkProgrammeItem.objects.filter(pk=item.pk).exists()
    removed = WorkProgrammeItem.history.filter(id=item.pk).order_by("-history_date").first()
    assert removed.history_type == "-" and removed.history_change_reason == "Removed from the work programme"


def test_past_meetings_are_not_coming(client, world, pinned_now):
    m = world.meetings
    services.work_item_add(committee=m.committee, meeting=m.held, title="Held theme item", user=actor())
    blocks = selectors.work_programme_list(body=world.body, public=True)
    coming = [meeting for b in blocks for meeting, _ in b.meetings]
    assert m.held not in coming and m.upcoming in coming
    public = client.get(reverse("meetings:work_programme", args=[world.body.slug])).content.decode()
    assert "Held theme item" not in public
    client.force_login(world.editor)
    staff = client.get(reverse("meetings_staff:committee", args=[world.body.slug, m.committee.slug])).content.decode()
    coming_part, _, earlier_part = staff.partition("Earlier and cancelled meetings")
    assert "Held theme item" not in coming_part.split("Coming meetings")[1] and "Held theme item" in earlier_part


# --- 5. committee members --------------------------------------------------------------------------------


def test_a_new_member_is_not_a_chair_by_default():
    assert MemberForm().fields["role"].initial == CommitteeMember.Role.MEMBER
    assert 'value="member" selected' in str(MemberForm()["role"])


def test_members_are_edited_and_ended(client, world, pinned_now):
    m = world.meetings
    member = services.committee_member_add(committee=m.committee, name="Ann Member", role="member", user=actor())
    client.force_login(world.editor)
    url = reverse("meetings_staff:member", args=[world.body.slug, m.committee.slug, member.pk])
    assert "Ann Member" in client.get(url).content.decode()
    response = client.post(
        url, {"form": "edit", "role": "vice_chair", "representing": "Fenland District Council", "version": 1}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "vice_chair" and member.representing == "Fenland District Council"
    bad = client.post(url, {"form": "end", "end-end_date": "", "end-version": member.version})
    assert bad.status_code == 200 and "Membership ended on" in bad.content.decode()
    backwards = client.post(
        url,
        {"form": "edit", "role": "member", "start_date": "2026-05-01", "end_date": "2026-04-01", "version": 2},
    )
    assert "cannot end" in backwards.content.decode()
    ended_on = timezone.localdate() - timedelta(days=1)
    assert client.post(url, {"form": "end", "end-end_date": ended_on.isoformat(), "end-version": 2}).status_code == 302
    member.refresh_from_db()
    assert member.end_date == ended_on
    public = client.get(reverse("meetings:committee", args=[world.body.slug, m.committee.slug])).content.decode()
    assert "Former members" in public and "Ann Member" in public.split("Former members")[1]
    roster = selectors.attendance_roster(body=world.body, pk=m.upcoming.pk)
    assert member not in [r.member for r in roster.members]
    assert member in [r.member for r in selectors.attendance_roster(body=world.body, pk=m.held.pk).members]


# --- 6. upload a paper from every page ---------------------------------------------------------------------


def test_upload_is_linked_from_meeting_item_report_and_decision_pages(client, world):
    m, d = world.meetings, world.decisions
    client.force_login(world.editor)
    b = world.body.slug
    item = m.report.agenda_item
    meeting_page = client.get(reverse("meetings_staff:meeting", args=[b, m.held.pk])).content.decode()
    assert reverse("documents_staff:upload", args=[b, "meeting", m.held.pk]) in meeting_page
    assert reverse("documents_staff:upload", args=[b, "item", item.pk]) in meeting_page
    item_page = client.get(reverse("meetings_staff:item_edit", args=[b, m.held.pk, item.pk])).content.decode()
    assert reverse("documents_staff:upload", args=[b, "item", item.pk]) in item_page
    report_page = client.get(reverse("meetings_staff:report_edit", args=[b, m.held.pk, item.pk])).content.decode()
    assert reverse("documents_staff:upload", args=[b, "report", m.report.pk]) in report_page
    decision_page = client.get(reverse("decisions_staff:detail", args=[b, d.draft.pk])).content.decode()
    assert reverse("documents_staff:upload", args=[b, "decision", d.draft.pk]) in decision_page
    for url in (
        reverse("documents_staff:upload", args=[b, "meeting", m.held.pk]),
        reverse("documents_staff:upload", args=[b, "item", item.pk]),
        reverse("documents_staff:upload", args=[b, "decision", d.draft.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(world.panel_member)  # reads, may not upload: no link
    page = client.get(reverse("meetings_staff:meeting", args=[b, m.held.pk])).content.decode()
    assert "/documents/upload/" not in page


# --- 7. the dashboard says roles in words ------------------------------------------------------------------


def test_dashboard_says_roles_in_words(client, world):
    client.force_login(world.panel_member)
    page = client.get(reverse("staff:dashboard")).content.decode()
    assert "Panel member" in page and "panel_member" not in page


# --- 8. the public meeting list -----------------------------------------------------------------------------


def test_past_meetings_never_claim_to_be_scheduled(client, world, pinned_now):
    m = world.meetings
    past = services.meeting_create(
        body=world.body, committee=m.committee, date=date(2018, 3, 14), venue="Shire Hall", user=actor()
    )
    imported = services.meeting_create(
        body=world.body, committee=m.committee, date=date(2018, 1, 10), imported=True, user=actor()
    )
    page = client.get(reverse("meetings:list", args=[world.body.slug])).content.decode()
    row = page.split(f"/meetings/{past.pk}/")[1].split("</tr>")[0]
    assert "Minutes to follow" in row and "Scheduled" not in row
    assert "Minutes not recorded" in page.split(f"/meetings/{imported.pk}/")[1].split("</tr>")[0]
    training = services.meeting_create(
        body=world.body, committee=m.committee, date=date(2018, 2, 7), kind=Meeting.Kind.TRAINING, user=actor()
    )
    page = client.get(reverse("meetings:list", args=[world.body.slug])).content.decode()
    held = page.split(f"/meetings/{training.pk}/")[1].split("</tr>")[0]
    assert "Held" in held and "Minutes to follow" not in held  # a training session keeps no minutes
    # the link says what the meeting was: committee, kind, date and status
    link = page.split(f'/meetings/{past.pk}/">')[1].split("</a>")[0]
    for text in ("Business Coordination Board", "public meeting", "14 March 2018", "minutes to follow"):
        assert text in link, text
    detail = client.get(reverse("meetings:detail", args=[world.body.slug, past.pk])).content.decode()
    assert "should be published by" not in detail
    detail = client.get(reverse("meetings:detail", args=[world.body.slug, imported.pk])).content.decode()
    assert "archive" in detail and "should be published by" not in detail
    upcoming = client.get(reverse("meetings:detail", args=[world.body.slug, m.upcoming.pk])).content.decode()
    assert "should be published by" in upcoming


def test_body_home_and_committee_show_the_next_meeting_and_latest_minutes(client, world, pinned_now):
    m = world.meetings
    for url in (
        reverse("public:body_home", args=[world.body.slug]),
        reverse("meetings:committee", args=[world.body.slug, m.committee.slug]),
    ):
        page = client.get(url).content.decode()
        next_part = page.split("Next meeting")[1].split("Latest minutes")[0]
        latest_part = page.split("Latest minutes")[1].split("</dd>")[0]
        assert f"/meetings/{m.upcoming.pk}/" in next_part, url
        assert f"/meetings/{m.held.pk}/" in latest_part, url


def test_imported_meetings_are_marked_by_the_importer(world):
    from openpcc.imports import reading
    from openpcc.imports import services as imports
    from openpcc.imports.models import Proposal

    text = "Minutes of the meeting of the Audit Committee held on 3 June 2019 at Headquarters\n1. Audit\nNoted.\n"
    batch = imports.batch_create(body=world.body, files=[("m.txt", text.encode())], source_name="m", user=actor())
    reading.batch_run(batch=batch, user=actor())
    proposal = Proposal.objects.get(body=world.body, kind="meeting")
    accepted = imports.proposal_accept(
        proposal=proposal, expected_version=proposal.version, user=world.editor, options={"create_committee": True}
    )
    assert Meeting.objects.get(pk=accepted.record_id).imported
