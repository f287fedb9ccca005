"""The demo's minuted meeting of 6 September 2017 (issue 13's audit): the attendance loaded
from its minutes is on the roster, member by member; saving the roster unchanged changes
nothing; a membership cannot end before a meeting the member attended."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from openpcc.core.models import Body, User
from openpcc.meetings import selectors, services
from openpcc.meetings.models import Attendance, CommitteeMember, Meeting
from openpcc.meetings.tests.test_meeting_day_fixes import _form_data, _snapshot

pytestmark = pytest.mark.django_db


# --- the demo's minuted meeting of 6 September 2017 ----------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with override_settings(DEBUG=True):  # as `make run` loads it
            call_command("load_demo", quiet=True)
        yield
        call_command("flush", interactive=False, verbosity=0)


def _september(demo_body: Body) -> Meeting:
    return Meeting.objects.get(body=demo_body, date=date(2017, 9, 6))


def test_the_demo_roster_shows_the_attendance_recorded_from_the_minutes(demo, client):
    panel = Body.objects.get(slug="cambridgeshire-panel")
    meeting = _september(panel)
    roster = selectors.attendance_roster(body=panel, pk=meeting.pk)
    kinds = {r.member.person.name: (r.row.kind if r.row else "") for r in roster.members}
    assert len(kinds) == 16 and "" not in kinds.values()
    assert sorted(kinds.values()).count("present") == 10 and list(kinds.values()).count("apologies") == 4
    subs = {
        r.member.person.name: r.row.substitute_for_member.person.name
        for r in roster.members
        if r.row.kind == "substitute"
    }
    assert subs == {"Cllr A Dickinson": "Cllr Bull", "Cllr K Cuffley": "Cllr Shelton"}
    assert sorted(o.kind for o in roster.others) == ["officer", "officer", "other", "other", "other"]

    client.force_login(User.objects.get(username="secretariat"))
    url = reverse("meetings_staff:attendance", args=[panel.slug, meeting.pk])
    page = client.get(url).content.decode()
    assert 'value="present" checked' in page and page.count('value="" checked') == 0
    before, version, history = _snapshot(meeting), meeting.version, meeting.history.count()
    response = client.post(url, _form_data(page))
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting.refresh_from_db()
    assert _snapshot(meeting) == before and meeting.version == version and meeting.history.count() == history
    public = client.get(reverse("meetings:detail", args=[panel.slug, meeting.pk])).content.decode()
    members_present = public.split("Members present")[1].split("</dd>")[0]
    assert "Edward Leigh" in members_present and "Cllr A Dickinson for Cllr Bull" in public
    assert "None declared" not in public  # declarations were never recorded for 2017


def test_changing_one_line_of_the_demo_roster_keeps_the_rest(demo, client):
    panel = Body.objects.get(slug="cambridgeshire-panel")
    meeting = _september(panel)
    client.force_login(User.objects.get(username="secretariat"))
    url = reverse("meetings_staff:attendance", args=[panel.slug, meeting.pk])
    data = _form_data(client.get(url).content.decode())
    bond = next(
        k
        for k, v in data.items()
        if k.endswith("-member")
        and v == str(CommitteeMember.objects.get(committee=meeting.committee, person__name="Cllr Bond").pk)
    )
    data[bond.replace("-member", "-kind")] = "absent"
    before = {r[0]: r for r in _snapshot(meeting)}
    assert client.post(url, data).status_code == 302
    after = {r[0]: r for r in _snapshot(meeting)}
    changed = [pk for pk in before if before[pk] != after.get(pk)]
    assert len(changed) == 1 and after[changed[0]][1] == "Cllr Bond" and after[changed[0]][2] == "absent"
    leigh = Attendance.objects.get(meeting=meeting, name="Edward Leigh")
    assert leigh.role == "Chairperson" and leigh.kind == "present"  # as the minutes recorded it


def test_ending_a_membership_before_a_meeting_attended_is_refused(demo):
    panel = Body.objects.get(slug="cambridgeshire-panel")
    meeting = _september(panel)
    member = CommitteeMember.objects.get(committee=meeting.committee, person__name="Cllr D Baigent")
    secretariat = User.objects.get(username="secretariat")
    with pytest.raises(ValidationError) as exc:
        services.committee_member_end(
            member=member, expected_version=member.version, end_date=date(1999, 1, 1), user=secretariat
        )
    assert "6 September 2017" in exc.value.message_dict["end_date"][0]
    with pytest.raises(ValidationError):
        services.committee_member_edit(
            member=member,
            expected_version=member.version,
            role="member",
            end_date=date(2017, 9, 5),
            user=secretariat,
        )
    member.refresh_from_db()
    assert member.end_date is None
    ended = services.committee_member_end(
        member=member, expected_version=member.version, end_date=date(2017, 9, 6), user=secretariat
    )
    assert ended.end_date == date(2017, 9, 6)  # on the day of the last meeting attended: fine
