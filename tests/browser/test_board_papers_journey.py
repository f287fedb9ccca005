"""Board papers in a real browser: an officer picks the delivery report of a published round,
previews it (no axe-core violation, fits a 320 px screen) and downloads it as Word and PDF; then
"Decisions by the Commissioner" for a year, with a wrong period named on the page first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_paper_journey(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/papers/generate/")
    check_page(page)
    page.get_by_label("Delivery of the Police and Crime Plan (a reporting round)").check()
    page.click("button:has-text('Continue')")
    check_page(page)
    page.select_option("#id_round", index=1)
    page.fill("#id_contact_officer", "Performance officer")
    page.click("button:has-text('Preview')")
    expect(page.locator(".opcc-paper__title")).to_contain_text("delivery report")
    expect(page.locator(".opcc-paper")).to_contain_text("Delivery status key")
    check_page(page)
    with page.expect_download() as pdf:
        page.click("button:has-text('Download PDF')")
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as docx:
        page.click("button:has-text('Download Word (.docx)')")
    assert docx.value.suggested_filename.endswith(".docx")

    page.goto(f"{base}/staff/cambridgeshire-pcc/papers/generate/?kind=decisions")
    page.fill("#id_period_start", "2018-03-31")
    page.fill("#id_period_end", "2017-04-01")
    page.click("button:has-text('Preview')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("the period ends before it starts")
    check_page(page)
    page.fill("#id_period_start", "2017-04-01")
    page.fill("#id_period_end", "2018-03-31")
    page.click("button:has-text('Preview')")
    expect(page.locator(".opcc-paper__title")).to_contain_text("Decisions by the Commissioner")
    check_page(page)
