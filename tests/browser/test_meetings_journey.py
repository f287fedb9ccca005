"""The panel secretariat's journey in a real browser, and axe-core on the meetings pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openpcc.meetings.models import Meeting

from .conftest import axe_problems, check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_meeting_journey(page, demo_server):
    base = demo_server
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/cambridgeshire-panel/meetings/")
    page.click("a:has-text('Add a meeting')")
    # A meeting in the past, so that minutes can be taken in the same journey.
    held_on = timezone.localdate() - timedelta(days=1)
    page.fill("#id_date", held_on.isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_end_time", "13:00")
    page.fill("#id_venue", "Council Chamber, Fenland Hall")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("before it starts")
    page.fill("#id_end_time", "16:30")
    page.fill("#id_theme", "Communities")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Now build its agenda")

    page.click("a:has-text('Add agenda item')")
    page.fill("#id_number", "5")
    page.fill("#id_title", "Communities theme report")
    check_page(page)
    box = page.locator("#id_priorities-filter")  # the priorities' filter box (a static script)
    total = page.locator("[data-choice-filter-item]").count()
    box.fill("C1")
    expect(page.locator("[data-choice-filter-status]")).to_contain_text(f"of {total} options shown")
    shown = page.locator("[data-choice-filter-item]:visible")
    assert 0 < shown.count() < total
    for n in range(shown.count()):  # only the options with the code typed
        assert "c1" in shown.nth(n).inner_text().lower()
    check_page(page)
    page.check("label:has-text('C1 —')")
    page.click("button:has-text('Save')")
    expect(page.locator("main")).to_contain_text("Communities theme report")
    # held yesterday: papers are late, and the reason is asked for
    page.fill("#id_late_reason", "The report was agreed only at yesterday's meeting.")
    page.click("button:has-text('Publish agenda and papers')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("late")

    page.click("a:has-text('Minutes of item 5')")
    page.fill("#id_letter", "a")
    page.fill("#id_question", "How many new watch schemes started this year?")
    page.fill("#id_response", "Eleven, mostly in rural areas.")
    page.click("button:has-text('Add question')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Question recorded")
    page.check("label:has-text('Noted')")
    page.fill("#id_resolution_text", "The Panel noted the report.")
    page.click("button:has-text('Save minute')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Minute of item 5 saved")

    page.click("a:has-text('Raise action at item 5')")
    page.fill("#id_text", "Send members the list of watch schemes by district.")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs an owner")
    page.fill("#id_owner", "OPCC Communities lead")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("raised")
    page.click("button:has-text('Publish draft minutes')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("draft minutes are public")

    page.goto(f"{base}/staff/cambridgeshire-panel/meetings/actions/")
    page.click("tr:has-text('watch schemes by district') th a")
    page.fill("#id_text", "List drafted; awaiting two districts.")
    page.click("button:has-text('Add update')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update added")
    page.fill("#id_note", "List sent to members.")
    page.click("button:has-text('Close action')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("closed")
    sign_out(page)

    meeting = Meeting.objects.get(venue="Council Chamber, Fenland Hall", date=held_on)
    page.goto(f"{base}/cambridgeshire-panel/meetings/{meeting.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Eleven, mostly in rural areas.")
    expect(main).to_contain_text("Late papers")
    expect(main).to_contain_text("Draft: to be approved")
    page.goto(f"{base}/cambridgeshire-panel/actions/?status=closed")
    expect(page.locator("main")).to_contain_text("List sent to members.")
    page.goto(f"{base}/cambridgeshire-pcc/plan/C1/")
    expect(page.locator("main")).to_contain_text("Item 5: Communities theme report")


def test_meetings_pages_have_no_axe_violations(page, demo_server):
    sept = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-09-06")
    nov = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-11-15")
    report = nov.items.filter(report__isnull=False).first().report
    paths = [
        "/cambridgeshire-panel/",
        "/cambridgeshire-panel/meetings/",
        f"/cambridgeshire-panel/meetings/{sept.pk}/",
        f"/cambridgeshire-panel/meetings/{nov.pk}/",
        f"/cambridgeshire-panel/reports/{report.pk}/",
        "/cambridgeshire-panel/actions/",
        "/cambridgeshire-panel/work-programme/",
        "/cambridgeshire-panel/committees/cambridgeshire-police-and-crime-panel/",
        "/cambridgeshire-pcc/meetings/",
        "/cambridgeshire-pcc/plan/V5/",
    ]
    problems = axe_problems(page, demo_server, paths)
    sign_in(page, demo_server, "secretariat")
    staff_paths = [
        "/staff/cambridgeshire-panel/meetings/",
        f"/staff/cambridgeshire-panel/meetings/{sept.pk}/",
        f"/staff/cambridgeshire-panel/meetings/{nov.pk}/items/{nov.items.first().pk}/minutes/",
        f"/staff/cambridgeshire-panel/meetings/{nov.pk}/items/{report.agenda_item_id}/report/",
        "/staff/cambridgeshire-panel/meetings/actions/",
        "/staff/cambridgeshire-panel/meetings/committees/cambridgeshire-police-and-crime-panel/",
    ]
    problems.update(axe_problems(page, demo_server, staff_paths))
    assert not problems, problems
