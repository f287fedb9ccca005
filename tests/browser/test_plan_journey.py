"""The delivery round journey in a real browser, and axe-core on the public pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.demo.management.commands.load_demo import DEMO_PASSWORD

from .conftest import axe_problems, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_updates_approver_publishes_public_sees_it(page, demo_server):
    base = demo_server
    # The public sees the Q2 status of V7 before anything happens.
    page.goto(f"{base}/cambridgeshire-pcc/plan/V7/")
    expect(page.locator("main")).not_to_contain_text("2017/18 Q3")

    sign_in(page, base, "officer")
    page.click("a:has-text('2017/18 Q3')")
    page.click("a:has-text('the priorities I lead')")
    page.click("a:has-text('Record update for V7.1')")
    page.check("label:has-text('Red')")
    page.fill("#id_narrative", "")
    page.click("button:has-text('Save update')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("needs a narrative")
    page.fill("#id_narrative", "Refuge provider has given notice; emergency commissioning decision needed in January.")
    page.click("button:has-text('Save update')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Update for V7.1 saved")
    sign_out(page)

    sign_in(page, base, "approver")
    page.click("a:has-text('2017/18 Q3')")
    page.click("a:has-text('Review and publish')")
    expect(page.locator("main")).to_contain_text("Refuge provider has given notice")
    page.click("button:has-text('Publish 2017/18 Q3')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
    sign_out(page)

    page.goto(f"{base}/cambridgeshire-pcc/plan/V7/")
    expect(page.locator("#updates ~ .govuk-summary-card").first).to_contain_text("Refuge provider has given notice")
    expect(page.locator("dl").first).to_contain_text("Red: Action required")
    page.goto(f"{base}/cambridgeshire-pcc/plan/?status=red")
    expect(page.locator("#theme-V ~ .opcc-table-scroll table").first).to_contain_text("V7")


PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/cambridgeshire-pcc/",
    "/cambridgeshire-pcc/plan/",
    "/cambridgeshire-pcc/plan/?theme=V&status=green",
    "/cambridgeshire-pcc/plan/V7/",
    "/cambridgeshire-pcc/plan/O1/",
    "/cambridgeshire-pcc/plan/rounds/",
    "/cambridgeshire-pcc/plan/rounds/2017-18-q2/",
    "/west-midlands-pcc/plan/",
    '/search/?q="domestic abuse"',
    "/search/?q=victims&body=cambridgeshire-pcc&kind=priority",
    "/accounts/login/",
]


def test_public_pages_have_no_axe_violations(page, demo_server):
    problems = axe_problems(page, demo_server, PUBLIC_PAGES)
    assert not problems, problems


def test_staff_pages_have_no_axe_violations(page, demo_server):
    sign_in(page, demo_server, "approver")
    pages = [
        "/staff/",
        "/staff/cambridgeshire-pcc/plans/",
        "/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/rounds/2017-18-q3/",
        "/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/rounds/2017-18-q3/updates/V7.1/",
        "/staff/cambridgeshire-pcc/plans/police-and-crime-plan-2017-20/priorities/V7/edit/",
    ]
    problems = axe_problems(page, demo_server, pages)
    assert not problems, problems


def test_plan_page_works_without_javascript(browser, demo_server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{demo_server}/cambridgeshire-pcc/plan/")
    pg.select_option("#filter-theme", "C")
    pg.click("button:has-text('Apply filters')")
    pg.wait_for_url("**theme=C**")
    expect(pg.locator("main")).to_contain_text("Showing 10 of 40 priorities")
    context.close()


def test_scripts_and_brand_run_under_the_content_security_policy(page, demo_server):
    """The one inline script (allowed by its hash) and GOV.UK Frontend's module run; the body's
    colour arrives as a stylesheet; the admin's sign-in works under the same policy. Anything the
    policy blocked would fail the test (the page fixture listens)."""
    page.goto(f"{demo_server}/cambridgeshire-panel/")
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    initialised = "[data-module='govuk-service-navigation'][data-govuk-service-navigation-init]"
    page.wait_for_function(f'document.querySelector("{initialised}") !== null')
    colour = page.evaluate("getComputedStyle(document.querySelector('.opcc-header')).backgroundColor")
    assert colour == "rgb(0, 90, 48)"  # the panel's #005a30
    page.goto(f"{demo_server}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
