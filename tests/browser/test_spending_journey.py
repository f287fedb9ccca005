"""Spending over £500 in a real browser: an officer uploads a month's CSV, corrects the guessed
column in the preview, imports it, sees a bad file refused with the row named; the approver
publishes the month; the public opens it on a phone, the person paid not named."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.spending.models import SpendingFile

from .conftest import check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JULY = (
    b"Posted,Payee,Category,Gross,Net\n"
    b'03/07/2020,Wisbech Community Transport,Commissioned services,"1,440.00","1,200.00"\n'
    b"09/07/2020,Mrs Journey Canary,Compensation payment,900.00,900.00\n"
    b"20/07/2020,March Town Hall Trust,Room hire,612.00,510.00\n"
    b"27/07/2020,Ely Signs,Printing,240.00,200.00\n"
)
AUGUST = b"Date,Supplier,Amount\n03/08/2020,Ely Signs,700.00\n10/08/2020,Soham Catering,seven hundred\n"


def _upload(page, base, month: str, name: str, data: bytes) -> None:
    page.goto(f"{base}/staff/cambridgeshire-pcc/spending/")
    check_page(page)
    page.click("a:has-text('Upload a month’s spending')")
    page.select_option("#id_month", month)
    page.fill("#id_year", "2020")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    check_page(page)
    page.click("button:has-text('Upload and check the columns')")
    expect(page.locator("h1")).to_contain_text("Check the columns")


def test_spending_journey(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    _upload(page, base, "7", "july.csv", JULY)
    # the amount was guessed from "Net"; the preview shows the redaction and what is left out
    expect(page.locator("#id_amount")).to_have_value("4")
    preview = page.locator("table", has=page.locator("caption:has-text('Preview')"))
    expect(preview).to_contain_text("Redacted: personal data")
    expect(preview).to_contain_text("£1,200.00")
    expect(preview).to_contain_text("Left out")
    check_page(page)
    page.select_option("#id_amount", "3")  # the officer wants the gross amounts
    page.click("button:has-text('Preview with these columns')")
    expect(preview).to_contain_text("£1,440.00")
    check_page(page)
    page.click("button:has-text('Import July 2020')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Imported 3 lines for July 2020 (£2,952.00)")
    check_page(page)
    # a bad file: nothing imported, the row and the column named
    _upload(page, base, "8", "august.csv", AUGUST)
    check_page(page)
    page.click("button:has-text('Import August 2020')")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing was imported: 1 problem in the file.")
    expect(summary).to_contain_text("Row 3, column “Amount” (amount): “seven hundred” is not an amount of money")
    check_page(page)
    assert not SpendingFile.objects.filter(month__month=8).exists()
    sign_out(page)
    # the approver publishes July
    sign_in(page, base, "approver")
    page.goto(f"{base}/staff/cambridgeshire-pcc/spending/")
    page.click("a:has-text('July 2020')")
    check_page(page)
    page.click("button:has-text('Publish July 2020')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Spending for July 2020 is published.")
    check_page(page)
    sign_out(page)
    # the public, on a phone
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{base}/cambridgeshire-pcc/")
    page.click("a:has-text('All months of spending')")
    expect(page.locator("h1")).to_contain_text("Spending over £500")
    check_page(page)
    page.click("a:has-text('July 2020')")
    expect(page.locator("h1")).to_contain_text("July 2020")
    expect(page.locator("main")).to_contain_text("Wisbech Community Transport")
    expect(page.locator("main")).to_contain_text("Redacted: personal data")
    check_page(page)
    page.select_option("#filter-sort", "amount")
    page.click("button:has-text('Apply')")
    expect(page.locator("tbody tr").first).to_contain_text("£1,440.00")
    check_page(page)
    assert "Canary" not in page.content()
