"""Board papers out: each registered paper's content from the test world, the three outputs
(HTML, Word, PDF) read back, a frozen round reproducing after the plan changes, and no draft,
exempt, private or other body's record in any public paper."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pikepdf
import pypdfium2
import pytest
from docx import Document

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import PaperProblem, paper_build, paper_kind_list
from openpcc.core.board_paper import Table
from openpcc.core.models import Role
from openpcc.core.registry import board_papers
from tests.factories import DRAFT_MARKER, EXEMPT_MARKER, OTHER_BODY_MARKER, PRIVATE_MARKER, actor, user_make

pytestmark = pytest.mark.django_db

FRAME = {"date": date(2017, 9, 21), "classification": "OFFICIAL", "to": "Business Coordination Board"}
YEAR = {"period_start": date(2017, 1, 1), "period_end": date(2017, 12, 31)}
MARKERS = (DRAFT_MARKER, EXEMPT_MARKER, PRIVATE_MARKER, OTHER_BODY_MARKER)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def squash(text: str) -> str:
    """Text with its line breaks and spacing dropped: a PDF wraps a table cell's words anywhere."""
    return "".join(text.split())


def build(world, key: str, values: dict, *, private: bool = False, user=None):
    return paper_build(body=world.body, user=user or world.editor, key=key, values=values, frame=FRAME, private=private)


def test_the_first_papers_are_registered_by_their_domains(world):
    keys = {k.key for k in board_papers()}
    assert {"plan-delivery", "decisions", "action-log", "work-programme"} <= keys
    # an editor at an office may generate each; a panel member (no edit role) none
    assert {k.key for k in paper_kind_list(body=world.body, user=world.editor)} >= keys
    assert paper_kind_list(body=world.body, user=world.panel_member) == []
    # a panel keeps no plan and records no decisions of its own
    panel_keys = {k.key for k in board_papers("panel")}
    assert "plan-delivery" not in panel_keys and "decisions" not in panel_keys and "action-log" in panel_keys


def test_delivery_appendix_holds_the_published_round(world):
    paper = build(world, "plan-delivery", {"round": str(world.published_round.pk)})
    c = paper.content
    assert c.title == "Police and Crime Plan 2017-20: delivery report, 2017/18 Q1"
    assert paper.frame.to == "Business Coordination Board"
    appendix = c.appendices[0]
    key = appendix.blocks[0]
    assert ("Green: On target", "On target") in key.entries
    tables = [b for b in appendix.blocks if isinstance(b, Table)]
    rows = [row for t in tables for row in t.rows]
    assert [r[0] for r in rows] == ["V1.1", "V3.1", "V5.1", "O2.1", "O4.1"]
    v1 = rows[0]
    assert v1[1].startswith("V1 Priority number 1 for Victims")
    assert "OPCC lead: Lead Officer" in v1[2] and "Constabulary" in v1[2]
    assert (v1[3], v1[4], v1[5]) == ("Work 1", "Green: On target", "Published narrative.")
    summary = " ".join(p.text for p in c.sections[0].blocks)
    assert "5 priorities for action under 2 themes" in summary and "Green: On target: 5 of 5 priorities" in summary


def test_an_unpublished_round_is_only_for_a_private_meeting(world):
    with pytest.raises(PaperProblem, match="round: choose a published reporting round"):
        build(world, "plan-delivery", {"round": str(world.open_round.pk)})
    with pytest.raises(PaperProblem, match="round:"):
        build(world, "plan-delivery", {"round": str(world.other_round.pk)}, private=True)  # another body's
    paper = build(world, "plan-delivery", {"round": str(world.open_round.pk)}, private=True)
    assert DRAFT_MARKER in render.paper_html(paper)
    assert paper.frame.private


