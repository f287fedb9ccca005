"""The staff page that generates board papers: choose, preview, download; bad input is a clear
message on the page, never a 500; people without the roles are refused."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

pytestmark = pytest.mark.django_db


def _url(world, **query) -> str:
    from urllib.parse import urlencode

    return reverse("boardpapers_staff:generate", args=[world.body.slug]) + (f"?{urlencode(query)}" if query else "")


def _round(world, **more) -> dict:
    return {
        "kind": "plan-delivery",
        "round": world.published_round.pk,
        "date": "2017-09-21",
        "classification": "OFFICIAL",
        **more,
    }


def test_choose_a_paper_then_preview_it(world, login):
    client = login(world.editor)
    page = client.get(_url(world)).content.decode()
    for title in ("Delivery of the Police and Crime Plan", "Decisions by the Commissioner", "Action log"):
        assert title in page
    form = client.get(_url(world, kind="plan-delivery")).content.decode()
    assert "2017/18 Q1" in form and "2017/18 Q2" not in form  # the open round is not offered
    preview = client.get(_url(world, **_round(world, format="html")))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Police and Crime Plan 2017-20: delivery report, 2017/18 Q1" in html
    assert '<h3 class="govuk-heading-l opcc-paper__title">' in html  # under the page's h1 and "Preview" h2
    assert "format=docx" in html and "Published narrative." in html


def test_downloads_word_and_pdf(world, login):
    client = login(world.editor)
    docx = client.get(_url(world, **_round(world, format="docx")))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment;" in docx["Content-Disposition"] and ".docx" in docx["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Police and Crime Plan 2017-20: delivery report, 2017/18 Q1" in text
    pdf = client.get(_url(world, **_round(world, format="pdf")))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"round": "99999"}, "Choose a reporting round from the list."),
        ({"round": "abc"}, "Choose a reporting round from the list."),
        ({"date": "31/31/2017"}, "Enter a valid date."),
        ({"classification": "SECRET"}, "Select a valid choice."),
    ],
)
def test_bad_values_are_named_on_the_page(world, login, query, message):
    client = login(world.editor)
    response = client.get(_url(world, **_round(world, format="pdf", **query)))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "There is a problem" in html and message in html


def test_an_unknown_kind_or_a_bad_period_is_named(world, login):
    client = login(world.editor)
    html = client.get(_url(world, kind="no-such-paper")).content.decode()
    assert "There is a problem" in html and "no-such-paper" in html
    html = client.get(
        _url(
            world,
            kind="decisions",
            period_start="2018-01-01",
            period_end="2017-01-01",
            date="2017-09-21",
            classification="OFFICIAL",
            format="html",
        )
    ).content.decode()
    assert "the period ends before it starts" in html


def test_only_staff_with_edit_rights(world, client, login):
    assert client.get(_url(world)).status_code == 302
    assert login(world.panel_member).get(_url(world)).status_code == 403
    assert login(world.other_editor).get(_url(world, **_round(world, format="pdf"))).status_code == 403


def test_a_private_meeting_paper_is_marked(world, login):
    client = login(world.editor)
    html = client.get(
        _url(
            world,
            **_round(
                world, round=world.open_round.pk, format="html", classification="NOT PROTECTIVELY MARKED", private="on"
            ),
        )
    ).content.decode()
    assert "For a private meeting" in html and "OFFICIAL-SENSITIVE" in html
