"""Upload -> extraction -> search hit, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.meetings.models import Meeting
from tests.papers import make_pdf

from .conftest import axe_violations, check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_extract_and_find(page, demo_server):
    base = demo_server
    nov = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-11-15")
    report = nov.items.filter(report__isnull=False).first().report
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/cambridgeshire-panel/documents/upload/report/{report.pk}/")
    page.set_input_files("#id_file", files=[{"name": "fake.pdf", "mimeType": "application/pdf", "buffer": b"nope"}])
    page.click("button:has-text('Upload')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("is called a PDF but is not one")
    pdf = make_pdf([["Appendix: neighbourhood watch schemes", "Seventeen new schemes in Huntingdonshire"]])
    page.set_input_files("#id_file", files=[{"name": "appendix.pdf", "mimeType": "application/pdf", "buffer": pdf}])
    page.fill("#id_title", "Appendix A: watch schemes")
    page.click("button:has-text('Upload')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("uploaded")
    expect(page.locator("main")).to_contain_text("Text extracted")
    expect(page.locator("main")).to_contain_text("Seventeen new schemes in Huntingdonshire")
    sign_out(page)

    page.goto(f'{base}/search/?q="seventeen new schemes"')
    result = page.locator("ol[aria-label='Results'] li").first
    expect(result).to_contain_text("Appendix A: watch schemes")
    expect(result.locator("mark").first).to_be_visible()
    result.locator("a").first.click()
    expect(page.locator("main")).to_contain_text("Seventeen new schemes in Huntingdonshire")
    assert axe_violations(page) == []


def test_item_paper_shows_on_the_meeting_page_and_the_body_papers(page, demo_server):
    """A paper on an agenda item with no report: under its item on the public meeting page, in
    the body's list of papers (filtered to agenda items), and back to its item from there."""
    base = demo_server
    nov = Meeting.objects.get(body__slug="cambridgeshire-panel", date="2017-11-15")
    item = nov.items.filter(report__isnull=True, is_exempt=False).order_by("order").first()
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/cambridgeshire-panel/documents/upload/item/{item.pk}/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "rota.txt", "mimeType": "text/plain", "buffer": b"Rota of panel visits to custody suites."}],
    )
    page.fill("#id_title", "Custody visits rota")
    page.click("button:has-text('Upload')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("uploaded")
    sign_out(page)

    page.goto(f"{base}/cambridgeshire-panel/meetings/{nov.pk}/")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("Custody visits rota")
    check_page(page)

    page.goto(f"{base}/cambridgeshire-panel/")
    page.locator("nav a:has-text('Papers')").first.click()
    expect(page.locator("h1")).to_have_text("Papers")
    check_page(page)
    page.select_option("#filter-parent", "item")
    page.click("button:has-text('Apply')")
    results = page.locator("ul[aria-label='Papers'] > li")
    expect(results).to_have_count(3)  # with the demo's two agenda plans
    page.select_option("#filter-type", "text")
    page.click("button:has-text('Apply')")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Custody visits rota")
    check_page(page)
    results.first.locator("a", has_text=f"Item {item.number}").click()
    expect(page).to_have_url(f"{base}/cambridgeshire-panel/meetings/{nov.pk}/#item-{item.pk}")

    page.goto(f"{base}/cambridgeshire-panel/documents/?year=nineteen")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Year must be a year, such as 2017")
    check_page(page)


def test_search_falls_back_and_suggests(page, demo_server):
    base = demo_server
    page.goto(f"{base}/search/?q=mental+health+tirage")
    expect(page.locator("#partial-results")).to_contain_text("No results had all of your words")
    check_page(page)
    page.locator("a", has_text="mental health triage").click()
    expect(page.locator("#search-q")).to_have_value("mental health triage")
    expect(page.locator("#partial-results")).to_be_visible()  # the demo has no record with all three
    expect(page.locator("ol[aria-label='Results'] li").first).to_be_visible()
    check_page(page)
