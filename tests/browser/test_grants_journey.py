"""Grants journey in a real browser: an officer drafts a grant from a fund, is told it goes beyond
the fund's remainder, awards it, varies it; the approver publishes it; the public finds it by
filter, on its own page with the variation, and on the plan priority it serves."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.funding.models import Grant

from .conftest import check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Girls' football after school"


def test_grant_journey(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/funding/")
    check_page(page)
    page.click("a:has-text('Draft a grant')")
    page.select_option("#id_fund", label="Youth and Community Fund 2020/21 (£50,000)")
    page.select_option("#id_recipient", label="Fenside Youth Project – GB-CHC-999101")
    page.fill("#id_title", TITLE)
    page.fill("#id_purpose", "Weekly coached sessions for girls aged 11 to 16 in Wisbech.")
    page.fill("#id_amount", "0")
    page.fill("#id_start_date", "2020-10-01")
    page.fill("#id_end_date", "2020-09-01")
    page.click("button:has-text('Save')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must be more than £0")
    expect(summary).to_contain_text("before the planned start")
    check_page(page)
    page.fill("#id_amount", "20000")
    page.fill("#id_end_date", "2021-03-31")
    page.locator("[data-choice-filter-item]", has_text="O5 —").locator("label").click()
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
    check_page(page)
    page.click("button:has-text('Award the grant')")  # £20,000 is more than the £17,325 the fund has left
    expect(page.locator(".govuk-notification-banner")).to_contain_text("£17,325")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("record why the award goes beyond")
    assert Grant.objects.get(title=TITLE).status == "draft"
    check_page(page)
    page.click("a:has-text('Edit draft')")
    page.fill("#id_amount", "15000")
    page.click("button:has-text('Save')")
    page.click("button:has-text('Award the grant')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Grant awarded: £15,000")
    check_page(page)
    page.click("a:has-text('Vary the grant')")
    check_page(page)
    page.fill("#id_what_changed", "A second weekly session")
    page.fill("#id_reason", "More girls signed up than the club expected.")
    page.fill("#id_new_amount", "16250.50")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Variation recorded")
    expect(page.locator("main")).to_contain_text("£16,250.50")
    check_page(page)
    # the recipient's record is corrected from the grant: a bad org-id is named, nothing saved
    page.click("a:has-text('Correct the recipient')")
    check_page(page)
    page.fill("#id_identifier", "GB-CHC-12")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("not a valid GB-CHC identifier")
    check_page(page)
    page.fill("#id_identifier", "GB-CHC-999101")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Fenside Youth Project corrected")
    sign_out(page)

    sign_in(page, base, "approver")
    grant = Grant.objects.get(title=TITLE)
    page.goto(f"{base}/staff/cambridgeshire-pcc/funding/grants/{grant.pk}/")
    page.click("button:has-text('Publish')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The grant is published")
    check_page(page)
    sign_out(page)

    page.goto(f"{base}/cambridgeshire-pcc/grants/")
    check_page(page)
    expect(page.locator("main")).to_contain_text("Youth and Community Fund")
    page.select_option("#filter-priority", value="O5")
    page.select_option("#filter-recipient", label="Fenside Youth Project")
    page.click("button:has-text('Apply')")
    rows = page.locator("[aria-label='Grants'] tbody tr")
    expect(page.locator("main")).to_contain_text(TITLE)
    expect(rows).to_have_count(2)  # the demo's summer sessions and the new grant
    check_page(page)
    page.click(f'a:has-text("{TITLE}")')
    main = page.locator("main")
    expect(main).to_contain_text("A second weekly session")
    expect(main).to_contain_text("£15,000 to £16,250.50")
    check_page(page)
    page.click("a:has-text('O5:')")
    expect(page.locator("main")).to_contain_text(f"Grant: {TITLE}")
    expect(page.locator("main")).to_contain_text("Grants and commissioned services")
    check_page(page)


def test_monitoring_return_journey(page, demo_server):
    """An officer finds an overdue return on the dashboard, is told what is wrong with a return for
    a period outside the grant and with a figure that is not a number, records it, prints the board
    paper appendix; the public sees the figures on the grant's page, never the contact address."""
    base = demo_server
    grant = Grant.objects.get(title="Summer diversionary sessions")
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/")
    expect(page.locator("main")).to_contain_text("Overdue monitoring returns")
    check_page(page)
    page.click("a:has-text('Summer diversionary sessions')")
    expect(page.locator("h1")).to_contain_text("Monitoring returns")
    expect(page.locator("main")).to_contain_text("young people taking part: 64")
    check_page(page)
    page.click("a:has-text('Record this return')")
    expect(page.locator("#id_period_start")).to_have_value("2020-07-01")
    page.fill("#id_period_end", "2020-10-31")
    page.fill("#id_received_on", "2020-10-20")
    page.fill("#id_measure_1", "young people taking part")
    page.fill("#id_value_1", "about seventy")
    page.fill("#id_narrative", "The summer programme ended with a tournament.")
    page.click("button:has-text('Save')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("outside the grant")
    expect(summary).to_contain_text("is not a number")
    check_page(page)
    page.fill("#id_period_end", "2020-09-30")
    page.fill("#id_value_1", "71")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Return recorded for 1 July 2020")
    expect(page.locator("main")).to_contain_text("young people taking part: 71")
    check_page(page)
    page.goto(f"{base}/staff/cambridgeshire-pcc/funding/")
    page.click("a:has-text('Board paper appendix')")
    page.select_option("#id_fund", label="Youth and Community Fund 2020/21 (£50,000)")
    page.click("button:has-text('Show the appendix')")
    youth = Grant.objects.filter(fund__name="Youth and Community Fund", status__in=Grant.COUNTED)
    expect(page.locator("main")).to_contain_text(f"£{sum(g.amount for g in youth):,.2f}")
    expect(page.locator("main")).not_to_contain_text("Demo Individual Recipient")
    check_page(page)
    with page.expect_download() as download:
        page.click("a:has-text('Download as a Word document')")
    assert download.value.suggested_filename.endswith(".docx")
    sign_out(page)

    page.goto(f"{base}/cambridgeshire-pcc/grants/{grant.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Monitoring returns received")
    expect(main).to_contain_text("71")
    expect(main).not_to_contain_text("example.org")
    check_page(page)
