"""Shared by every parser: dates, lines with their page, what a parser finds, a body's lexicon."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate, count, repeat
from operator import attrgetter
from typing import NamedTuple

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


class Line(NamedTuple):
    """A line of a paper: its text, its page and its place among the paper's lines. Made for every
    line of every paper, so a tuple (lines_of makes them without a Python call each); never
    changed once made."""

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


_TEXT = attrgetter("text")
_INDEX = attrgetter("index")


def texts_of(lines: list[Line]) -> list[str]:
    """The lines' texts (taken in C, without a Python step a line)."""
    return list(map(_TEXT, lines))


def in_place(lines: list[Line]) -> bool:
    """Whether each line's index is its place in ``lines``."""
    return list(map(_INDEX, lines)) == list(range(len(lines)))


def lines_of(pages: list[str]) -> list[Line]:
    raws: list[str] = []
    numbers: list[int] = []
    for number, text in enumerate(pages, start=1):
        # no-break spaces made plain a page at a time (the same as line by line after strip():
        # strip() takes off no-break spaces as well as plain ones)
        page = text.replace("\u00a0", " ").split("\n")
        raws.extend(page)
        numbers.extend(repeat(number, len(page)))
    # Line(text, page, index) for each, made in C: tuple.__new__ over the fields, no call a line
    return list(map(tuple.__new__, repeat(Line), zip(map(str.strip, raws), numbers, count())))


# --- finding the few lines a pattern can match ------------------------------------------------
#
# Most of a parser's patterns match a handful of a paper's thousands of lines, and every one of
# them needs a word that can be looked for: "decision", "ref", a tab, a line starting "Agenda".
# Trying the pattern on every line costs a Python step a line per pattern; finding the word in the
# paper's whole text is one pass in C. So the parsers ask which lines hold the word and try the
# pattern on those lines only: the word is a test every matching line passes (a prefilter), and
# the pattern still decides. The paper's text is joined once, shared by every parser, and each
# word is looked for once.

# Characters re.IGNORECASE reads as a plain (ASCII) letter though they are not one: dotted capital
# i, dotless i, long s, the Kelvin sign. A text holding one gives every line for a folded word.
_FOLDS_APART = ("\u0130", "\u0131", "\u017f", "\u212a")


class _Joined:
    """A paper's lines as one text, each line after a newline, as bytes: Latin-1, with a "?"
    for any other character, so a character is a byte and a position in the text is a position
    in the lines; ASCII words are found in it exactly as in the lines."""

    __slots__ = ("answers", "count", "data", "lines", "longest", "lowered", "printable", "starts")

    def __init__(self, lines: list[Line]):
        texts = texts_of(lines)
        text = "\n" + "\n".join(texts)
        self.lines, self.count = lines, len(lines)
        self.data = text.encode("latin-1", "replace")
        # ASCII letters lower-cased (what re.IGNORECASE matches an ASCII letter to, but for the
        # characters of _FOLDS_APART)
        self.lowered = None if any(c in text for c in _FOLDS_APART) else self.data.lower()
        self.starts = list(accumulate(map((1).__add__, map(len, texts)), initial=1))  # where each line starts
        self.printable = "".join(texts).isprintable()  # no line holds a tab, a control or other space
        self.longest = max(map(len, texts), default=0)
        self.answers: dict[tuple, list[int]] = {}

    def holding(self, word: str, fold: bool, at_start: bool, at_end: bool = False) -> list[int]:
        key = (word, fold, at_start, at_end)
        found = self.answers.get(key)
        if found is not None:
            return found
        if fold and self.lowered is None:
            found = list(range(self.count))
        else:
            data = self.lowered if fold else self.data
            needle = ("\n" + word if at_start else word + "\n" if at_end else word).encode("ascii")
            starts, count, found = self.starts, self.count, []
            at = data.find(needle)
            while at != -1:
                k = bisect_right(starts, at + 1 if at_start else at) - 1
                found.append(k)
                if k + 1 >= count:
                    break
                # on from the next line (from the newline before it, for a word at a line's start)
                at = data.find(needle, starts[k + 1] - 1 if at_start else starts[k + 1])
            if at_end and count and data.endswith(word.encode("ascii")) and (not found or found[-1] != count - 1):
                found.append(count - 1)  # the last line, which no newline follows
        self.answers[key] = found
        return found


_JOINED: dict[int, _Joined] = {}


def _joined(lines: list[Line]) -> _Joined:
    joined = _JOINED.get(id(lines))
    if joined is None or joined.lines is not lines or joined.count != len(lines):
        if len(_JOINED) >= 8:  # papers parsed outside parse() (which forgets them) are let go too
            _JOINED.clear()
        joined = _JOINED[id(lines)] = _Joined(lines)  # it holds the list: no other list takes the id
    return joined


def forget_joined() -> None:
    _JOINED.clear()