def test_a_frozen_round_reads_the_same_however_the_plan_changes(world):
    from openpcc.plans import services as plans
    from openpcc.plans.models import DeliveryStatus

    values = {"round": str(world.published_round.pk)}
    before = build(world, "plan-delivery", values)
    html, docx, pdf = render.paper_html(before), render.paper_docx(before), render.paper_pdf(before)

    priority = world.plan.priorities.get(code="V1")
    plans.priority_edit(
        priority=priority,
        expected_version=priority.version,
        user=actor(),
        theme=priority.theme,
        code="V1",
        text="A rewritten priority",
        opcc_lead=None,
        delivery_leads=[],
        notes="",
    )
    plans.activity_create(priority=priority, code="V1.9", key_delivery="Brand new work", user=actor())
    DeliveryStatus.objects.filter(plan=world.plan, code="green").update(label="Renamed status")
    plans.round_publish(round=world.open_round, user=actor())

    after = build(world, "plan-delivery", values)
    assert after == before
    assert render.paper_html(after) == html
    assert docx_text(render.paper_docx(after)) == docx_text(docx)
    assert pdf_text(render.paper_pdf(after)) == pdf_text(pdf)
    assert "A rewritten priority" not in html and "Renamed status" not in html
    # and the newly published round does show the change, so the comparison above could fail
    newer = build(world, "plan-delivery", {"round": str(world.open_round.pk)})
    assert "A rewritten priority" in render.paper_html(newer)


def test_decisions_by_the_commissioner(world):
    from openpcc.decisions import services as d

    published = world.decisions.published
    d.forward_decision_add(body=world.body, topic="Estates strategy", timescale="Spring 2018", user=actor())
    paper = build(world, "decisions", YEAR)
    table = paper.content.appendices[0].blocks[0]
    assert table.rows == (
        (
            published.reference,
            "21 September 2017",
            "Victim services contract",
            "Award the victim services contract.",
            "£150,000 a year for two years",
            "Police and Crime Commissioner",
        ),
    )
    forward = paper.content.appendices[1].blocks[0]
    assert forward.rows == (("Estates strategy", "Spring 2018", ""),)
    assert "1 decision was recorded" in paper.content.sections[0].blocks[0].text
    # a withheld part says so, with the reason
    published.exempt_parts = ["decision"]
    published.save(update_fields=["exempt_parts"])
    again = build(world, "decisions", YEAR)
    assert again.content.appendices[0].blocks[0].rows[0][3] == "Withheld: Legal advice is privileged."
    with pytest.raises(PaperProblem, match="period_end: the period ends before it starts"):
        build(world, "decisions", {"period_start": date(2018, 1, 1), "period_end": date(2017, 1, 1)})


def test_action_log_and_work_programme(world):
    m = world.meetings
    log = build(world, "action-log", {"committee": str(m.committee.pk)})
    rows = log.content.appendices[0].blocks[0].rows
    assert [r[2] for r in rows] == ["Circulate the figures"]
    assert rows[0][3] == "OPCC" and rows[0][5] == "Open, overdue"
    assert log.content.sections[0].blocks[0].text.startswith("The log holds 1 action: 1 open (1 past")
    programme = build(world, "work-programme", {"committee": str(m.committee.pk)})
    html = render.paper_html(programme)
    assert "Possible topic: rural crime" in html
    with pytest.raises(PaperProblem, match="committee: choose one of this body's committees"):
        build(world, "action-log", {"committee": "not-a-number"})


def _every_choice(world, kind, private):
    """Each set of values the kind's parameters allow at the body: every record it offers."""
    choice_params = [p for p in kind.params if p.kind == "choice"]
    if not choice_params:
        yield dict(YEAR) if kind.params else {}
        return
    param = choice_params[0]
    for value, _label in param.choices(body=world.body, private=private):
        yield {param.name: value, **{p.name: YEAR[p.name] for p in kind.params if p.kind == "date"}}


@pytest.mark.whole_world
def test_no_public_paper_holds_a_draft_exempt_or_private_record(world):
    from openpcc.decisions import services as d

    # besides the world's drafts, exempt items and private briefing: a published decision made exempt
    exempt = d.decision_create(
        body=world.body,
        user=actor(),
        fields={"subject": f"Exempt {EXEMPT_MARKER}", "decision": EXEMPT_MARKER, "amount": Decimal("1")},
    )
    exempt = d.decision_sign(decision=exempt, user=actor(), on=date(2017, 11, 1))
    exempt = d.decision_publish(decision=exempt, user=actor())
    type(exempt).objects.filter(pk=exempt.pk).update(is_exempt=True, exempt_reason="Commercial")

    outputs = 0
    for kind in paper_kind_list(body=world.body, user=world.editor):
        for values in _every_choice(world, kind, private=False):
            paper = build(world, kind.key, values)
            texts = {
                "html": render.paper_html(paper),
                "docx": docx_text(render.paper_docx(paper)),
                "pdf": squash(pdf_text(render.paper_pdf(paper))),
            }
            for name, text in texts.items():
                outputs += 1
                for marker in MARKERS:
                    assert marker not in text, f"{kind.key} {values} ({name}) holds {marker}"
    assert outputs >= 12  # four kinds, three outputs each: the loop above really ran

    # for a private meeting, staff see the exempt action and the unpublished decisions: the check can fail
    committee = str(world.meetings.committee.pk)
    private_log = render.paper_html(build(world, "action-log", {"committee": committee}, private=True))
    assert EXEMPT_MARKER in private_log
    private_decisions = render.paper_html(build(world, "decisions", YEAR, private=True))
    assert EXEMPT_MARKER in private_decisions and f"Signed {DRAFT_MARKER}" in private_decisions
    assert f"Draft {DRAFT_MARKER}" not in private_decisions  # a draft is never a decision


