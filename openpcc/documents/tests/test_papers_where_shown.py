"""Every public paper shows where its meeting, item, report or decision is shown, and in the
body's list of papers; papers of what is not public show nowhere."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpcc.documents.selectors import document_public_list
from openpcc.documents.services import document_add
from tests.factories import actor

pytestmark = pytest.mark.django_db


def _paper(parent, title: str):
    upload = SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.txt", f"{title} text".encode(), "text/plain")
    return document_add(parent=parent, upload=upload, title=title, user=actor())


@pytest.fixture
def papers(world):
    from openpcc.meetings import services as m

    w, meetings = world, world.meetings
    item = m.agenda_item_add(meeting=meetings.held, number="7", title="Estates strategy", user=actor())
    upcoming_item = meetings.upcoming.items.get()
    return {
        "item": _paper(item, "Estates map"),
        "meeting": _paper(meetings.held, "Supplementary agenda"),
        "decision": _paper(w.decisions.published, "Contract award letter"),
        "hidden": [
            _paper(upcoming_item, "Hidden upcoming paper"),  # agenda not published yet
            _paper(meetings.exempt_item, "Hidden exempt paper"),
            _paper(meetings.exempt_report, "Hidden exempt report paper"),
            _paper(w.decisions.signed, "Hidden unpublished decision paper"),
            _paper(w.decisions.draft, "Hidden draft decision paper"),
        ],
        "item_record": item,
    }


def test_item_and_meeting_papers_show_on_the_public_meeting_page(client, world, papers):
    held = world.meetings.held
    html = client.get(f"/test-pcc/meetings/{held.pk}/").content.decode()
    item_card = html.split(f'id="item-{papers["item_record"].pk}"')[1].split("</section>")[0]
    assert "Estates map" in item_card and f'href="/test-pcc/documents/{papers["item"].pk}/"' in item_card
    assert "Papers for the meeting" in html and "Supplementary agenda" in html
    assert "Commissioning paper" in html  # the report's own paper, as before
    assert "Hidden" not in html
    upcoming = client.get(f"/test-pcc/meetings/{world.meetings.upcoming.pk}/").content.decode()
    assert "Hidden upcoming paper" not in upcoming


def test_staff_meeting_page_lists_item_papers(client, world, papers):
    client.force_login(world.editor)
    html = client.get(reverse("meetings_staff:meeting", args=["test-pcc", world.meetings.upcoming.pk])).content
    # staff see the papers of an agenda not yet published, linked to their staff pages
    assert f"/staff/test-pcc/documents/{papers['hidden'][0].pk}/" in html.decode()


def test_decision_and_report_pages_show_their_papers(client, world, papers):
    d = world.decisions.published
    html = client.get(f"/test-pcc/decisions/{d.reference_slug}/").content.decode()
    assert "Contract award letter" in html and f"/test-pcc/documents/{papers['decision'].pk}/" in html
    assert "Hidden" not in html
    report = client.get(reverse("meetings:report", args=["test-pcc", world.meetings.report.pk]))
    assert "Commissioning paper" in report.content.decode()


def test_body_papers_list(client, world, papers):
    listed = document_public_list(body=world.body)
    titles = [r.document.title for r in listed.rows]
    assert set(titles) == {"Estates map", "Supplementary agenda", "Contract award letter", "Commissioning paper"}
    assert not any("Hidden" in t or "Briefing" in t for t in titles)
    # newest first, by the date of what each belongs to (the meeting's, the decision's)
    dates = [r.date for r in listed.rows]
    assert dates == sorted(dates, reverse=True)
    by_title = {r.document.title: r for r in listed.rows}
    assert by_title["Estates map"].parent_url.endswith(f"#item-{papers['item_record'].pk}")
    assert by_title["Contract award letter"].parent_label.startswith(world.decisions.published.reference)
    assert by_title["Commissioning paper"].parent_kind == "Report"
    assert [r.document.title for r in document_public_list(body=world.body, parent="item").rows] == ["Estates map"]
    assert [r.document.title for r in document_public_list(body=world.body, q="award LETTER").rows] == [
        "Contract award letter"
    ]
    assert [r.document.title for r in document_public_list(body=world.body, file_type="pdf").rows] == [
        "Commissioning paper"
    ]
    year = world.decisions.published.decision_date.year
    assert [r.document.title for r in document_public_list(body=world.body, year=str(year)).rows] == [
        "Contract award letter"
    ]
    assert year in listed.years
    assert not document_public_list(body=world.other).rows
    bad = document_public_list(body=world.body, year="19x7", parent="nope", file_type="exe")
    assert set(bad.errors) == {"year", "parent", "type"} and len(bad.rows) == 4  # the bad filters are not used


def test_body_papers_page(client, world, papers):
    html = client.get("/test-pcc/documents/").content.decode()
    assert "4 papers" in html and "Estates map" in html and "Hidden" not in html and "Briefing" not in html
    assert f'href="/test-pcc/meetings/{world.meetings.held.pk}/#item-{papers["item_record"].pk}"' in html
    bad = client.get("/test-pcc/documents/", {"year": "twenty", "type": "exe"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Year must be a year, such as 2017" in text and "Choose a file type from the list" in text
    filtered = client.get("/test-pcc/documents/", {"parent": "decision"}).content.decode()
    assert "1 paper matches" in filtered and "Contract award letter" in filtered
    # linked from the body's home page and navigation
    home = client.get("/test-pcc/").content.decode()
    assert 'href="/test-pcc/documents/"' in home and "All 4 papers" in home and "Estates map" in home
