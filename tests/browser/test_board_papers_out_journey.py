"""Board papers out, in a real browser: an officer keeps a generated paper with a meeting and reads
its versions; the administrator opens the body's paper style; the secretariat builds a meeting's
agenda pack and the public finds it on the meeting page. Every page: no axe-core violation, fits a
320 px screen."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import check_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keep_a_paper_then_read_its_versions(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/cambridgeshire-pcc/papers/generate/?kind=decisions")
    page.fill("#id_period_start", "2017-04-01")
    page.fill("#id_period_end", "2018-03-31")
    page.click("button:has-text('Preview')")
    expect(page.locator("#save-heading")).to_be_visible()
    check_page(page)
    page.select_option("#id_place", index=1)
    page.click("button:has-text('Save as a new version')")
    expect(page.locator("h1")).to_contain_text("Decisions by the Commissioner")
    expect(page.locator("main")).to_contain_text("version 1")
    check_page(page)
    page.goto(f"{base}/staff/cambridgeshire-pcc/papers/saved/")
    expect(page.locator("main")).to_contain_text("Decisions by the Commissioner")
    check_page(page)
    sign_out(page)

    sign_in(page, base, "admin")
    page.goto(f"{base}/staff/cambridgeshire-pcc/papers/style/")
    expect(page.locator("h1")).to_be_visible()
    check_page(page)


def test_build_the_agenda_pack_and_find_it_on_the_meeting_page(page, demo_server):
    from openpcc.meetings.models import Meeting

    base = demo_server
    meeting = Meeting.objects.get(body__slug="cambridgeshire-panel", date=date(2017, 11, 15))
    sign_in(page, base, "secretariat")
    page.goto(f"{base}/staff/cambridgeshire-panel/meetings/{meeting.pk}/agenda-pack/")
    check_page(page)
    page.click("button:has-text('Build agenda pack')")
    expect(page.locator("main")).to_contain_text("version 1")
    check_page(page)
    sign_out(page)

    page.goto(f"{base}/cambridgeshire-panel/meetings/{meeting.pk}/")
    link = page.get_by_role("link", name="Agenda pack (PDF")
    expect(link).to_be_visible()
    check_page(page)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