def test_a_user_without_the_roles_cannot_build_a_paper(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        build(world, "plan-delivery", {"round": str(world.published_round.pk)}, user=world.panel_member)
    with pytest.raises(PermissionDenied):
        build(world, "plan-delivery", {"round": str(world.published_round.pk)}, user=world.other_editor)
    secretariat = user_make("clerk", (world.body, Role.SECRETARIAT))
    # a clerk may write the meetings' papers but not the plan's
    assert {k.key for k in paper_kind_list(body=world.body, user=secretariat)} == {"action-log", "work-programme"}


def test_word_document_reads_back_with_headings_tables_and_numbers(world):
    paper = build(world, "plan-delivery", {"round": str(world.published_round.pk)})
    doc = Document(io.BytesIO(render.paper_docx(paper)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", paper.content.title)
    assert ("Heading 2", "1. Purpose") in headings and ("Heading 3", "Theme V: Victims") in headings
    assert any(p.text.startswith("1.1\tTo report progress") for p in doc.paragraphs)
    assert doc.core_properties.title == paper.content.title
    table = doc.tables[1]  # after the status key
    assert [c.text for c in table.rows[0].cells] == list(
        render.paper_view(paper)["appendices"][0]["blocks"][2]["headings"]
    )
    assert [c.text for c in table.rows[1].cells][:1] == ["V1.1"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    footer = doc.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "PAGE" in footer
    assert doc.sections[-1].page_width > doc.sections[-1].page_height  # the appendix is landscape


def test_pdf_is_tagged_with_bookmarks_contents_and_page_numbers(world):
    paper = build(world, "plan-delivery", {"round": str(world.published_round.pk)})
    data = render.paper_pdf(paper)
    pdf = pypdfium2.PdfDocument(data)
    pages = len(pdf)
    text = pdf_text(data)
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in text
    toc = [(b.level, b.get_title()) for b in pdf.get_toc()]
    assert (0, paper.content.title) in toc and (1, "1. Purpose") in toc and (2, "Theme V: Victims") in toc
    flat = squash(text)
    for code in ("V1.1", "V3.1", "V5.1", "O2.1", "O4.1"):
        assert code in flat
    assert squash("Published narrative.") in flat and "Contents" in text
    with pikepdf.open(io.BytesIO(data)) as doc:
        assert "/StructTreeRoot" in doc.Root and bool(doc.Root.MarkInfo.Marked)
        assert str(doc.Root.Lang) == "en-GB"
        assert str(doc.open_metadata().get("pdfuaid:part")) == "1"


def test_html_tables_have_header_scopes_and_headings_in_order(world):
    import re
    from itertools import pairwise

    paper = build(world, "plan-delivery", {"round": str(world.published_round.pk)})
    html = render.paper_document(paper)
    assert 'scope="col"' in html and 'scope="row"' in html and "<caption" in html
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in pairwise(levels))
    assert 'lang="en-GB"' in html and "<title>" in html
    assert "style=" not in render.paper_html(paper) and "<script" not in html


def test_text_with_control_characters_still_makes_a_word_document(world):
    from openpcc.plans.models import Snapshot

    # control characters Word cannot hold (not NUL: PostgreSQL keeps none in JSON)
    snapshot = Snapshot.objects.get(round=world.published_round)
    snapshot.data["themes"][0]["priorities"][0]["activities"][0]["narrative"] = "Odd\x0b text\x1f here"
    snapshot.save(update_fields=["data"])
    paper = build(world, "plan-delivery", {"round": str(world.published_round.pk)})
    assert "Odd text here" in docx_text(render.paper_docx(paper))
