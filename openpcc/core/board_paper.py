"""What a board paper says, as plain data: the structure a domain's paper kind returns and the one
renderer (openpcc.boardpapers) turns into an accessible page, a Word document and a PDF.

A paper is the frame the offices use (to, from, date, purpose, recommendations, numbered
sections, background documents, appendices, contact officer, classification) around the content a
domain writes from its records. Nothing here knows a domain; the renderer knows nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The markings a paper can carry (the Government Security Classifications, as the seeds use them).
CLASSIFICATIONS = ("NOT PROTECTIVELY MARKED", "OFFICIAL", "OFFICIAL-SENSITIVE")


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph of a section (5.1, 5.2 ...); unnumbered in an appendix."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A heading inside an appendix (a theme of the plan, a committee), one level below it."""

    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: ``headings`` for the columns; each row a tuple of cells. When ``row_headings`` the
    first cell of each row heads that row (a reference, a code)."""

    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_headings: bool = True


@dataclass(frozen=True)
class StatusKey:
    """A status key: each entry's name says its colour in words, so no meaning rests on colour."""

    caption: str
    entries: tuple[tuple[str, str], ...]  # (name, meaning)


Block = Paragraph | Heading | BulletList | Table | StatusKey


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Appendix:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class BackgroundDocument:
    title: str
    url: str = ""


@dataclass(frozen=True)
class PaperContent:
    """What a paper kind writes from the records: its title, purpose, recommendations, the
    sections between them and the background documents, and the appendices. ``suggested_to`` is
    whom the records say it goes to (a round's "reported to"), offered as the frame's default."""

    title: str
    purpose: str
    recommendations: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    appendices: tuple[Appendix, ...] = ()
    background_documents: tuple[BackgroundDocument, ...] = ()
    suggested_to: str = ""


@dataclass(frozen=True)
class PaperFrame:
    """What the person generating a paper says about it: whom it goes to, from whom, its date,
    the contact officer and its marking, and the body whose paper it is."""

    body_name: str
    to: str
    author: str
    date: date
    contact_officer: str = ""
    classification: str = "NOT PROTECTIVELY MARKED"
    private: bool = False  # generated for a private meeting: may hold records not yet public


@dataclass(frozen=True)
class Paper:
    frame: PaperFrame
    content: PaperContent
    kind: str = ""

    def numbered_sections(self) -> list[tuple[int, str, tuple[Block, ...]]]:
        """Every numbered section in order: purpose, recommendations, the paper's own, background
        documents and the list of appendices; the three outputs number them the same way."""
        c = self.content
        out: list[tuple[str, tuple[Block, ...]]] = [("Purpose", (Paragraph(c.purpose),) if c.purpose else ())]
        if c.recommendations:
            out.append(("Recommendations", tuple(Paragraph(r) for r in c.recommendations)))
        out += [(s.title, s.blocks) for s in c.sections]
        if c.background_documents:
            out.append(
                (
                    "Background documents",
                    tuple(Paragraph(f"{d.title} {d.url}".strip()) for d in c.background_documents),
                )
            )
        if c.appendices:
            out.append(
                ("Appendices", tuple(Paragraph(f"Appendix {n}: {a.title}") for n, a in enumerate(c.appendices, 1)))
            )
        return [(n, title, blocks) for n, (title, blocks) in enumerate(out, 1)]


def counted(n: int, singular: str, plural: str = "") -> str:
    """ "1 decision", "3 decisions": numbers in a paper's sentences read as they should."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def money(value) -> str:
    """Money in a paper is always pounds and pence, so totals add up to the penny: £3,460,000.00."""
    return f"£{value:,.2f}"


def financial_year_of(day: date) -> int:
    """The year the financial year holding ``day`` starts in (1 April): 15 March 2020 gives 2019."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year(start_year: int) -> str:
    """The financial year that starts on 1 April of ``start_year``: 2019 gives "2019/20"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"
