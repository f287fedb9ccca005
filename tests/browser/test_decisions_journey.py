"""Decision record journey in a real browser: draft -> sign -> publish -> notify -> panel response."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openpcc.decisions.models import Decision

from .conftest import axe_problems
from .test_plan_journey import sign_in, sign_out

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
    page.check("label:has-text('C4 –')")
    page.click("button:has-text('Save')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
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
