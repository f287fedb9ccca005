"""A panel scrutiny officer on meeting day, and the public after it, in a real browser: the
attendance roster, late papers with their reason, the work programme and the committee's
members; then the meeting list and the last meeting's minutes. axe-core and a 320 px screen on
every page visited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openpcc.meetings.models import Attendance, CommitteeMember, Meeting, WorkProgrammeItem

from .conftest import check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANEL = "cambridgeshire-panel"
COMMITTEE = "cambridgeshire-police-and-crime-panel"


def test_meeting_day_for_the_secretariat_and_the_public(page, demo_server):
    base = demo_server
    sign_in(page, base, "secretariat")
    expect(page.locator("main")).to_contain_text("Panel secretariat")  # roles in words
    check_page(page)

    # A meeting held today, its papers not yet out: publishing them now is late.
    page.goto(f"{base}/staff/{PANEL}/meetings/new/")
    check_page(page)
    today = timezone.localdate()
    page.fill("#id_date", today.isoformat())
    page.fill("#id_venue", "Kreis Viersen Room, Shire Hall")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Now build its agenda")
    meeting = Meeting.objects.get(body__slug=PANEL, venue="Kreis Viersen Room, Shire Hall")
    page.click("a:has-text('Add agenda item')")
    page.fill("#id_number", "4")
    page.fill("#id_title", "Precept proposal")
    page.click("button:has-text('Save')")
    expect(page.locator("main")).to_contain_text("late by")
    expect(page.locator("main")).to_contain_text("Upload a paper for this meeting")
    check_page(page)
    page.click("button:has-text('Publish agenda and papers')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason they are late")
    check_page(page)
    page.fill("#id_late_reason", "The budget figures were confirmed only this week.")
    page.click("button:has-text('Publish agenda and papers')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("late by")

    # The roster: who came, who sent apologies, who substituted for whom, and declarations.
    page.click("a:has-text('Record attendance')")
    check_page(page)
    roster = list(
        CommitteeMember.objects.filter(committee__slug=COMMITTEE, committee__body__slug=PANEL).select_related("person")
    )
    assert len(roster) >= 3
    first, second = page.locator("#id_members-0-member"), page.locator("#id_members-1-member")
    present = CommitteeMember.objects.get(pk=first.input_value()).person.name
    away = CommitteeMember.objects.get(pk=second.input_value()).person.name
    page.check("#id_members-0-kind_1")  # present
    page.fill("#id_members-0-declarations", "A family member works for the constabulary.")
    page.check("#id_members-1-kind_2")  # apologies
    page.check("#id_members-2-kind_4")  # substitute ...
    page.click("button:has-text('Save attendance')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("say which member they substituted for")
    check_page(page)
    page.select_option("#id_members-2-substitute_for", label=away)  # ... for the member who sent apologies
    page.fill("#id_others-0-name", "Rhiannon Clerk")
    page.select_option("#id_others-0-kind", "officer")
    page.fill("#id_others-0-role", "Scrutiny officer")
    page.click("button:has-text('Save attendance')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    page.click("button:has-text('Publish draft minutes')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("draft minutes are public")
    check_page(page)

    # The work programme: edit an item and move it to another coming meeting.
    page.goto(f"{base}/staff/{PANEL}/meetings/committees/{COMMITTEE}/")
    check_page(page)
    item = WorkProgrammeItem.objects.filter(committee__slug=COMMITTEE, meeting__isnull=True).order_by("id").first()
    page.goto(f"{base}/staff/{PANEL}/meetings/work-programme/{item.pk}/")
    check_page(page)
    page.fill("#id_title", "Rural crime: the force's response")
    page.select_option("#id_meeting", str(meeting.pk))
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Work programme item saved")
    item.refresh_from_db()
    assert item.meeting_id == meeting.pk and item.title == "Rural crime: the force's response"
    check_page(page)

    # A member: change whom they represent, then end the membership.
    page.click(f"a:has-text('Edit or end {present}')")
    check_page(page)
    page.fill("#id_representing", "Huntingdonshire District Council")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("membership saved")
    page.click(f"a:has-text('Edit or end {present}')")
    page.fill("#id_end-end_date", (today + timedelta(days=1)).isoformat())
    page.click("button:has-text('End membership')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("membership ended")
    check_page(page)
    sign_out(page)

    # The public: the meeting list, then the last meeting's minutes.
    page.goto(f"{base}/{PANEL}/meetings/")
    check_page(page)
    past = page.locator("table", has_text="Past meetings")
    expect(past).not_to_contain_text("Scheduled")  # a past meeting never claims to be scheduled
    page.locator("table a", has_text="draft minutes").first.click()
    check_page(page)
    main = page.locator("main")
    expect(main).to_contain_text("Precept proposal")
    expect(main).to_contain_text("Late papers")
    expect(main).to_contain_text("The budget figures were confirmed only this week.")
    expect(main).to_contain_text("Members present")
    expect(main).to_contain_text(f"for {away}")
    expect(main).to_contain_text("A family member works for the constabulary.")
    expect(main).to_contain_text("Rhiannon Clerk, Scrutiny officer")
    page.goto(f"{base}/{PANEL}/")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Latest minutes")


def test_attendance_from_old_minutes_on_the_roster_and_a_cancelled_meeting(page, demo_server):
    """The demo's 6 September 2017 meeting, minuted before the roster: its attendance is on the
    members' lines, saving it unchanged changes nothing, errors link to their fields; a form's
    address opened as a link is a page; a cancelled meeting says so and has nothing due."""
    from datetime import date

    base = demo_server
    meeting = Meeting.objects.get(body__slug=PANEL, date=date(2017, 9, 6))
    before = list(Attendance.objects.filter(meeting=meeting).order_by("id").values())
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/{PANEL}/meetings/{meeting.pk}/attendance/")
    check_page(page)
    main = page.locator("main")
    dickinson = page.locator("fieldset.govuk-fieldset", has=page.locator("legend", has_text="Cllr A Dickinson")).first
    expect(dickinson.locator("input[value=substitute]")).to_be_checked()
    line = dickinson.locator("input[type=hidden]").first.get_attribute("name").rsplit("-", 1)[0]
    expect(page.locator(f"#id_{line}-substitute_for option:checked")).to_have_text("Cllr Bull")
    assert page.locator("input[type=radio][value='']:checked").count() == 0  # nobody "Not recorded"
    expect(main).to_contain_text("Jane Webb")
    page.click("button:has-text('Save attendance')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Attendance saved")
    assert list(Attendance.objects.filter(meeting=meeting).order_by("id").values()) == before

    # A substitute with nobody named: the summary links to the field, which shows the error.
    page.goto(f"{base}/staff/{PANEL}/meetings/{meeting.pk}/attendance/")
    page.select_option(f"#id_{line}-substitute_for", "")
    page.click("button:has-text('Save attendance')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Cllr A Dickinson: say which member they substituted for")
    check_page(page)
    summary.locator("a", has_text="Cllr A Dickinson").click()
    expect(page.locator(f"#id_{line}-substitute_for-error")).to_contain_text("say which member")
    expect(page.locator(f"#id_{line}-substitute_for")).to_be_focused()  # the link leads to the field
    assert list(Attendance.objects.filter(meeting=meeting).order_by("id").values()) == before

    # A button's address opened as a link.
    from openpcc.meetings import services
    from tests.factories import actor

    coming = services.meeting_create(
        body=meeting.body,
        committee=meeting.committee,
        date=timezone.localdate() + timedelta(days=30),
        venue="Council Chamber, Sand Martin House",
        user=actor(),
    )
    page.goto(f"{base}/staff/{PANEL}/meetings/{coming.pk}/cancel/")
    expect(page.locator("h1")).to_have_text("This address is for a button, not a link")
    check_page(page)
    page.click("a:has-text('Go to the page with the button')")
    page.wait_for_url(f"{base}/staff/{PANEL}/meetings/{coming.pk}/")

    # Cancelling it: no papers due anywhere, "Cancelled" everywhere.
    page.click("summary:has-text('Cancel this meeting')")
    page.fill("#cancel-note", "No business to transact.")
    page.click("button:has-text('Cancel meeting')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("cancelled")
    check_page(page)
    expect(main).not_to_contain_text("Papers due by")
    sign_out(page)
    page.goto(f"{base}/{PANEL}/meetings/")
    check_page(page)
    row = page.locator("tr", has=page.locator(f"a[href='/{PANEL}/meetings/{coming.pk}/']"))
    expect(row).to_contain_text("Cancelled")
    expect(row).not_to_contain_text("due")
    page.goto(f"{base}/{PANEL}/meetings/{coming.pk}/")
    check_page(page)
    expect(main).to_contain_text("cancelled")
    expect(main).not_to_contain_text("should be published by")

    # The public page of the old meeting: its attendance, and no claim about declarations.
    page.goto(f"{base}/{PANEL}/meetings/{meeting.pk}/")
    check_page(page)
    expect(main).to_contain_text("Cllr A Dickinson for Cllr Bull")
    expect(main).not_to_contain_text("None declared")
