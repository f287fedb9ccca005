"""Shared by every parser: dates, lines with their page, what a parser finds, a body's lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE_RE = re.compile(
    rf"\b(\d{{1,2}})(?:(?:st|nd|rd|th)\s*|\s+)({_MONTH_RE})\.?,?\s+(\d{{4}}|\d{{2}})\b|\b(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\b",
    re.IGNORECASE,
)
PASSAGE_CHARS = 400


def parse_date(text: str) -> date | None:
    """The first date written in ``text`` ("6 September 2017", "21st Sept 17", "06/09/2017")."""
    for match in DATE_RE.finditer(text or ""):
        try:
            if match.group(1):
                year = int(match.group(3))
                year = year + 2000 if year < 100 else year
                return date(year, MONTHS[match.group(2).lower().rstrip(".")], int(match.group(1)))
            return date(int(match.group(6)), int(match.group(5)), int(match.group(4)))
        except (ValueError, KeyError):
            continue
    return None


@dataclass(slots=True)  # made for every line of every paper: slots make that cheaper
class Line:
    text: str
    page: int
    index: int


@dataclass
class Found:
    """One proposed record: ``data`` in the shape the review form edits."""

    kind: str
    data: dict
    page: int
    passage: str
    children: list[Found] = field(default_factory=list)

    @property
    def label(self) -> str:
        return summary(self.kind, self.data)


def summary(kind: str, data: dict) -> str:
    if kind == "meeting":
        return f"{data.get('committee') or 'Meeting'}, {data.get('date') or 'date unknown'}"
    if kind == "attendance":
        return f"Attendance: {len(data.get('people') or [])} people"
    if kind == "agenda_item":
        return f"Item {data.get('number')}: {data.get('title')}"
    if kind == "action":
        return f"Action: {data.get('text', '')[:90]}"
    if kind == "report":
        return f"Report: {data.get('title')}"
    if kind == "decision":
        return f"Decision {data.get('reference') or '(no reference)'}: {data.get('subject', '')[:80]}"
    if kind == "plan_row":
        head = data.get("code") or "Priority without a code"
        if data.get("activity"):  # a project on a dashboard
            stage = data.get("stage") or data.get("status") or "no status"
            return f"{head} ({data.get('text', '')[:40]}): {data['activity'][:60]}, {stage}"
        return f"{head}: {data.get('text', '')[:80]}"
    return kind


@dataclass
class Lexicon:
    """What the body already knows: organisations (with short names) and people's initials.
    Used to recognise delivery leads and OPCC leads in scrambled table text."""

    organisations: dict[str, str] = field(default_factory=dict)  # lower-cased name or short name -> name
    initials: set[str] = field(default_factory=set)
    # the plan's priorities, code -> title: priorities written without codes are matched to these
    priorities: dict[str, str] = field(default_factory=dict)


def lines_of(pages: list[str]) -> list[Line]:
    out: list[Line] = []
    for number, text in enumerate(pages, start=1):
        # no-break spaces made plain a page at a time (the same as line by line after strip():
        # strip() takes off no-break spaces as well as plain ones)
        for raw in text.replace("\u00a0", " ").split("\n"):
            out.append(Line(raw.strip(), number, len(out)))
    return out


def _passage(lines: list[Line], start: int, end: int) -> str:
    text = " ".join(x.text for x in lines[start:end] if x.text)
    return text[:PASSAGE_CHARS]


def _join(lines: list[Line]) -> str:
    """Re-flow wrapped lines into paragraphs: blank lines separate paragraphs."""
    paragraphs, current = [], []
    for line in lines:
        if line.text:
            current.append(line.text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs).strip()  # each paragraph's spaces collapsed


def _flat(text: str) -> str:
    return " ".join((text or "").split())  # the same as collapsing \s+ and stripping, at a fraction of the cost