def lines_with(
    lines: list[Line], *words: str, fold: bool = False, at_start: bool = False, at_end: bool = False
) -> list[int]:
    """The indexes, in order, of the lines whose text holds one of ``words`` (ASCII, without "?"),
    or starts (``at_start``) or ends (``at_end``) with one. With ``fold`` the words, in lower case,
    are looked for in the text with its ASCII letters lower-cased: every line an re.IGNORECASE
    pattern needing the word can match is among them (every line, where the text has a letter
    that pattern reads as an ASCII one)."""
    joined = _joined(lines)
    if len(words) == 1:
        return joined.holding(words[0], fold, at_start, at_end)
    if at_start:  # the words at once: one pass from line to line (see lines_opening)
        opening = _openings.get(words)
        if opening is None:
            opening = _openings[words] = re.compile(
                b"\n(?:" + b"|".join(re.escape(w.encode("ascii")) for w in words) + b")"
            )
        return lines_opening(lines, opening, fold=fold)
    found: set[int] = set()
    for word in words:
        found.update(joined.holding(word, fold, at_start, at_end))
    return sorted(found)


_openings: dict[tuple[str, ...], re.Pattern[bytes]] = {}


def lines_opening(lines: list[Line], opening: re.Pattern[bytes], *, fold: bool = False) -> list[int]:
    """The indexes, in order, of the lines whose text starts with what ``opening`` matches: a bytes
    pattern written to start with a newline (the one before each line in the joined text) and
    unable to match one after it; "?" in the text stands for any character not in Latin-1. With
    ``fold`` it is tried on the text with its ASCII letters lower-cased (as ``lines_with``). Its
    newline lets the regex engine leap from line to line."""
    joined = _joined(lines)
    key = ("opening", opening, fold)
    found = joined.answers.get(key)
    if found is None:
        if fold and joined.lowered is None:
            found = list(range(joined.count))
        else:
            starts, data = joined.starts, joined.lowered if fold else joined.data
            found = [bisect_right(starts, m.start() + 1) - 1 for m in opening.finditer(data)]
        joined.answers[key] = found
    return found


# ASCII capitals as "A", digits and "&" as "D": a capital before a capital, digit or "&" is then
# "AA" or "AD" (see lines_with_capitals)
_PAIRS = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&", b"A" * 26 + b"D" * 11)
_PAIR_TO_END = re.compile(rb"A[AD][^\n]*")


def lines_with_capitals(lines: list[Line]) -> list[int]:
    """The indexes, in order, of the lines holding an ASCII capital before a capital, a digit or
    "&" (where ``[A-Z][A-Z0-9&]`` matches: every word in capitals of two letters or more)."""
    joined = _joined(lines)
    found = joined.answers.get("capitals")
    if found is None:
        starts = joined.starts  # (a match runs to the end of its line: one a line)
        found = [bisect_right(starts, m.start()) - 1 for m in _PAIR_TO_END.finditer(joined.data.translate(_PAIRS))]
        joined.answers["capitals"] = found
    return found


def search_from(text: str, *searches: tuple[re.Pattern[str], tuple[str, ...]]) -> list[re.Match[str] | None]:
    """``pattern.search(text)`` for each (pattern, starting words) of ``searches``: re.IGNORECASE
    patterns every match of which starts with one of its words (ASCII, lower case). A pattern is
    tried only where one of its words starts, found in the text at once (each word once for all
    the patterns), rather than at every position of a long text."""
    if any(c in text for c in _FOLDS_APART):
        return [pattern.search(text) for pattern, _ in searches]
    data = text.encode("latin-1", "replace").lower()  # a character a byte: positions are the text's
    places: dict[str, list[int]] = {}
    for _, starting in searches:
        for word in starting:
            if word not in places:
                needle, found = word.encode("ascii"), []
                at = data.find(needle)
                while at != -1:
                    found.append(at)
                    at = data.find(needle, at + 1)
                places[word] = found
    out: list[re.Match[str] | None] = []
    for pattern, starting in searches:
        match = None
        for at in sorted({at for word in starting for at in places[word]}):
            match = pattern.match(text, at)  # (\b at ``at`` still sees the character before it)
            if match:
                break
        out.append(match)
    return out


def lines_matching(lines: list[Line], pattern: re.Pattern[bytes]) -> list[int]:
    """The indexes, in order, of the lines holding a match of ``pattern``: a bytes pattern unable
    to match a newline, tried on the paper's whole text at once ("?" in the text stands for any
    character not in Latin-1)."""
    joined = _joined(lines)
    key = ("matching", pattern)
    found = joined.answers.get(key)
    if found is None:
        starts, found = joined.starts, []
        for match in pattern.finditer(joined.data):
            k = bisect_right(starts, match.start()) - 1
            if not found or found[-1] != k:
                found.append(k)
        joined.answers[key] = found
    return found


def lines_longer(lines: list[Line], length: int) -> list[int]:
    """The indexes, in order, of the lines longer than ``length`` characters."""
    if _joined(lines).longest <= length:
        return []
    return [k for k, line in enumerate(lines) if len(line.text) > length]


def lines_printable(lines: list[Line]) -> bool:
    """Whether every line is printable: no tab, control character or white space but the space."""
    return _joined(lines).printable


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
