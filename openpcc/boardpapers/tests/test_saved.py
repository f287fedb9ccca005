"""Generated papers kept as records: saved with a report, agenda item or meeting as a new version
(its PDF a paper of that place, with checksum, extracted text and search entry), "no change" when
nothing changed, what changed when something did, never a paper for a private meeting where the
public would see it, and the version kept never changing after."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openpcc.boardpapers import services
from openpcc.boardpapers.changes import paper_changes, paper_text
from openpcc.boardpapers.models import GeneratedPaper
from openpcc.boardpapers.selectors import generated_paper_latest, paper_build, place_choices
from openpcc.boardpapers.services import generated_paper_save
from openpcc.core.board_paper import Appendix, Heading, Paper, PaperContent, PaperFrame, Paragraph, Section, Table
from openpcc.documents.models import Document
from openpcc.meetings import services as meetings
from openpcc.search.models import SearchEntry
from tests.factories import actor

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2017, 9, 21), "classification": "OFFICIAL"}


def _action_log(world, *, private: bool = False, user=None) -> Paper:
    return paper_build(
        body=world.body,
        user=user or world.editor,
        key="action-log",
        values={"committee": str(world.meetings.committee.pk)},
        frame=FRAME,
        private=private,
    )


EDITOR = object()


def _save(world, paper: Paper, parent=None, user=EDITOR, word: bool = False):
    return generated_paper_save(
        body=world.body,
        paper=paper,
        parameters={"committee": str(world.meetings.committee.pk)},
        parent=parent or world.meetings.report,
        user=world.editor if user is EDITOR else user,
        word=word,
    )


def _raise(world, text: str):
    return meetings.action_raise(
        meeting=world.meetings.held,
        agenda_item=world.meetings.report.agenda_item,
        text=text,
        owner="OPCC",
        user=actor(),
    )


# --- the text kept and what changed ----------------------------------------------------------------


def _paper(rows, *, sections=("Background",), when=date(2020, 1, 1)) -> Paper:
    content = PaperContent(
        title="Delivery",
        purpose="To report.",
        sections=tuple(Section(t, (Paragraph(f"{t} text."),)) for t in sections),
        appendices=(Appendix("Activities", (Heading("Victims"), Table("Activities", ("Code", "Status"), rows))),),
    )
    return Paper(frame=PaperFrame(body_name="OPCC", to="The Board", author="OPCC", date=when), content=content)


def test_the_text_says_each_row_and_section_on_its_own_line():
    text = paper_text(_paper((("V1.1", "Green"), ("V1.2", "Amber"))))
    lines = text.splitlines()
    assert "§ 2. Background" in lines and "¶ 2.1 Background text." in lines
    assert "§ Appendix 1: Activities" in lines and "## Victims" in lines
    assert "Row: V1.1 | Green" in lines and "Row: V1.2 | Amber" in lines
    assert "Date: 1 January 2020" in lines


def test_what_changed_names_sections_and_rows():
    old = paper_text(_paper((("V1.1", "Green"), ("V1.2", "Amber"), ("V1.3", "Red"))))
    new = paper_text(
        _paper(
            (("V1.1", "Green"), ("V1.2", "Green"), ("V1.4", "Amber"), ("V1.5", "Amber")),
            sections=("Risks", "Background"),
            when=date(2020, 2, 1),
        )
    )
    changes = paper_changes(old, new)
    assert "Date changed from “1 January 2020” to “1 February 2020”." in changes
    assert "Section added: 2. Risks." in changes
    # the sections after it are numbered on, but are the same sections: not "removed" and "added"
    assert not any("Background" in c for c in changes)
    appendix = next(c for c in changes if c.startswith("Appendix 1: Activities"))
    assert "2 rows changed (“V1.2” (Status), “V1.4” (Code, Status))" in appendix, appendix
    assert "1 row added (“V1.5”)" in appendix
    back = paper_changes(new, old)
    assert "Section removed: 2. Risks." in back and not any("Background" in c for c in back)
    assert paper_changes(old, old) == []


# --- saving ----------------------------------------------------------------------------------------


def test_a_saved_paper_is_a_paper_of_the_report_with_checksum_text_and_search_entry(world):
    kept = _save(world, _action_log(world), word=True)
    version = kept.version
    assert kept.saved and version.version == 1 and version.changes == []
    report = world.meetings.report
    pdf = Document.objects.get(pk=version.pdf_id)
    assert (pdf.parent_type, pdf.parent_id) == (ContentType.objects.get_for_model(report), report.pk)
    assert pdf.kind == "pdf" and pdf.title == f"{version.title} (version 1)"
    with pdf.file.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == pdf.sha256
    assert pdf.status == Document.Status.DONE and "Circulate the figures" in pdf.text
    assert version.docx.kind == "docx" and version.docx.parent_id == report.pk
    assert "Circulate the figures" in version.text
    # the report's papers are public: so is this one, and it is found by search
    assert Document.objects.published().filter(pk=pdf.pk).exists()
    assert SearchEntry.objects.filter(title__startswith=version.title, text__contains="Circulate the figures").exists()


def test_regenerating_after_a_record_changes_makes_version_two_saying_what_changed(world):
    first = _save(world, _action_log(world)).version
    _raise(world, "Publish the victims survey")
    kept = _save(world, _action_log(world))
    assert kept.saved and kept.version.version == 2
    changes = kept.version.changes
    assert any("1 row added" in c for c in changes), changes
    assert any(c.startswith("3. Summary: 1 paragraph changed (now “The log holds 2 actions") for c in changes), changes
    # both versions stay, each with its own PDF, both papers of the report
    assert set(GeneratedPaper.objects.values_list("version", flat=True)) == {1, 2}
    assert Document.objects.filter(pk__in=[first.pdf_id, kept.version.pdf_id]).count() == 2


def test_regenerating_with_no_change_saves_nothing(world):
    first = _save(world, _action_log(world)).version
    documents = Document.objects.count()
    again = _save(world, _action_log(world))
    assert not again.saved and again.version.pk == first.pk
    assert GeneratedPaper.objects.count() == 1 and Document.objects.count() == documents


def test_the_version_kept_never_changes_when_the_records_do(world):
    first = _save(world, _action_log(world)).version
    text, pdf = first.text, Document.objects.get(pk=first.pdf_id)
    with pdf.file.open("rb") as fh:
        pdf_bytes = fh.read()
    action = world.meetings.action
    meetings.action_update_add(action=action, text="Figures circulated to members", user=actor())
    _raise(world, "A later action")
    assert "A later action" in paper_text(_action_log(world))  # the live paper has moved on
    first.refresh_from_db()
    assert first.text == text and "A later action" not in first.text
    assert hashlib.sha256(text.encode()).hexdigest() == first.text_sha256
    pdf.refresh_from_db()
    with pdf.file.open("rb") as fh:
        assert fh.read() == pdf_bytes
    assert "A later action" not in pdf.text


def test_a_private_paper_is_kept_only_where_papers_are_never_public(world):
    m = world.meetings
    private_paper = _action_log(world, private=True)
    for public_place in (m.report, m.held, m.upcoming):  # public now, or once its agenda is published
        with pytest.raises(ValidationError) as refused:
            _save(world, private_paper, parent=public_place)
        assert "made for a private meeting" in str(refused.value)
    assert not GeneratedPaper.objects.exists()
    for private_place in (m.private_report, m.exempt_item):
        kept = _save(world, private_paper, parent=private_place)
        assert kept.saved and kept.version.private
        assert not Document.objects.published().filter(pk=kept.version.pdf_id).exists()
    # and only such places are offered for it
    offered = [v for _, options in place_choices(body=world.body, private=True) for v, _ in options]
    assert f"report:{m.private_report.pk}" in offered and f"report:{m.report.pk}" not in offered
    assert f"item:{m.exempt_item.pk}" in offered and f"meeting:{m.upcoming.pk}" not in offered


def test_a_place_of_another_body_or_a_user_without_the_roles_is_refused(world):
    other_item = world.meetings.other_meeting.items.get()
    with pytest.raises(ValidationError, match="Choose a meeting, agenda item or report of"):
        _save(world, _action_log(world), parent=other_item)
    with pytest.raises(PermissionDenied):
        _save(world, _action_log(world), user=world.panel_member)
    with pytest.raises(PermissionDenied):
        _save(world, _action_log(world), user=None)
    assert not GeneratedPaper.objects.exists()


def test_two_saves_at_once_never_make_the_same_version(world, monkeypatch):
    first = _save(world, _action_log(world)).version
    _raise(world, "Another action")
    stale = generated_paper_latest(parent=world.meetings.report, kind="action-log")
    _save(world, _action_log(world))  # someone else's save, a moment before ours
    _raise(world, "Yet another action")
    monkeypatch.setattr(services, "generated_paper_latest", lambda **kw: stale)  # ours still saw version 1
    documents = Document.objects.count()
    with pytest.raises(ValidationError, match=r"Version 2 of this paper .* was saved by someone else"):
        _save(world, _action_log(world))
    assert sorted(GeneratedPaper.objects.values_list("version", flat=True)) == [1, 2]
    assert Document.objects.count() == documents
    assert first.version == 1


# --- the pages -------------------------------------------------------------------------------------


def _post(world, **more) -> dict:
    return {
        "kind": "action-log",
        "committee": str(world.meetings.committee.pk),
        "date": "2017-09-21",
        "classification": "OFFICIAL",
        "place": f"report:{world.meetings.report.pk}",
        **more,
    }


def test_save_from_the_page_then_see_the_versions(world, login):
    client = login(world.editor)
    save = reverse("boardpapers_staff:save", args=[world.body.slug])
    preview = client.get(
        reverse("boardpapers_staff:generate", args=[world.body.slug]),
        {**_post(world), "format": "html"},
    ).content.decode()
    assert "Keep this paper with a meeting" in preview and f'value="report:{world.meetings.report.pk}"' in preview
    response = client.post(save, _post(world))
    version = GeneratedPaper.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "boardpapers_staff:versions", args=[world.body.slug, version.pk]
    )
    _raise(world, "Publish the victims survey")
    client.post(save, _post(world))
    page = client.get(reverse("boardpapers_staff:versions", args=[world.body.slug, version.pk])).content.decode()
    assert "Version 2 (latest)" in page and "Version 1" in page and "1 row added" in page
    assert reverse("documents_staff:file", args=[world.body.slug, version.pdf_id]) in page
    again = client.post(save, _post(world), follow=True).content.decode()
    assert "No change: the paper says what version 2 says" in again
    listed = client.get(reverse("boardpapers_staff:saved", args=[world.body.slug])).content.decode()
    assert "Version 2" in listed and "Victim services commissioning" in listed and "Version 1<" not in listed


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("", "Choose where to keep the paper"),
        ("report:99999999", "from the list"),
        ("nothing:1", "from the list"),
        ("report:abc", "from the list"),
    ],
)
def test_a_bad_place_is_named_and_nothing_is_saved(world, login, place, message):
    client = login(world.editor)
    response = client.post(reverse("boardpapers_staff:save", args=[world.body.slug]), _post(world, place=place))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not GeneratedPaper.objects.exists()


def test_a_private_paper_on_a_public_report_is_refused_on_the_page(world, login):
    client = login(world.editor)
    response = client.post(
        reverse("boardpapers_staff:save", args=[world.body.slug]), _post(world, private="on", classification="OFFICIAL")
    )
    assert response.status_code == 200 and "made for a private meeting" in response.content.decode()
    assert not GeneratedPaper.objects.exists()


def test_the_pages_are_for_the_body_staff_who_may_generate(world, client, login):
    version = _save(world, _action_log(world)).version
    pages = [
        reverse("boardpapers_staff:saved", args=[world.body.slug]),
        reverse("boardpapers_staff:versions", args=[world.body.slug, version.pk]),
    ]
    for url in pages:
        assert client.get(url).status_code == 302
    assert login(world.panel_member).get(pages[1]).status_code == 403
    assert login(world.other_editor).get(pages[1]).status_code == 403
    # another body's address for this paper finds nothing
    other = reverse("boardpapers_staff:versions", args=[world.other.slug, version.pk])
    assert login(world.other_editor).get(other).status_code == 404
    assert (
        login(world.editor).post(reverse("boardpapers_staff:save", args=[world.other.slug]), _post(world)).status_code
        == 403
    )
