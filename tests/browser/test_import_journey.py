"""Import -> review -> accept, in a real browser, with axe on every import page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from openpcc.imports.models import Proposal
from openpcc.meetings.models import AgendaItem, Meeting
from tests.papers import make_docx, seed_docx

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINUTES = [
    "Minutes of the meeting of the Business Coordination Board held at Police Headquarters, Huntingdon "
    "on 14 January 2021",
    "Present: Ray Bisby (Acting Commissioner), Dorothy Gregson (Chief Executive) and Nick Dean (Chief Constable)",
    "Apologies for absence were received from Matthew Warren.",
    "4.1 Victim services commissioning",
    "The Board received an update on the recommissioning of victim services.",
    "(a) The Acting Commissioner asked about waiting lists for counselling.",
    "(b) The Chief Executive asked how the Hub would measure satisfaction.",
    "AGREED that the recommissioning timetable be approved.",
    "ACTION: Head of Commissioning to circulate the timetable to partners.",
    "4.2 Estates update",
    "The Board NOTED the report.",
]


def test_import_review_and_accept(page, demo_server):
    base = demo_server
    sign_in(page, base, "officer")
    page.click("text=Import papers from an archive")
    expect(page.locator("h1")).to_have_text("Import papers")
    assert axe_violations(page) == []

    # a damaged file is reported by name with the reason
    page.set_input_files("#id_file", files=[{"name": "fake.pdf", "mimeType": "application/pdf", "buffer": b"nope"}])
    page.click("button:has-text('Upload and read')")
    expect(page.locator("main")).to_contain_text("fake.pdf is called a PDF but is not one")
    expect(page.locator("#import-progress")).to_contain_text("1 of 1 file read")

    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/")
    page.set_input_files(
        "#id_file",
        files=[{"name": "bcb-minutes.docx", "mimeType": "application/octet-stream", "buffer": make_docx(MINUTES)}],
    )
    page.click("button:has-text('Upload and read')")
    expect(page.locator("#import-progress")).to_contain_text("1 of 1 file read (100%)")
    expect(page.locator("#import-progress")).to_contain_text("Finished")
    assert axe_violations(page) == []

    page.click("a:has-text('bcb-minutes.docx')")
    expect(page.locator("h1")).to_have_text("bcb-minutes.docx")
    assert axe_violations(page) == []
    page.click("a:has-text('Business Coordination Board, 2021-01-14')")
    expect(page.locator(".opcc-passage")).to_contain_text("14 January 2021")
    assert axe_violations(page) == []
    expect(page.locator("#id_venue")).to_have_value("Police Headquarters, Huntingdon")
    page.click("button:has-text('Accept')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Accepted: Business Coordination Board")

    # it moves on to the next proposal: the attendance, then the items
    expect(page.locator("h1")).to_contain_text("Attendance: 4 people")
    page.click("button:has-text('Accept')")
    expect(page.locator("h1")).to_contain_text("Item 4.1: Victim services commissioning")
    page.fill("#id_title", "Victim services recommissioning")
    page.click("button:has-text('Accept')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Accepted: Item 4.1: Victim services recommissioning"
    )
    expect(page.locator("h1")).to_contain_text("Item 4.2")
    page.click("button:has-text('Reject')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Rejected: Item 4.2")
    rejected = Proposal.objects.get(kind="agenda_item", data__number="4.2", file__name="bcb-minutes.docx")
    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/proposals/{rejected.pk}/")
    page.click("button:has-text('Undo the rejection')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Rejection undone")
    page.click("button:has-text('Reject')")

    meeting = Meeting.objects.get(body__slug="cambridgeshire-pcc", date="2021-01-14")
    assert not meeting.is_published and meeting.agenda_published_at is None
    item = AgendaItem.objects.get(meeting=meeting, number="4.1")
    assert item.title == "Victim services recommissioning" and item.resolution == "agreed"
    assert [q.letter for q in item.questions.all()] == ["a", "b"]
    assert not AgendaItem.objects.filter(meeting=meeting, number="4.2").exists()
    assert meeting.attendance.filter(kind="apologies").get().name == "Matthew Warren"

    # a meeting with all its parts on one page, corrected and accepted in one step
    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/")
    later = [line.replace("14 January 2021", "12 February 2015") for line in MINUTES]
    page.set_input_files(
        "#id_file",
        files=[{"name": "bcb-feb.docx", "mimeType": "application/octet-stream", "buffer": make_docx(later)}],
    )
    page.click("button:has-text('Upload and read')")
    expect(page.locator("#import-progress")).to_contain_text("Finished")
    assert axe_violations(page) == []  # with the bulk review form
    page.click("a:has-text('bcb-feb.docx')")
    page.click("a:has-text('Business Coordination Board, 2015-02-12')")
    page.click("text=Check and accept the meeting with all its parts")
    expect(page.locator("h1")).to_contain_text("Business Coordination Board")
    assert axe_violations(page) == []
    page.click("button:has-text('Accept the meeting and the ticked parts')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("of its parts")
    feb = Meeting.objects.get(body__slug="cambridgeshire-pcc", date="2015-02-12")
    assert feb.items.count() == 2 and feb.status == "held" and not feb.is_published

    # a paper with nothing recognised shows its text, and a meeting can be made from it
    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/")
    notes = b"Notes of the office\n\nThe estates group met in the spring and looked at the old station.\n"
    page.set_input_files("#id_file", files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": notes}])
    page.click("button:has-text('Upload and read')")
    expect(page.locator("#import-outcomes")).to_contain_text("1 read, nothing recognised")
    page.click("a:has-text('See its text')")
    expect(page.locator("main")).to_contain_text("looked at the old station")
    assert axe_violations(page) == []
    page.check("#id_hand-kind_0")
    page.fill("#id_hand-passage", "The estates group met in the spring")
    page.fill("#id_hand-committee", "Business Coordination Board")
    page.fill("#id_hand-date", "2021-04-01")
    page.click("button:has-text('Make the proposal')")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Proposed: ")

    # a report for a meeting whose papers are already public is not slipped onto it
    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/")
    page.set_input_files(
        "#id_file", files=[{"name": "covid.docx", "mimeType": "application/octet-stream", "buffer": seed_docx("000")}]
    )
    page.click("button:has-text('Upload and read')")
    proposal = Proposal.objects.get(kind="report", file__name="covid.docx")
    page.goto(f"{base}/staff/cambridgeshire-pcc/imports/proposals/{proposal.pk}/")
    page.click("button:has-text('Accept')")
    expect(page.locator(".govuk-error-summary")).to_contain_text("are already published")
    assert axe_violations(page) == []
