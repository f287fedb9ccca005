"""Upload -> extraction -> search hit, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.meetings.models import Meeting
from tests.papers import make_pdf

from .conftest import axe_violations
from .test_plan_journey import sign_in, sign_out

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
