"""The generated files open outside our own code: every registered paper kind's Word document,
for every record it offers in the test world, is converted by LibreOffice (headless, one call for
them all, in a profile of its own) without error, and the text LibreOffice reads back holds every
paragraph, heading and table cell of the paper it was made from; each kind's PDF is read back by
pdftotext with its title, headings and figures. scripts/ensure-libreoffice.sh installs both
(`make test` runs it); without them this test fails and says so, it never skips."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from openpcc.boardpapers import render
from openpcc.boardpapers.selectors import paper_build, paper_kind_list
from openpcc.boardpapers.tests.papers_world import papers_world
from openpcc.boardpapers.tests.test_annual_report import PERIOD
from openpcc.core.board_paper import BulletList, Heading, Paper, Paragraph, StatusKey, Table

pytestmark = pytest.mark.django_db

FRAME = {"date": PERIOD["period_end"], "classification": "OFFICIAL", "contact_officer": "A. Officer"}
INSTALL = "run scripts/ensure-libreoffice.sh (as root it installs libreoffice-writer-nogui and poppler-utils)"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: {INSTALL}.")
    return path


def squash(text: str) -> str:
    return "".join(text.split())


def paper_texts(paper: Paper) -> list[str]:
    """Every piece of text the paper was made from: its title, frame, section and appendix titles,
    paragraphs, headings, list items and table cells."""
    f, c = paper.frame, paper.content
    out = [c.title, f.to, f.author, f.contact_officer, f.classification]
    blocks = []
    for _n, title, section_blocks in paper.numbered_sections():
        out.append(title)
        blocks += section_blocks
    for appendix in c.appendices:
        out.append(appendix.title)
        blocks += appendix.blocks
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(block.text)
        elif isinstance(block, BulletList):
            out += block.items
        elif isinstance(block, Table):
            out += [block.caption, *block.headings, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, StatusKey):
            out += [block.caption, *(text for entry in block.entries for text in entry)]
    return [t for t in out if t and t.strip()]


def _every_paper(world) -> dict[str, list[Paper]]:
    """Each kind the office writes, for every record it offers (public ones), the dates spanning
    every record of the world."""
    papers: dict[str, list[Paper]] = {}
    for kind in paper_kind_list(body=world.body, user=world.editor):
        choice = next((p for p in kind.params if p.kind == "choice" and p.required), None)
        dates = {p.name: PERIOD[p.name] for p in kind.params if p.kind == "date"}
        offered = choice.choices(body=world.body, private=False) if choice else [("", "")]
        papers[kind.key] = [
            paper_build(
                body=world.body,
                user=world.editor,
                key=kind.key,
                values={choice.name: value, **dates} if choice else dates,
                frame=FRAME,
            )
            for value, _label in offered
        ]
    return papers


@pytest.mark.whole_world
def test_every_paper_opens_in_libreoffice_and_reads_back_as_its_data(pinned_now, world, tmp_path):
    soffice, pdftotext = _tool("soffice"), _tool("pdftotext")
    papers_world(world)
    papers = _every_paper(world)
    assert all(papers.values()), f"a kind had no record to offer: {[k for k, v in papers.items() if not v]}"
    source, out = tmp_path / "docx", tmp_path / "txt"
    source.mkdir()
    expected: dict[str, Paper] = {}
    for key, made in papers.items():
        for n, paper in enumerate(made):
            name = f"{key}-{n}"
            (source / f"{name}.docx").write_bytes(render.paper_docx(paper))
            expected[name] = paper
        (tmp_path / f"{key}.pdf").write_bytes(render.paper_pdf(made[0]))

    # one LibreOffice process converts every document, in a profile of its own
    result = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            *sorted(str(p) for p in source.glob("*.docx")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr.replace("failed to launch javaldx", ""), result.stderr
    for name, paper in expected.items():
        converted = out / f"{name}.txt"
        assert converted.exists(), f"LibreOffice did not convert {name}.docx: {result.stdout} {result.stderr}"
        text = squash(converted.read_text(encoding="utf-8-sig"))
        missing = [t for t in paper_texts(paper) if squash(render.clean(t)) not in text]
        assert not missing, f"{name}: LibreOffice reads no {missing[:5]}"

    # and each kind's PDF opens in another reader, with its title, headings and every figure
    for key, made in papers.items():
        pdf = tmp_path / f"{key}.pdf"
        read = subprocess.run([pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, timeout=60)
        assert read.returncode == 0, f"{key}.pdf: {read.stderr}"
        text = squash(read.stdout)
        paper = made[0]
        wanted = [paper.content.title, *(t for _n, t, _b in paper.numbered_sections())]
        wanted += [
            cell
            for blocks in [b for _n, _t, b in paper.numbered_sections()] + [a.blocks for a in paper.content.appendices]
            for block in blocks
            if isinstance(block, Table)
            for row in block.rows
            for cell in row
            if cell.startswith("£") or cell.isdigit()
        ]
        missing = [t for t in wanted if squash(t) not in text]
        assert not missing, f"{key}.pdf: pdftotext reads no {missing[:5]}"
