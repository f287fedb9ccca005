"""Decision record journey in a real browser: draft -> sign -> publish -> notify -> panel response."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openpcc.decisions.models import Decision
from openpcc.meetings.models import Meeting

from .conftest import axe_problems, check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_decision_journey(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/decisions/")
    page.click("a:has-text('Draft a decision record')")
    page.fill("#id_subject", "Safer Streets match funding")
    page.fill("#id_amount", "-5")
    page.click("button:has-text('Save')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the decision itself")
    expect(summary).to_contain_text("cannot be negative")
    page.fill("#id_decision", "Provide match funding for the Safer Streets bid in Peterborough.")
    page.fill("#id_amount", "85000")
    page.select_option("#id_category", "external_funding")
    check_page(page)
    # The priorities: grouped by theme, each in full, with a filter box (a static script).
    priorities = page.locator("[data-choice-filter]", has=page.locator("#id_priorities-filter"))
    items = priorities.locator("[data-choice-filter-item]")
    total = items.count()
    assert total > 10
    box = page.locator("#id_priorities-filter")
    expect(box).to_be_visible()
    box.fill("C4")
    expect(priorities.locator("[data-choice-filter-status]")).to_contain_text(f"1 of {total} options shown")
    visible = priorities.locator("[data-choice-filter-item]:visible")
    expect(visible).to_have_count(1)
    expect(visible.first).to_contain_text("C4 —")
    expect(priorities.locator("[data-choice-filter-group]:visible")).to_have_count(1)  # its theme only
    box.press("Enter")  # does not submit the form
    expect(page.locator("h1")).to_contain_text("Draft a decision record")
    check_page(page)
    visible.first.locator("label").click()
    expect(visible.first.locator("input")).to_be_checked()
    box.fill("")
    expect(priorities.locator("[data-choice-filter-item]:visible")).to_have_count(total)
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
    check_page(page)
    assert list(
        Decision.objects.get(subject="Safer Streets match funding").priorities.values_list("code", flat=True)
    ) == ["C4"]
    sign_out(page)

    sign_in(page, base, "approver")
    page.goto(f"{base}/staff/cambridgeshire-pcc/decisions/")
    page.click("a:has-text('Safer Streets match funding')")
    page.click("button:has-text('Sign and allocate a reference')")
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Signed as CPCC")
    reference = Decision.objects.get(subject="Safer Streets match funding").reference
    assert reference == f"CPCC {timezone.localdate().year}-001"
    page.click("button:has-text('Publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    sign_out(page)

    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/cambridgeshire-panel/meetings/new/")
    page.fill("#id_date", (timezone.localdate() - timedelta(days=1)).isoformat())
    page.fill("#id_venue", "Sand Martin House")
    page.click("button:has-text('Save')")
    page.click("a:has-text('Decisions by the Commissioner')")
    expect(page.locator("main")).to_contain_text(reference)
    page.fill("#id_number", "7")
    page.click("button:has-text('Add to the agenda')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("count as notified")
    page.fill("#id_late_reason", "The notice was added after the agenda went out.")  # held yesterday: late
    page.click("button:has-text('Publish agenda and papers')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("late")
    page.click(f"a:has-text('Record response to {reference}')")
    page.check("label:has-text('Further scrutiny requested')")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what further scrutiny")
    page.fill("#id_response_detail", "A report on how the match funding will be evaluated.")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    sign_out(page)

    slug = reference.lower().replace(" ", "-")
    page.goto(f"{base}/cambridgeshire-pcc/decisions/{slug}/")
    main = page.locator("main")
    expect(main).to_contain_text("Provide match funding for the Safer Streets bid")
    expect(main).to_contain_text("Further scrutiny requested")
    expect(main).to_contain_text("A report on how the match funding will be evaluated.")
    check_page(page)


def test_decision_pages_have_no_axe_violations(page, demo_server):
    paths = [
        "/cambridgeshire-pcc/decisions/",
        "/cambridgeshire-pcc/decisions/?sort=amount&amount_min=x",
        "/cambridgeshire-pcc/decisions/cpcc-2017-020/",
        "/cambridgeshire-pcc/decisions/cpcc-2017-023/",
    ]
    problems = axe_problems(page, demo_server, paths)
    sign_in(page, demo_server, "approver")
    draft_pages = [
        "/staff/cambridgeshire-pcc/decisions/",
        "/staff/cambridgeshire-pcc/decisions/new/",
        "/staff/cambridgeshire-pcc/decisions/forward/",
        "/staff/cambridgeshire-pcc/decisions/scheme/",
        f"/staff/cambridgeshire-pcc/decisions/{Decision.objects.get(reference='CPCC 2017-020').pk}/",
    ]
    problems.update(axe_problems(page, demo_server, draft_pages))
    assert not problems, problems


def test_a_decision_dated_after_its_meeting_says_why(page, demo_server):
    """The officer records why a decision is dated after the meeting at which it was taken; the
    public record shows it beside the date."""
    base = demo_server
    board = Meeting.objects.get(body__slug="cambridgeshire-pcc", date=date(2017, 9, 21))
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/decisions/new/")
    page.fill("#id_subject", "Disposal of the March depot")
    page.fill("#id_decision", "Sell the former depot at March at the district valuer's figure.")
    page.select_option("#id_category", "estates")
    page.select_option("#id_meeting", str(board.pk))
    page.fill("#id_decision_date", "2017-09-28")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("record why it is dated after the meeting")
    check_page(page)
    page.fill("#id_date_reason", "Signed once the district valuer's figure was confirmed.")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
    check_page(page)
    sign_out(page)

    sign_in(page, base, "approver")
    page.goto(f"{base}/staff/cambridgeshire-pcc/decisions/")
    page.click("a:has-text('Disposal of the March depot')")
    page.click("button:has-text('Sign and allocate a reference')")
    page.click("button:has-text('Publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    sign_out(page)

    decision = Decision.objects.get(subject="Disposal of the March depot")
    page.goto(f"{base}/cambridgeshire-pcc/decisions/{decision.reference_slug}/")
    date_row = page.locator(".govuk-summary-list__row", has_text="Date of decision")
    expect(date_row).to_contain_text("28 September 2017")
    expect(date_row).to_contain_text(
        "Dated after the meeting at which it was taken: Signed once the district valuer's figure was confirmed."
    )
    check_page(page)
