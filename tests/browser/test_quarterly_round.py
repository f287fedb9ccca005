"""A policy officer running the quarterly round, in a real browser (issue 13): open the round, review
it, write an update from the "mine still needing an update" list and come back to that list, see the
review again, and an approver publishes. Every page visited passes axe-core and fits 320 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUND = "/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/rounds/2017-18-q3/"


def test_officer_runs_the_round_and_an_approver_publishes_it(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    check_page(page)

    # Open the round from the dashboard.
    page.click("main a:has-text('2017/18 Q3')")
    page.wait_for_url(f"**{ROUND}")
    expect(page.locator("h1")).to_have_text("2017/18 Q3")
    check_page(page)

    # The review: every activity, and what publishing will carry forward, before anyone publishes.
    page.click("a:has-text('Review the round')")
    expect(page.locator("h1")).to_contain_text("Review 2017/18 Q3")
    expect(page.locator("main")).to_contain_text("What publishing will do")
    expect(page.locator("#carried")).to_contain_text("Carried forward")
    carried_before = int(re.search(r"Carried forward \((\d+)\)", page.locator("#carried").inner_text()).group(1))
    assert carried_before > 0
    expect(page.locator("button:has-text('Publish')")).to_have_count(0)  # an officer cannot publish
    check_page(page)

    # Back to the round, the officer's own list of updates still to write.
    page.goto(f"{base}{ROUND}")
    page.click("a:has-text('mine still needing an update')")
    page.wait_for_url("**show=mine-todo")
    check_page(page)
    first_code = page.locator("tbody th").first.inner_text()
    page.click(f"a:has-text('Record update for {first_code}')")
    expect(page.locator("h1")).to_have_text(f"Update {first_code}")
    check_page(page)

    # Green with no narrative is refused with a clear message; nothing is saved.
    page.check("label:has-text('Green')")
    page.fill("#id_narrative", "")
    page.click("button:has-text('Save update')")
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"Enter a narrative for {first_code}")
    check_page(page)
    page.fill("#id_narrative", "Partners met twice this quarter; the joint plan is on schedule.")
    page.click("button:has-text('Save update')")

    # Back on the same filtered list, without the activity just written.
    page.wait_for_url("**show=mine-todo")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Update for {first_code} saved")
    expect(page.locator("nav[aria-label='Show activities'] strong")).to_have_text("mine still needing an update")
    expect(page.locator(f"tbody th:text-is('{first_code}')")).to_have_count(0)
    check_page(page)

    # The review shows the new update among those written this round.
    page.goto(f"{base}{ROUND}publish/")
    expect(page.locator("main")).to_contain_text("Partners met twice this quarter")
    check_page(page)
    page.click("button:has-text('Sign out')")

    # An approver reviews and publishes.
    sign_in(page, base, "approver")
    page.click("main a:has-text('2017/18 Q3')")
    page.click("a:has-text('Review and publish')")
    expect(page.locator("h1")).to_contain_text("Review and publish 2017/18 Q3")
    expect(page.locator(".govuk-warning-text")).to_contain_text("carried forward")
    check_page(page)
    page.click("button:has-text('Publish 2017/18 Q3')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    check_page(page)

    # The round's forms are now read-only, and say who published it.
    page.goto(f"{base}{ROUND}updates/{first_code}/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2017/18 Q3 was published by Dorothy Gregson")
    expect(page.locator("#id_narrative")).to_have_count(0)
    check_page(page)


def test_delivery_leads_filter_box(page, browser, demo_server):
    """The grouped check boxes on the priority form: a filter box (from a static script) hides what
    does not match; without JavaScript there is no box and every option is listed."""
    base = demo_server
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/priorities/V7/edit/")
    box = page.locator("#id_delivery_leads-filter")
    expect(box).to_be_visible()
    items = page.locator("[data-choice-filter-item]")
    total = items.count()
    assert total > 5
    check_page(page)
    box.fill("constabulary")
    expect(page.locator("[data-choice-filter-status]")).to_contain_text(f"of {total} options shown")
    visible = page.locator("[data-choice-filter-item]:visible")
    assert 0 < visible.count() < total
    for n in range(visible.count()):  # each matches, or is ticked (ticked options stay in view)
        item = visible.nth(n)
        assert "constabulary" in item.inner_text().lower() or item.locator("input").is_checked()
    box.press("Enter")  # does not submit the form
    expect(page.locator("h1")).to_contain_text("Edit V7")
    check_page(page)

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, base, "officer")
    plain.goto(f"{base}/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/priorities/V7/edit/")
    expect(plain.locator("#id_delivery_leads-filter")).to_be_hidden()
    expect(plain.locator("[data-choice-filter-item]:visible")).to_have_count(total)
    context.close()
