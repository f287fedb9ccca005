"""Meetings and minutes: the heading, attendance, minute items with their questions and
resolutions, and action logs."""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date

from .common import (
    DATE_RE,
    MONTHS,
    Found,
    Line,
    _flat,
    _join,
    _passage,
    lines_with_capitals,
    parse_date,
    search_from,
    texts_of,
)
from .layout import prepared, title_split
from .people import INITIAL_LED, PERSON_LINE, TITLED, leading_person, names_in, person_line, plausible, same_person

# --- meetings and minutes -------------------------------------------------------------------

MINUTES_HEAD = re.compile(
    r"^(?:the\s+)?minutes\s+of\s+(?:(?:a|the)\s+(?:\w+\s+)?)?meeting\s+of\s+(?:the\s+)?(.+)$", re.I
)  # "Minutes of the meeting of …", "MINUTES OF MEETING OF THE …"
HELD_ON = re.compile(r"^held\s+(?:on|at|in)\b", re.I)
MINUTES_HEAD_ALT = re.compile(r"^(.+?)\s*[-–—:]\s*minutes\s+of\s+(?:the\s+)?meeting\s+held\s+(?:on\s+)?(.+)$", re.I)
ITEM_NUMBER = re.compile(
    r"^(?:(?:item|minute|agenda\s+item)\s+(?:no\.?\s*)?)?"
    r"(\d{1,3}(?:\.\d{2}/\d{2}|/\d{2,4})?(?:\.\d{1,2})?(?:(?-i:[A-Z])(?=\s))?)[.):]?(?:\s+[-–—]\s*|\s+|$)(.*)$",
    re.I,
)
ITEM_PREFIXED = re.compile(r"^(?:item|minute)\s+(\d{1,3}(?:\.\d{1,2})?)\b\s*[.:–—-]?\s*(.*)$", re.I)
# an item numbered by a reference that dates it: "Ref 01/21/06/2023" (item / day / month / year)
REFERENCE_ITEM = re.compile(
    r"^(?:ref(?:erence)?\.?\s*:?\s*)?(\d{1,3}/\d{1,2}/\d{1,2}/\d{4})\b\s*[.:–—-]?\s*(.*)$", re.I
)
QUESTION_START = re.compile(r"^(?:\(([a-z]{1,2})\)|([a-z]{1,2})[).])(?:\s+(.*)|$)")
ATTENDANCE_HEADS = [
    (re.compile(r"^(?:members\s+)?present\b\s*:?\s*(.*)$", re.I), "present"),
    (re.compile(r"^councillors?\s+present\s*:?\s*(.*)$", re.I), "present"),
    (re.compile(r"^officers\s+(?:present|in\s+attendance)\s*:?\s*(.*)$", re.I), "officer"),
    (re.compile(r"^(?:others\s+present|also\s+present|in\s+attendance)\s*:?\s*(.*)$", re.I), "other"),
]
APOLOGIES = re.compile(
    r"apologies\s+(?:for\s+absence\s+)?(?:were\s+)?(?:received|given|tendered)\s+from\s+(.+?)\.?$", re.I
)
SUBSTITUTE = re.compile(
    r"^(?:councillor\s+)?(.+?)\s+(?:was\s+)?in\s+attendance\s+as\s+(?:a\s+)?substitute\s+for\s+(?:councillor\s+)?(.+?)\.?$",
    re.I,
)
END_OF_MINUTES = re.compile(
    r"^(?:chair(?:person|man|woman)?\s*:?\s*[._…]*\s*$|(?:chair(?:person|man|woman)?\s*)?signed\b|"
    r"the\s+meeting\s+(?:began|closed|ended|finished|concluded))",
    re.I,
)
ACTION_LOG_HEAD = re.compile(r"^(?:action\s+log|actions?\s+arising|date\s+of(?:\s+meeting)?)$", re.I)
RESOLUTION_WORDS = [
    ("recommendation", re.compile(r"\bRECOMMENDATIONS?\b")),
    ("agreed", re.compile(r"\bRESOLVED\b|\bAGREED\b(?!\s+to\s+note)")),
    ("noted", re.compile(r"\bNOTED?\b|\bAGREED\s+to\s+note\b|\bnoted\s+the\s+report\b|\bbe\s+noted\b", re.I)),
    ("approved", re.compile(r"\bAPPROVED\b")),
    ("deferred", re.compile(r"\bDEFERRED\b")),
]
SECTION_HEAD_WORDS = {"apologies for absence", "declarations of interest", "minutes"}


def _names(text: str) -> list[str]:
    """Split 'Councillors R Bisby (Vice-Chairperson), D Baigent and Susan Hartropp (Independent)'."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(".")
    text = re.sub(r"^councillors?\s+", "", text, flags=re.I)
    parts = _outside_brackets_split(text)
    out = []
    for part in parts:
        part = re.sub(r"^(?:councillors?|cllr\.?)\s+", "", part.strip(), flags=re.I).strip()
        if part and len(part) < 120:
            out.append(part)
    return out


def _outside_brackets_split(text: str) -> list[str]:
    """Split at commas, semicolons and "and", but not inside brackets: "Cllr A Name (Cheshire West
    and Chester)" is one entry."""
    parts, depth, current = [], 0, ""
    k = 0
    while k < len(text):
        char = text[k]
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and (char in ",;" or text.startswith(" and ", k)):
            parts.append(current)
            current = ""
            k += 5 if text.startswith(" and ", k) else 1
            continue
        current += char
        k += 1
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _person(entry: str, kind: str) -> dict:
    role = ""
    match = re.match(r"^(.*?)\s*\((.+)\)\s*$", entry)
    if match:
        entry, role = match.group(1), match.group(2)
    return {"kind": kind, "name": entry.strip(), "role": role.strip(), "substitute_for": ""}


def find_meeting(lines: list[Line], memo: dict | None = None) -> tuple[Found, int] | None:
    """The meeting a set of minutes records, and the index of the line after its header."""
    for i, line in enumerate(lines[:400]):
        match = MINUTES_HEAD.match(line.text)
        alt = MINUTES_HEAD_ALT.match(line.text) if not match else None
        if not (match or alt) or APPROVAL.search(line.text):
            continue
        header = [line.text]
        j = i + 1
        while (
            j < len(lines)
            and len(header) < 4
            and lines[j].text
            and not ITEM_NUMBER.match(lines[j].text)
            and parse_date(" ".join(header)) is None
            and not any(p.match(lines[j].text) for p, _ in ATTENDANCE_HEADS)
        ):
            header.append(lines[j].text)
            j += 1
        joined = " ".join(header)
        when = parse_date(joined)
        if when is None and j + 1 < len(lines) and not lines[j].text and HELD_ON.match(lines[j + 1].text):
            # the heading's "HELD ON <date> AT …" a blank line below it (a PDF's lines spaced apart)
            header.append(lines[j + 1].text)
            j += 2
            joined = " ".join(header)
            when = parse_date(joined)
        if when is None:
            continue
        if match:
            rest = re.sub(
                r"^(?:the\s+)?minutes\s+of\s+(?:(?:a|the)\s+(?:\w+\s+)?)?meeting\s+of\s+(?:the\s+)?",
                "",
                joined,
                flags=re.I,
            )
        else:
            rest = alt.group(1) + " held " + alt.group(2)
        committee = re.split(r"\s+held\b|\s+on\s+\d", rest, maxsplit=1, flags=re.I)[0]
        venue_match = re.search(r"\bheld\s+(?:at|in)\s+(.+?)(?:\s+on\s+|,\s*\d|$)", joined, re.I)
        venue_match = venue_match or re.search(r"\bat\s+(.+?)(?:\s+on\s+\w|$)", rest, re.I)
        venue = venue_match.group(1).strip(" ,.") if venue_match else ""
        start_time, end_time = _times(lines, i, j, memo)
        data = {
            "committee": _title_case(committee.strip(" ,.")),
            "date": when.isoformat(),
            "venue": _title_case(venue) if venue.isupper() else venue,
            "start_time": start_time,
            "end_time": end_time,
            "confidence": 0.9,
            "found_by": "minutes heading",
        }
        return Found("meeting", data, line.page, _passage(lines, i, j)), j
    return None


def _clock(parts: tuple[str, str, str]) -> str:
    hour, minute, half = int(parts[0]), int(parts[1] or 0), (parts[2] or "").lower().replace(".", "")[:1]
    if half == "p" and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


class PaperAcronyms:
    """A paper's acronyms (``acronyms_in``), asked for a word at a time when a heading in capitals
    is re-cased: most papers never need them. The first question indexes the words in capitals
    of the lines that have any (found in the paper's whole text at once); a word is an acronym
    where one of the lines it is in is an ordinary sentence. The same answers as ``word in
    acronyms_in(lines)``."""

    def __init__(self, lines: list[Line]):
        self._lines = lines  # the paper's lines as parse() read them (no parser changes them)
        self._answers: dict[str, bool] = {}
        self._holding: dict[str, list[int]] | None = None  # each word in capitals -> the lines it is in
        self._sentences: dict[int, bool] = {}

    def __contains__(self, word: str) -> bool:
        answer = self._answers.get(word)
        if answer is None:
            if self._holding is None:
                self._holding = {}
                for k in lines_with_capitals(self._lines):  # every line _TWO_CAPITALS finds
                    text = self._lines[k].text
                    if _LOWER_WORD.search(text):  # (a line without is never an ordinary sentence)
                        for capital in set(_CAPITALS.findall(text)):
                            self._holding.setdefault(capital, []).append(k)
            answer = self._answers[word] = any(self._sentence(k) for k in self._holding.get(word, ()))
        return answer

    def _sentence(self, k: int) -> bool:
        """Whether a line with words in capitals is an ordinary sentence (as acronyms_in reads it)."""
        answer = self._sentences.get(k)
        if answer is None:
            text = self._lines[k].text
            answer = self._sentences[k] = bool(_LOWER_WORD.search(text)) and len(_SHOUTING.findall(text)) <= max(
                1, len(text.split()) // 6
            )
        return answer


_ACRONYMS: ContextVar[frozenset[str] | PaperAcronyms] = ContextVar("acronyms", default=frozenset())


def acronyms_in(lines: list[Line]) -> frozenset[str]:
    """Words the paper writes in capitals inside ordinary sentences (OPCC, HMICFRS, DVI):
    kept in capitals when a heading in capitals is re-cased."""
    found: set[str] = set()
    for line in lines:
        text = line.text
        if not _TWO_CAPITALS.search(text):
            continue  # no capitals to find (most lines): a cheaper scan than _CAPITALS
        capitals = _CAPITALS.findall(text)
        if not capitals or not _LOWER_WORD.search(text):
            continue  # nothing to add, or no ordinary sentence
        if len(_SHOUTING.findall(text)) <= max(1, len(text.split()) // 6):
            found.update(capitals)
    return frozenset(found)


_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_SHOUTING = re.compile(r"\b[A-Z]{2,}\b")
_CAPITALS = re.compile(r"\b([A-Z][A-Z0-9&]{1,6}[a-z]?)\b")
_TWO_CAPITALS = re.compile(r"[A-Z][A-Z0-9&]")  # what every _CAPITALS match holds


def _title_case(text: str) -> str:
    if not text.isupper():
        return text
    small = {"and", "of", "the", "for", "at", "on", "in", "to", "a", "an", "by", "with"}
    keep = _ACRONYMS.get()
    out = []
    for k, word in enumerate(text.split()):
        bare = word.strip("()“”‘’'\",.:;")
        if bare in keep or re.search(r"\d", bare):
            out.append(word)
        elif k and word.lower() in small:
            out.append(word.lower())
        else:
            out.append(word[:1] + word[1:].lower())
    return " ".join(out)


def _is_title(text: str) -> bool:
    if not text or len(text) > 160 or DATE_RE.match(text):
        return False
    if ITEM_NUMBER.match(text) and not ITEM_PREFIXED.match(text):
        bare = ITEM_NUMBER.match(text)
        if not bare.group(2):
            return False
    return (bool(re.match(r"^[A-Z‘'“\"(]", text)) and not text.isupper()) or (
        text.isupper() and len(text) <= 200 and text not in {"ACTION", "UPDATE", "ITEM"}
    )


BARE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2}|/\d{2,4})?\.?")  # a minute number on a line of its own


def _item_heads(lines: list[Line], start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(line index, body start, number, title) for each minute item between start and end."""
    bare = [
        k
        for k in range(start, end)
        if BARE_NUMBER.fullmatch(lines[k].text)
        and _next_text(lines, k, end)[1]
        and not _repeats_number(lines, k)
        # a minute number whose text follows it (CMIS: "1 Title", description, "177", "RESOLVED …")
        # does not make the page one that sets its item numbers on lines of their own
        and _is_title(_next_text(lines, k, end)[1])
        and not _sentence(_next_text(lines, k, end)[1])
    ]
    heads = []
    # a Word list whose numbering was lost in extraction numbers every item "1.": counted in order
    ones = sum(1 for k in range(start, end) if FLAT_ONE.match(lines[k].text))
    flat = ones >= 3 and not any(FLAT_TWO.match(lines[k].text) for k in range(start, end))
    i = start
    last_number: float | None = None
    last_raw = ""
    while i < end:
        text = lines[i].text
        match = (
            ITEM_PREFIXED.match(text)
            or ITEM_NUMBER.match(text)
            or GLUED_NUMBER.match(text)
            or (REFERENCE_ITEM.match(text) if "/" in text else None)
        )
        if (
            match
            and heads
            and re.match(r"^minute\b", text, re.I)
            and re.search(r"matters\s+arising|minutes|previous\s+meeting|action\s+log", heads[-1][3], re.I)
        ):
            i += 1  # "Minute 12 Precept" under matters arising refers to an earlier meeting's minute
            continue
        if match and not QUESTION_START.match(text):
            number, title = match.group(1), match.group(2).strip(" .–—-")
            if len(title) > 1000:
                i += 1  # a run of text, not a heading (and never split again and again)
                continue
            if title and _sentence(_clean_title(match.group(2).strip())[0]):
                i += 1  # a numbered paragraph, not an item
                continue
            if title and "ublic" in title and HEAD_COUNT.match(match.group(2).strip()):
                i += 1  # "2 Members of the Public.": how many came, not an item
                continue
            body_at = i + 1
            is_bare = not title
            head_of = number.split(".")[0] if "." in number.rstrip(".") else ""
            if head_of and last_raw and head_of == last_raw.split("/")[0].rstrip(".") and title:
                i += 1  # 31.1 under item 31 is a paragraph, not an item
                continue
            if is_bare and number.rstrip(".") == last_raw.rstrip(".") and heads:
                i += 1  # the minute number repeated under its item (CMIS pages)
                continue
            if not is_bare and len(bare) >= 2 and not ITEM_PREFIXED.match(text):
                i += 1  # a page that sets item numbers on their own lines numbers paragraphs inline
                continue
            if not title:
                j, following = _next_text(lines, i, end)
                # a sub-item "4.1" alone may be titled by the earlier minute it takes up ("Minute 6 - …")
                sub_of_minute = bool(head_of) and bool(MINUTE_REFERENCE.match(following))
                if (
                    following
                    and _is_title(following)
                    and (not ITEM_NUMBER.match(following) or sub_of_minute)
                    and not _sentence(following)
                    and following.lower() not in TABLE_CELL_WORDS  # "9", "Amber": a count table's cells
                    and not _after_number_cell(lines, i, start)  # "7", "9", "Amber": cells, one a line
                ):
                    title, body_at = following.strip(), j + 1
            title, rest = _clean_title(title)
            if rest:
                lines[i] = Line(f"{number} {title}", lines[i].page, lines[i].index)
                lines.insert(i + 1, Line(rest, lines[i].page, lines[i].index))
                end += 1
                body_at = i + 1
            ordinal = _ordinal(number)
            plausible = (is_bare or (title and _is_title(title) and not _sentence(title))) and (
                last_number is None or ordinal > last_number or (flat and ordinal == last_number == 1)
            )
            # a number without a title is an item only where it goes on from the item before ("2 Minutes",
            # "3" whose title the capture lost); a minute number after its item ("1 Title", "177") is not
            untitled_ok = not title and last_number is not None and ordinal == last_number + 1
            if plausible and (title or untitled_ok) and not re.match(r"^\d+(\.\d+)?$", title or "x"):
                heads.append((i, body_at, number.rstrip("."), (title or "").rstrip(".")))
                last_number, last_raw = ordinal, number
                i = body_at
                continue
        i += 1
    return heads


def _repeats_number(lines: list[Line], k: int) -> bool:
    """A minute number alone under its item's numbered title (CMIS pages: "2 Minutes", text, "2")."""
    number = lines[k].text.rstrip(".")
    return any(
        re.match(rf"^{re.escape(number)}\.?\s+\S", lines[j].text) for j in range(max(0, k - 5), k) if lines[j].text
    )


GLUED_NUMBER = re.compile(r"^(\d{1,3})\.(?=[A-Z])(.*)$")


def _after_number_cell(lines: list[Line], k: int, start: int) -> bool:
    """Is the text line before line k a number alone (a table flattened one cell a line)?"""
    j = k - 1
    while j >= start and not lines[j].text:
        j -= 1
    return j >= start and len(lines[j].text) <= 6 and bool(NUMBER_CELL.fullmatch(lines[j].text))


NUMBER_CELL = re.compile(r"\d{1,4}(?:\.\d+)?%?")
TABLE_CELL_WORDS = frozenset({"green", "amber", "red", "blue", "total", "totals", "yes", "no", "n/a", "none", "nil"})
HEAD_COUNT = re.compile(
    r"^(?:members?\s+of\s+the\s+public|public)(?:\s+and\s+(?:the\s+)?press)?"
    r"(?:\.|\s+(?:were\s+)?(?:present|attended|in\s+attendance)\.?)$",
    re.I,
)
MINUTE_REFERENCE = re.compile(r"^minute\s+\d{1,3}\s+[-–—]\s+\S", re.I)
FLAT_ONE = re.compile(r"^1\.\s+[A-Z‘'“\"]")
FLAT_TWO = re.compile(r"^2\.\s+[A-Z‘'“\"]")


def _next_text(lines: list[Line], k: int, end: int) -> tuple[int, str]:
    j = k + 1
    while j < end and not lines[j].text:
        j += 1
    return j, (lines[j].text if j < end else "")


def _sentence(text: str) -> bool:
    """Minutes text rather than an item's title."""
    return (
        bool(re.search(r"\b(?:was|were|had|has\s+been|have\s+been|agreed|noted|approved|resolved|declared)\b", text))
        or (text.endswith(".") and len(text.split()) > 14 and not re.match(r"^To\s", text))
        or text.startswith(("RESOLVED ", "RESOLVED:", "Resolved that", "RESOLVED –", "RESOLVED -"))
    )


def _clean_title(title: str) -> tuple[str, str]:
    """A title without page ranges, agenda numbers beside the minute number or the text it runs
    into: ("MINUTES", "Resolved - …") from "MINUTES - Resolved - …"."""
    title = re.sub(r"^\(\d{1,2}\)\s+", "", title or "")
    title = re.sub(r"\s*\((?:Pages?|Items?)\b[^)]*\)", "", title)
    title = re.sub(r"\s+\d{1,3}\s?-\s?\d{1,3}(?=\s|$)", "", title).strip()
    rest = ""
    if len(title) > 160 or re.search(r"^[A-Z][A-Z ,'&/()-]{3,}\s[-–—]\s[A-Z][a-z]", title):
        head, rest = title_split(title)
        if head:
            title = head
    return title.strip(" –—-"), rest


def _ordinal(number: str) -> float:
    head = number.split("/")[0]
    if head[-1:].isupper():  # "7A", "7B" after 7 and before 8
        head, letter = head[:-1], head[-1]
        try:
            return float(head) + (ord(letter) - 64) / 100
        except ValueError:
            return 0.0
    try:
        return float(head)
    except ValueError:
        return 0.0


RESOLUTION_LABEL = re.compile(r"^(?:action|resolved|resolution|decision)\s*:?$", re.I)
RESOLUTION_CAPITALS = re.compile(r"\b(?:RESOLVED|AGREED|NOTED|RECOMMENDATION)\b")  # (three of them hold "ED")
RESOLUTION_LEAD = re.compile(r"^(?:resolved|agreed)\b\s*[-–:]?\s*(?:that\b|to\b)", re.I)
REASONS_LABEL = re.compile(r"^reasons?\s+for\s+(?:the\s+)?decision", re.I)


def _resolution(body: list[Line]) -> tuple[str, str, str]:
    """(kind, wording, reasons) of the decision recorded at the end of an item."""
    texts = [x.text for x in body]
    start = None
    for k, text in enumerate(texts):
        # (the cheap tests first: what each pattern's match starts with, or holds)
        labelled = text[:1] in "aArRdD" and RESOLUTION_LABEL.match(text)
        if (
            labelled
            or (("ED" in text or "RECOMMENDATION" in text) and RESOLUTION_CAPITALS.search(text))
            or (text[:1] in "aArR" and RESOLUTION_LEAD.match(text))
        ):
            start = k
            if labelled:
                start = k + 1
            break
    if start is None:
        return "", "", ""
    reasons_at = next(
        (k for k in range(start, len(texts)) if REASONS_LABEL.match(texts[k])),
        None,
    )
    wording = _join(body[start:reasons_at])
    reasons = _join(body[reasons_at + 1 :]) if reasons_at is not None else ""
    kind = ""
    for name, pattern in RESOLUTION_WORDS:
        if pattern.search(wording):
            kind = name
            break
    if kind == "recommendation" and not reasons:
        kind = "agreed" if "AGREED" in wording else "noted"
    return kind or "noted", wording, reasons


ACTION_OR_RESOLVED = re.compile(r"^(?:action|resolved)\s*:?$", re.I)


def _questions(body: list[Line]) -> tuple[list[dict], int | None]:
    """Lettered points: [{letter, text}], and the index where they start."""
    questions: list[dict] = []
    first = None
    pending_letters: list[str] = []
    for k, line in enumerate(body):
        match = QUESTION_START.match(line.text)
        if match:
            letter = match.group(1) or match.group(2)
            expected = chr(ord(questions[-1]["letter"][-1]) + 1) if questions else "a"
            if letter == expected or (not questions and letter == "a") or pending_letters:
                first = k if first is None else first
                text = (match.group(3) or "").strip()
                if text:
                    questions.append({"letter": letter, "text": text})
                else:
                    pending_letters.append(letter)
                    questions.append({"letter": letter, "text": ""})
                continue
        if ACTION_OR_RESOLVED.match(line.text):
            break
        if questions and line.text:
            target = questions[-1]
            if not target["text"]:
                # letters listed on their own lines (a column layout): fill them in order
                empties = [q for q in questions if not q["text"]]
                target = empties[0]
            target["text"] = (target["text"] + " " + line.text).strip()
        elif questions and not line.text:
            empties = [q for q in questions if not q["text"]]
            if not empties and pending_letters:
                pending_letters = []
    return [q for q in questions if q["text"]], first


def parse_minutes(lines: list[Line]) -> list[Found]:
    lines, icons = prepared(lines)
    found = propose_meeting(lines)
    if found is None:
        return []
    meeting, start = found
    if not meeting.data.get("committee"):
        # a page that names its committee only in the text: "elected Chairman of the Fenmoor Panel"
        meeting.data["committee"] = _committee_in_text(lines)
    if meeting.data.get("found_by") not in ("title line", "minutes heading") and _a_report(lines):
        return []  # a report names the meeting it goes to; the report parser proposes it
    # (what each pattern's match starts with, tested first: a character is cheaper than a pattern)
    end = next(
        (
            k
            for k in range(start, len(lines))
            if lines[k].text[:1] in "cCsStT\u017f" and END_OF_MINUTES.match(lines[k].text)
        ),
        len(lines),
    )
    log_at = next(
        (k for k in range(start, end) if lines[k].text[:1] in "aAdD" and ACTION_LOG_HEAD.match(lines[k].text)), None
    )
    items_end = log_at if log_at is not None else end
    heads = _item_heads(lines, start, items_end)
    unnumbered = _unnumbered_heads(lines, start, items_end, icons)
    if len(unnumbered) > len(heads):
        heads = unnumbered
    if not heads:
        texts = [(k, x.text) for k, x in enumerate(lines) if x.text]
        if len(texts) > 1 and re.fullmatch(r"agenda\s+item", texts[0][1], re.I) and _is_title(texts[1][1]):
            heads = [(texts[1][0], texts[1][0] + 1, "", texts[1][1])]  # a page for one agenda item
        elif meeting.data.get("found_by") == "issue page":
            # the issue is the meeting's one item here: its number in the "Meeting:" line, its title below
            at = next((n for n, (k, _) in enumerate(texts) if k >= start), None)
            issue = next((ISSUE_MEETING.match(t) for _, t in texts[:40] if t[:7].lower() == "meeting"), None)
            if at is not None and issue and issue.group("item") and _is_title(texts[at][1]):
                heads = [(texts[at][0], texts[at][0] + 1, issue.group("item"), texts[at][1])]
    if not heads and meeting.data.get("found_by") in ("items only", "a date on its own at the top"):
        return []

    people: list[dict] = []
    first_item = heads[0][0] if heads else items_end
    attendance_end = first_item
    # Attendance may sit inside the first item ("16. Members present"), so read up to the second.
    if len(heads) > 1 and not heads[0][3].lower().startswith(("declarations", "minutes")):
        attendance_end = heads[1][0]
    people, att_start, att_stop = _attendance(lines, start, attendance_end)
    people = [p for p in people if plausible(p["name"]) and (len(p["name"].split()) > 1 or p["kind"] == "apologies")]
    for person in people:
        if "(" in person["name"]:
            person["name"], _, role = person["name"].partition("(")
            person["name"], person["role"] = person["name"].strip(), person["role"] or role.strip(" )")
    more = _more_people(lines, max(0, start - 3), first_item, heads, items_end)
    for person in more:
        if not any(same_person(person["name"], p["name"]) for p in people):
            people.append(person)
    if people:
        att_start = min(att_start, start, len(lines) - 1)  # a heading on the last line starts nothing after it
        meeting.children.append(
            Found("attendance", {"people": people}, lines[att_start].page, _passage(lines, att_start, att_stop))
        )
    in_text: list[Found] = []
    for n, (at, body_at, number, title) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else items_end
        body = lines[body_at:stop]
        questions, q_at = _questions(body)
        kind, wording, reasons = _resolution(body)
        reflowed = _join(body)  # (once: for the sentences, and as the minutes where no question follows)
        sentences = _sentences_of(reflowed)  # read once, for the decisions and the actions
        count, implicit = _resolution_count(body, sentences)
        if not wording and implicit:
            wording = implicit
            kind = next((name for name, pattern in RESOLUTION_WORDS if pattern.search(implicit.upper())), "noted")
        intro_end = q_at if q_at is not None else len(body)
        minutes = reflowed if intro_end == len(body) else _join(body[:intro_end])
        if minutes.lower().startswith("minutes:"):
            minutes = minutes[8:].strip()
        if wording and not questions:
            minutes = minutes.split(wording[:40])[0].strip() if wording[:40] in minutes else minutes
        data = {
            "number": number,
            "title": title,
            # (the words tested first: most minutes hold neither, and the pattern is tried at every word)
            "minutes": (
                TRAILING_MARKER.sub("", minutes) if "ACTION" in minutes or "RESOLVED" in minutes else minutes
            ).strip(),
            "questions": questions,
            "resolution": kind if wording else "",
            "resolution_text": wording,
            "resolution_reasons": reasons,
            "resolution_count": count,
        }
        meeting.children.append(Found("agenda_item", data, lines[at].page, _passage(lines, at, min(stop, at + 8))))
        in_text.extend(_actions_in(body, title, sentences))
    logged = parse_action_log(lines, log_at if log_at is not None else start, end, heads)
    # An action log, where the paper has one, is the record of what was agreed to be done; the
    # minutes' sentences only say the same things again. Without a log heading, actions found in
    # the items and action rows found in the text are one list, each action once.
    if log_at is not None and logged:
        meeting.children.extend(logged)
    else:
        taken = [a.data["text"][:60] for a in in_text]
        meeting.children.extend(in_text)
        meeting.children.extend(
            a for a in logged if not any(t in a.data["text"] or a.data["text"][:60] in t for t in taken)
        )
    return [meeting]


def _attendance(lines: list[Line], start: int, end: int) -> tuple[list[dict], int, int]:
    people: list[dict] = []
    first, last = start, start
    current_kind = None
    buffer: list[str] = []

    def flush():
        nonlocal buffer
        if current_kind and buffer:
            text = " ".join(buffer)
            if current_kind == "present":
                people.extend(_person(n, "present") for n in _names(text))
            else:
                people.extend(_officer_entries(buffer, current_kind))
        buffer = []

    k = start
    while k < end:
        text = lines[k].text
        head = next(((p.match(text), kind) for p, kind in ATTENDANCE_HEADS if p.match(text)), None)
        apologies = APOLOGIES.search(text) or (
            APOLOGIES.search(text + " " + lines[k + 1].text) if k + 1 < end and "apolog" in text.lower() else None
        )
        substitute = SUBSTITUTE.match(text)
        if head and not apologies:
            flush()
            first = k if not people and not buffer else first
            current_kind = head[1]
            if head[0].group(1):
                buffer.append(head[0].group(1))
        elif apologies:
            flush()
            current_kind = None
            for name in _names(apologies.group(1)):
                people.append(_person(name, "apologies"))
            last = k
            if not APOLOGIES.search(text):
                k += 1
        elif substitute:
            flush()
            current_kind = None
            name, absent = substitute.group(1).strip(), substitute.group(2).strip()
            for person in people:
                if person["kind"] == "present" and _same_person(person["name"], name):
                    person["kind"], person["substitute_for"] = "substitute", absent
                    person["role"] = re.sub(r"^substitute$", "", person["role"], flags=re.I)
            last = k
        elif re.match(r"^apologies", text, re.I) or (ITEM_NUMBER.match(text) and not current_kind):
            flush()
            current_kind = None
        elif current_kind and text:
            buffer.append(text)
            last = k
        k += 1
    flush()
    return people, first, last + 1


def _same_person(full: str, name: str) -> bool:
    a, b = full.lower().split(), name.lower().split()
    return bool(a and b) and a[-1] == b[-1]


def _officer_entries(buffer: list[str], kind: str) -> list[dict]:
    """Officer and other lists come as name / role pairs, often in two columns that extraction
    interleaves. A line of two to four capitalised words is a name; other lines are roles."""
    out: list[dict] = []
    roles: list[str] = []
    for text in buffer:
        comma = re.match(
            r"^((?:(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3}),\s*(.+)$", text
        )
        if comma and _looks_like_role(comma.group(2)):
            for entry in re.split(r";\s*", text):
                name, _, role = entry.partition(",")
                out.append({"kind": kind, "name": name.strip(), "role": role.strip(" ."), "substitute_for": ""})
            continue
        name_then_role = re.match(
            r"^((?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?\s+)?([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2})\s+([A-Z].*)$", text
        )
        if re.match(
            r"^(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3}$", text
        ) and not _looks_like_role(text):
            out.append({"kind": kind, "name": text, "role": "", "substitute_for": ""})
        elif name_then_role and _looks_like_role(name_then_role.group(3)):
            out.append(
                {
                    "kind": kind,
                    "name": ((name_then_role.group(1) or "") + name_then_role.group(2)).strip(),
                    "role": name_then_role.group(3),
                    "substitute_for": "",
                }
            )
        else:
            roles.append(text)
    # roles wrap over lines: a line starting in lower case or after a comma continues the last role
    merged: list[str] = []
    for role in roles:
        if merged and (
            role[:1].islower()
            or merged[-1].endswith((",", "of the", "of", "and"))
            or role.startswith(("Council", "Commissioner", "Crime Commissioner", "Police and Crime Commissioner"))
        ):
            merged[-1] = f"{merged[-1]} {role}"
        else:
            merged.append(role)
    unfilled = [p for p in out if not p["role"]]
    for person, role in zip(unfilled, merged, strict=False):
        person["role"] = role
    return out


def _looks_like_role(text: str) -> bool:
    return bool(
        re.search(
            r"\b(?:officer|secretariat|council|commissioner|chief|director|manager|clerk|head|executive|constable|adviser|advisor|lawyer|solicitor|treasurer|scrutiny)\b",
            text,
            re.I,
        )
    )


# --- action logs ---------------------------------------------------------------------------

ACTION_ROW = re.compile(
    r"^(?:ACTION\s*[:–-]\s*)?((?:The\s+)?(?:[A-Z][\w&’'/-]*)(?:\s+(?:[A-Z][\w&’'/-]*|and|of|the)){0,4})\s+to\s+"
    r"(arrange|provide|circulate|send|share|report|write|confirm|review|consider|bring|present|update|investigate|"
    r"look|liaise|prepare|respond|supply|produce|publish|contact|check|ensure|seek|follow|invite|organise|organize|"
    r"include|feed|raise|establish|explore|agree|add|table|schedule|clarify|obtain|email|set)\b(.*)$"
)


def parse_action_log(lines: list[Line], start: int, end: int, heads: list) -> list[Found]:
    titles = [h[3] for h in heads]
    # a line that begins an item's title (30 characters at most, lower case) names the item: each
    # title's beginnings, looked up at once (the last title with that beginning wins)
    title_starts: dict[str, int] = {}
    for n, title in enumerate(titles):
        lowered = title.lower()
        for length in range(1, min(len(lowered), 30) + 1):
            title_starts[lowered[:length]] = n
    logged_table = start < len(lines) and bool(ACTION_LOG_HEAD.match(lines[start].text))
    out: list[Found] = []
    seen: set[str] = set()
    current_title = ""
    k = start
    while k < end:
        text = lines[k].text
        if text and len(text) > 6:
            named = title_starts.get(text.lower()[:30])
            if named is not None:
                current_title = titles[named]
        match = ACTION_ROW.match(text)
        free_text = not logged_table and not text.upper().startswith("ACTION")
        if (
            match
            and not re.match(r"^(?:The\s+)?(?:Panel|Committee|Board|Members?)\b", match.group(1))
            and not (free_text and match.group(1).startswith("The "))
        ):
            parts = [text]
            j = k + 1
            while (
                j < end
                and lines[j].text
                and not parts[-1].rstrip().endswith(".")
                and not ACTION_ROW.match(lines[j].text)
                and not re.match(r"^[\d.]+$|^[A-Z][A-Z ]+$", lines[j].text)
            ):
                parts.append(lines[j].text)
                j += 1
            sentence = _flat(" ".join(parts))
            sentence = re.sub(r"^ACTION\s*[:–-]\s*", "", sentence)
            key = sentence.lower()
            if key not in seen:
                seen.add(key)
                out.append(
                    Found(
                        "action",
                        {
                            "text": sentence,
                            "owner": match.group(1).strip(),
                            "item_title": current_title,
                            "due_date": "",
                        },
                        lines[k].page,
                        _passage(lines, k, j),
                    )
                )
            k = j
            continue
        k += 1
    return out


# --- meetings without a "Minutes of the meeting" heading ----------------------------------------

APPROVAL = re.compile(
    r"\b(?:were|was|be|been|is|are)\s+(?:duly\s+)?(?:agreed|approved|confirmed|signed|noted|circulated|received|"
    r"accepted|taken|attached)\b|^to\s+(?:agree|approve|confirm|receive|take|note|sign)\b",
    re.I,
)
WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
TIME = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*([ap]\.?\s?m)\b\.?", re.I)
CLOCK_24 = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")
COMMITTEE_NOUN = re.compile(
    r"\b(?:panel|board|committee|sub-committee|commission|forum|group|council|cabinet|authority|meeting|"
    r"partnership|executive|conference|assembly)\b",
    re.I,
)
TITLE_LINE = re.compile(rf"^(?P<committee>.+?)\s*[-–—]\s*(?P<when>{WEEKDAY},?\s+.+)$", re.I)
NOTES_HEADING = re.compile(
    r"^(?P<committee>.+?)\s+(?:notes|minutes|note|draft\s+minutes)(?:\s+of\s+(?:the\s+)?meeting)?\s*[-–—:,]?\s*"
    r"(?:(?:held\s+)?on\s+)?(?P<when>(?:" + WEEKDAY + r",?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+,?\s+\d{4}.*)$",
    re.I,
)
INLINE_HEADING = re.compile(
    r"minutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+(?:of\s+(?:the\s+)?(?P<committee>.+?)\s+)?held\b(?P<rest>.*)$",
    re.I,
)
DATE_LINE = re.compile(rf"^(?:{WEEKDAY},?\s+)?(?:\d{{1,2}}(?:(?:st|nd|rd|th)\s*|\s+)[A-Za-z]{{3,9}},?\s+\d{{4}})", re.I)
BOILERPLATE = re.compile(
    r"^(?:public\s+document\s+pack|agenda\s+and\s+(?:draft\s+)?minutes|agenda|minutes|meeting\s+(?:documents|details|"
    r"summary)|meeting:|committee:|venue:|draft)\s*",
    re.I,
)
MEETING_EVIDENCE = re.compile(
    r"\b(?:agenda|minutes|present|apologies|attendees|attending|items\s+for\s+discussion|resolved)\b", re.I
)


BEGAN = re.compile(r"\b(?:began|commenced|started|opened)\s+at\s+(.{1,12})", re.I)
ENDED = re.compile(
    r"\bmeeting\s+(?:ended|closed|finished|concluded|terminated)\s+at\s+(.{1,12})|\b(?:began|commenced)\s+at\s+"
    r"\S+\s+and\s+(?:ended|closed|finished)\s+at\s+(.{1,12})",
    re.I,
)
# The words every BEGAN and every ENDED match starts with (keep in step with the patterns)
BEGAN_STARTS = ("began", "commenced", "started", "opened")
ENDED_STARTS = ("meeting", "began", "commenced")


def _began_ended(lines: list[Line], memo: dict | None = None) -> tuple[re.Match | None, re.Match | None]:
    """Where the paper says when the meeting began and ended, read over the whole text (once
    for a paper, with ``memo``)."""
    if memo is not None and "began_ended" in memo:
        return memo["began_ended"]
    whole = " ".join(texts_of(lines))
    began, ended = search_from(whole, (BEGAN, BEGAN_STARTS), (ENDED, ENDED_STARTS))
    found = began, ended
    if memo is not None:
        memo["began_ended"] = found
    return found


def _times(lines: list[Line], at: int, stop: int, memo: dict | None = None) -> tuple[str, str]:
    """Start and end times from the meeting's own header, or from "the meeting began at … and
    ended at …": never from a time met in passing (a member's arrival is not the meeting's end)."""
    header = " ".join(x.text for x in lines[at : max(stop, at + 1)])
    start = end = ""
    began, ended = _began_ended(lines, memo)
    span = re.search(
        r"(\d{1,2}[.:]\d{2}\s*(?:[ap]\.?\s?m\.?)?)\s*(?:to|[-–—])\s*(\d{1,2}[.:]\d{2}\s*(?:[ap]\.?\s?m\.?)?)",
        header,
        re.I,
    )
    if span:
        start, end = _any_clock(span.group(1)), _any_clock(span.group(2))
    if not start:
        start = _any_clock(header) or (_any_clock(began.group(1)) if began else "")
    if not end and ended:
        end = _any_clock(ended.group(1) or ended.group(2))
    return start, end


def _any_clock(text: str) -> str:
    match = TIME.search(text or "")
    if match:
        return _clock((match.group(1), match.group(2) or "0", match.group(3)))
    match = CLOCK_24.search(text or "")
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else ""


def _committee_name(text: str) -> str:
    text = BOILERPLATE.sub("", text.strip()).strip(" ,.-–—:")
    text = BOILERPLATE.sub("", text).strip(" ,.-–—:")
    text = re.sub(r"^(?:[A-Z]+\s+COUNTY\s+COUNCIL\s+)(?=[A-Z])", "", text)
    if OF_COMMITTEE.match(text):  # "Minutes of Joint Audit Committee Meeting": the committee's name alone
        text = MEETING_TAIL.sub("", OF_COMMITTEE.sub("", text))
    return _title_case(text) if text.isupper() else text


OF_COMMITTEE = re.compile(r"^of\s+(?:the\s+)?", re.I)
MEETING_TAIL = re.compile(r"\s+meeting$", re.I)
# An item's title about another meeting's minutes ("Minutes of meeting Monday 5 May 2024 of Audit
# Committee", "1. Minutes of the meeting held on …"): never the heading of the paper itself.
ABOUT_MINUTES = re.compile(r"\bminutes\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?meeting\b", re.I)
NUMBERED_LINE = re.compile(r"^\d{1,3}(?:\.\d{1,2})?[.)]?\s")
EARLIER_MINUTES = re.compile(r"\bminutes\s+(?:of|for)\s+(?:the\s+)?\S+", re.I)
# Where a paper's own text has begun (a sentence, a resolution): a date met after it belongs to
# another meeting ("Minutes of the meeting held on …", "Budget Meeting 19 February 2021").
BODY_SENTENCE = re.compile(r"^(?:[^.]{0,200}\s)?(?:RESOLVED|Resolved)\b|^\S+(?:\s+\S+){5,}[.:]$")


def _looks_like_committee(text: str) -> bool:
    text = BOILERPLATE.sub("", text.strip())
    return (
        bool(COMMITTEE_NOUN.search(text))
        and 1 <= len(text.split()) <= 14
        and not re.search(r"[.;]\s|\b(?:were|was|is|are|will|has|have)\b", text)
        and not DATE_RE.search(text)
        and not NOT_A_COMMITTEE.search(text)
    )


# an item's title about earlier minutes or what an item asks: never a committee's name
NOT_A_COMMITTEE = re.compile(
    r"\bminutes\s+of\b|\b(?:previous|last|next)\s+meeting\b|\bto\s+(?:approve|receive|agree|confirm|note|consider)\b|"
    r"^(?:virtual\s+|remote\s+|online\s+)?meeting\s+held\b|\b(?:would|should|could)\b|\bheld(?:\s+on)?,?$",
    re.I,
)
# A line under a committee's name that says how the meeting met, not what it is ("Meeting held
# virtually", "Remote meeting"): passed over on the way to the date line.
HOW_MET = re.compile(
    r"(?:(?:virtual|remote|online|hybrid)\s+meeting|meeting\s+held\s+(?:virtually|remotely|online|in\s+public|in\s+person))",
    re.I,
)
HEADING_WORD = re.compile(r"(?:draft\s+)?(?:minutes|notes|agenda)(?:\s+of\s+(?:the\s+)?meeting)?", re.I)


def _venue(lines: list[Line], start: int, stop: int) -> str:
    for line in lines[start:stop]:
        match = re.match(r"^(?:venue|place|location)\s*:\s*(.+)$", line.text, re.I)
        if match:
            return match.group(1).strip(" .")
    return ""


AT_A_MEETING = re.compile(
    r"\bAt\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<committee>[^.;]{3,120}?)\s+held\b(?P<rest>.{0,240})"
)
ISSUE_MEETING = re.compile(
    r"^meeting\s*:\s*(?P<when>\d{1,2}/\d{1,2}/\d{4})\s*[-–—]\s*(?P<committee>[^()]{3,120}?)"
    r"(?:\s*\((?:agenda\s+)?item\s+(?P<item>\d{1,3}[A-Z]?)\))?\s*$",
    re.I,
)
YEARLESS = re.compile(
    rf"^(?:{WEEKDAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+([A-Za-z]{{3,9}})\b(?!\s*,?\s*\d{{4}})", re.I
)
# an item reference that carries the meeting's date: "01/21/06/2023" (item / day / month / year)
DATED_REFERENCE = re.compile(r"\b\d{1,3}/(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b")


def _yearless(text: str, texts: list[str]) -> date | None:
    """A heading's day and month without a year, dated by an item reference bearing the same day
    and month; None where no reference agrees."""
    match = YEARLESS.match(text)
    if not match:
        return None
    month = MONTHS.get(match.group(2).lower())
    day = int(match.group(1))
    if not month:
        return None
    for other in texts:
        if "/" not in other:
            continue
        for ref in DATED_REFERENCE.finditer(other):
            if int(ref.group(1)) == day and int(ref.group(2)) == month:
                try:
                    return date(int(ref.group(3)), month, day)
                except ValueError:
                    return None
    return None


def _candidates(lines: list[Line]) -> list[tuple[int, float, str, dict, int]]:
    """(line index, confidence, how found, data, first line after the header) for every place the
    paper says which meeting it is."""
    out = []
    texts = texts_of(lines)
    evidence = bool(MEETING_EVIDENCE.search(" ".join(texts[:200])))
    limit = min(len(lines), 60)
    for i in range(limit):
        text = texts[i]
        if not text:
            continue
        issue = ISSUE_MEETING.match(text) if text[:7].lower() == "meeting" else None
        if issue and parse_date(issue.group("when")) and _looks_like_committee(issue.group("committee")):
            # an issue's page: "Meeting: 09/11/2009 - <committee> (Item 9)"
            data = {"committee": _committee_name(issue.group("committee")), "date": parse_date(issue.group("when"))}
            out.append((i, 0.8, "issue page", data, i + 1))
            continue
        title = TITLE_LINE.match(text)
        if title and parse_date(title.group("when")) and _looks_like_committee(title.group("committee")):
            data = {"committee": _committee_name(title.group("committee")), "date": parse_date(title.group("when"))}
            data["start_time"] = _any_clock(title.group("when")[10:])
            out.append((i, 0.95, "title line", data, i + 1))
            continue
        notes = NOTES_HEADING.match(text)
        if notes and parse_date(notes.group("when")) and _looks_like_committee(notes.group("committee")):
            data = {"committee": _committee_name(notes.group("committee")), "date": parse_date(notes.group("when"))}
            out.append((i, 0.85, "page heading", data, i + 1))
            continue
        inline = INLINE_HEADING.search(text)
        if (
            inline
            and not APPROVAL.search(text[inline.start() :][:200])
            and i < 40
            and not re.search(r"\b(?:draft|the|these|those|of)\s*$", text[: inline.start()], re.I)
            and not (NUMBERED_LINE.match(text) and not inline.group("committee"))
        ):
            rest = inline.group("rest")
            when = parse_date(rest[:200]) or parse_date(" ".join(texts[i + 1 : i + 3]))
            committee = inline.group("committee") or ""
            if not committee:
                before = text[: inline.start()].strip()
                if before and _looks_like_committee(before):
                    committee = before
                else:
                    above = next((t for t in reversed(texts[max(0, i - 4) : i]) if t), "")
                    committee = above if _looks_like_committee(above) else ""
            committee = re.split(r"\s+held\b", committee, flags=re.I)[0]
            if when:
                venue = re.search(r"\bheld\s+(?:at|in)\s+(?:the\s+)?(.+?)(?:,?\s+on\s+|$)", inline.group(0), re.I)
                data = {"committee": _committee_name(committee), "date": when}
                if venue and not parse_date(venue.group(1)):
                    data["venue"] = venue.group(1).strip(" ,.")
                out.append((i, 0.85, "minutes heading", data, i + 1))
                continue
        at_a = AT_A_MEETING.search(text) if "eeting of" in text else None
        if at_a and not APPROVAL.search(at_a.group("rest")) and _looks_like_committee(at_a.group("committee")):
            # "At a meeting of the <committee> held in <venue> on <date> the following Members were Present:"
            when = parse_date(at_a.group("rest"))
            if when:
                data = {"committee": _committee_name(at_a.group("committee")), "date": when}
                venue = re.match(r"^\s*(?:at|in)\s+(?:the\s+)?(.+?)\s+on\s+", at_a.group("rest"), re.I)
                if venue and not parse_date(venue.group(1)):
                    data["venue"] = venue.group(1).strip(" ,.")
                out.append((i, 0.85, "minutes heading", data, i + 1))
                continue
        if _looks_like_committee(text) and len(text) < 120:
            j = i + 1
            while (
                j < len(texts)
                and j < i + 4
                and (
                    not texts[j]
                    or HEADING_WORD.fullmatch(texts[j])
                    or (len(texts[j]) < 40 and HOW_MET.fullmatch(texts[j]))
                )
            ):
                j += 1
            if j < len(texts) and DATE_LINE.match(texts[j]) and parse_date(texts[j]):
                data = {"committee": _committee_name(text), "date": parse_date(texts[j])}
                data["start_time"] = _any_clock(DATE_LINE.sub("", texts[j]))
                out.append((i, 0.8 if evidence else 0.5, "page heading", data, j + 1))
                continue
            when = _yearless(texts[j], texts) if j < len(texts) and evidence and len(texts[j]) < 60 else None
            if when:
                # "Wednesday 21st June, 14:30" whose year the paper's item references give ("Ref 01/21/06/2023")
                data = {"committee": _committee_name(text), "date": when}
                data["start_time"] = _any_clock(texts[j])
                out.append((i, 0.6, "page heading", data, j + 1))
                continue
        inline_when = re.search(
            rf"\b({WEEKDAY}),?\s+\d{{1,2}}(?:st|nd|rd|th)?\s+[A-Za-z]{{3,9}},?\s+\d{{4}}", text, re.I
        )
        if (
            inline_when
            and evidence
            and not ABOUT_MINUTES.search(text[: inline_when.start()])
            # "The minutes of the <committee> held on <date> were agreed": an earlier meeting
            and not ("inutes" in text and EARLIER_MINUTES.search(text[: inline_when.start()]))
        ):
            before = text[: inline_when.start()].strip()
            # "Public Document Pack North Wales Police and Crime Panel Monday, 17 June 2019 at 2.00 pm"
            words = before.split()
            for cut in range(len(words)):
                candidate = " ".join(words[cut:])
                if _looks_like_committee(candidate) and not BOILERPLATE.match(candidate):
                    data = {"committee": _committee_name(candidate), "date": parse_date(text[inline_when.start() :])}
                    data["start_time"] = _any_clock(text[inline_when.end() : inline_when.end() + 20])
                    out.append((i, 0.75, "page heading", data, i + 1))
                    break
    if not out and evidence:
        for i in range(limit):
            match = re.match(r"^date\s*:\s*(.+)$", texts[i], re.I)
            if match is None and re.fullmatch(r"date\s*:", texts[i], re.I):
                # a form's label with its value a few lines further on ("Date:", "", "Wednesday, 10 …")
                value = next((k for k in range(i + 1, min(i + 4, len(texts))) if texts[k]), None)
                match = re.match(r"^(.+)$", texts[value]) if value is not None else None
            if match and parse_date(match.group(1)):
                label = next(
                    (t for t in texts[max(0, i - 6) : i] if re.match(r"^(?:meeting|committee)\s*:", t, re.I)), ""
                )
                data = {
                    "committee": _committee_name(label.split(":", 1)[1]) if label else "",
                    "date": parse_date(match.group(1)),
                }
                time_label = next((t for t in texts[i : i + 3] if re.match(r"^time\s*:", t, re.I)), "")
                data["start_time"] = _any_clock(time_label)
                out.append((i, 0.6, "date label", data, i + 1))
                break
        else:
            for i in range(limit):
                if (
                    re.search(r"\bmeeting\b", texts[i], re.I)
                    and len(texts[i]) <= 150
                    and parse_date(texts[i])
                    and not APPROVAL.search(texts[i])
                    and not re.search(
                        r"\b(?:previous|last|adjourned|agenda\s+for|minutes\s+of|next|additional|scheduled|take\s+place|"
                        r"to\s+be\s+held|will\s+be\s+held)\b",
                        texts[i],
                        re.I,
                    )
                ):
                    above = next((t for t in reversed(texts[max(0, i - 4) : i]) if _looks_like_committee(t)), "")
                    data = {"committee": _committee_name(above), "date": parse_date(texts[i])}
                    out.append((i, 0.4, "first date near “meeting”", data, i + 1))
                    break
                if len(texts[i]) > 20 and BODY_SENTENCE.search(texts[i]):
                    break  # the minutes have begun: a later date is another meeting's
    return out


def propose_meeting(lines: list[Line]) -> tuple[Found, int] | None:
    """The meeting a paper records, with a confidence the reviewer sees: from a "Minutes of the
    meeting" heading, a title line ("<Committee> - <Weekday>, <date> <time>"), a page heading, a
    "Date:" label or the first date near "meeting"; or, when the paper has numbered items but
    says nothing of its meeting, an unnamed meeting the reviewer completes."""
    memo: dict = {}
    headed = find_meeting(lines, memo)
    candidates = _candidates(lines)
    if headed is not None:
        found, start = headed
        first_line = next((k for k, x in enumerate(lines) if x.text and lines[k].text in found.passage), start)
        candidates.append((first_line, 0.9, "minutes heading", found.data, start))
    if candidates and any(c[1] < 0.5 for c in candidates) and _a_register(lines):
        # a decisions register's "Made at meeting: <date>" rows are decisions, not this paper's meeting
        candidates = [c for c in candidates if c[1] >= 0.5]
    if candidates:
        at, confidence, how, data, start = min(candidates, key=lambda c: (c[0], -c[1]))
        if headed is not None and data is headed[0].data:
            return headed
        when = data.get("date")
        times = _times(lines, at, start, memo)
        meeting = {
            "committee": data.get("committee", ""),
            "date": when.isoformat() if hasattr(when, "isoformat") else (when or ""),
            "venue": data.get("venue") or _venue(lines, at, min(len(lines), start + 12)),
            "start_time": data.get("start_time") or times[0],
            "end_time": times[1],
            "confidence": confidence,
            "found_by": how,
        }
        return Found("meeting", meeting, lines[at].page, _passage(lines, at, start + 2)), start
    texts = [x.text for x in lines if x.text]
    single = len(texts) > 1 and re.fullmatch(r"agenda\s+item", texts[0], re.I)
    table = any(re.match(r"^(?:no\.?\s+)?\|\s*item$", t, re.I) for t in texts[:20])
    heads = _item_heads(lines, 0, len(lines))
    if len(heads) < 2:
        # a committee-system page whose item numbers were lost ("No. Item", then titles): read on a
        # copy, as the reader that finds them tidies the lines it reads
        heads = _unnumbered_heads(list(lines), 0, len(lines), set())
    if not single and not table and (len(heads) < 2 or not MEETING_EVIDENCE.search(" ".join(texts[:200]))):
        return None
    # notes that open with the day alone ("11th May 2021") say when, if not who
    opening = next((t for t in texts[:3] if DATE_LINE.match(t) and parse_date(t) and len(t) <= 40), "")
    when = parse_date(opening) if opening else None
    data = {
        "committee": "",
        "date": when.isoformat() if when else "",
        "venue": _venue(lines, 0, min(len(lines), 30)),
        "start_time": "",
        "end_time": "",
        "confidence": 0.3 if when else 0.2,
        "found_by": "a date on its own at the top" if when else "items only",
    }
    return Found("meeting", data, lines[0].page, _passage(lines, 0, 6)), 0


CHAIR_OF = re.compile(
    r"\b(?:Vice-)?Chair(?:man|person|woman)?\s+of\s+the\s+((?:[A-Z][\w&'’-]*\s+(?:(?:and|&|of)\s+)?){1,6}"
    r"(?:Panel|Committee|Board|Authority|Cabinet|Executive|Commission))\b"
)


def _committee_in_text(lines: list[Line]) -> str:
    """The committee a page names only in its text, as the body its chair or vice-chair was
    elected to chair ("… be elected Chairman of the Fenmoor Police and Crime Panel")."""
    for line in lines[:400]:
        if "hair" in line.text:
            match = CHAIR_OF.search(line.text)
            if match:
                return match.group(1)
    return ""


REGISTER_LABEL = re.compile(
    r"^(?:Decision\s+Maker|Decision\s+published|Effective\s+from|Made\s+at\s+meeting)\s*:", re.I
)


def _a_register(lines: list[Line]) -> bool:
    """A decisions register (its entries labelled "Decision Maker:", "Decision published:")."""
    labels = {
        REGISTER_LABEL.match(x.text).group(0).split()[-1].lower()
        for x in lines
        if x.text[:1] in "DEMdem" and REGISTER_LABEL.match(x.text)
    }
    return len(labels) >= 2


# --- items on committee-system pages without numbers ---------------------------------------------

STANDARD_TITLES = re.compile(
    r"^(?:apolog|declarations?\s+of|minutes|public\s+(?:participation|questions?|speaking)|urgent|any\s+other|"
    r"chair(?:man)?'?s?\s+(?:announcements|business)|welcome|date\s+of\s+(?:the\s+)?next|work\s+programme|"
    r"exclusion\s+of|substitut|questions?\s+(?:to|from)|election\s+of|appointment\s+of|roll\s+call|"
    r"disclosures?\s+of\s+(?:pecuniary\s+|other\s+)?interests?|communications?\s+from\s+the\s+chair)",
    re.I,
)
DESCRIPTION_START = re.compile(
    r"^(?:additional\s+documents|to\s+(?:receive|consider|agree|approve|confirm|note|appoint|elect)\b|"
    r"the\s+(?:panel|committee|board)\s+(?:is|are|will)\s+(?:asked|invited)|members\s+are\s+(?:reminded|invited|asked))",
    re.I,
)


ITEMS_HEADER = re.compile(r"^(?:note\s+)?(?:no\.?\s+)?\|?\s*item\s*\|?$", re.I)
ROW_MINUTES = re.compile(r"^(?P<head>[A-Z‘'“\"][^|]{2,400}?)\s(?P<minutes>Minutes\s*:\s)")
ROW_LABEL = re.compile(r"^(?:decision|minutes|resolved|additional\s+documents|note)\s*:", re.I)


def _unnumbered_heads(lines: list[Line], start: int, end: int, icons: set[int]) -> list[tuple[int, int, str, str]]:
    """Items on "Agenda and minutes" pages whose numbers did not survive: a title set apart by two
    blank lines (or a table row) and marked as a title by a file icon, a description or
    "Additional documents" under it, or by being one of the usual agenda titles."""
    header = next(
        (k for k in range(start, min(end, start + 40)) if ITEMS_HEADER.match(lines[k].text)),
        None,
    )
    colons = False
    if header is None:
        # a page cut down to its items, opening on a usual agenda title ("Apologies for absence",
        # "Welcome and Introductions:") after at most one line of the site's own prose
        texts = [k for k in range(start, min(end, start + 12)) if lines[k].text][:2]
        opening = next((k for k in texts if STANDARD_TITLES.match(lines[k].text) and len(lines[k].text) < 90), None)
        if opening is None or (opening != texts[0] and not lines[texts[0]].text.endswith(".")):
            return []
        header, colons = opening - 1, lines[opening].text.endswith(":")
    heads = []
    table = header >= 0 and "|" in lines[header].text
    k = header + 1
    while k < end:
        text = lines[k].text
        if not text:
            k += 1
            continue
        blanks = 0
        j = k - 1
        while j > header and not lines[j].text:
            blanks += 1
            j -= 1
        first = j == header
        if table:
            starts = first or lines[j].text in {"|", ""} or lines[j].text.endswith("|") or blanks >= 1
            row = ROW_MINUTES.match(text) if "inutes" in text else None
            if row and not ROW_LABEL.match(text):
                # a row without a separator line: "<Title> [description] Minutes: <the minutes>"
                title, rest = title_split(row.group("head"), min_words=1)
                rest = f"{rest} {text[row.start('minutes') :]}".strip()
                starts = True
            elif starts:
                title, rest = title_split(text, min_words=1)
            else:
                # "<Title> To approve …" or a usual agenda title running into its text
                title, rest = title_split(text, min_words=1)
                starts = bool(
                    rest
                    and len(title.split()) <= 12
                    and (DESCRIPTION_START.match(rest) or STANDARD_TITLES.match(title))
                    and not ROW_LABEL.match(text)
                )
            if starts and title and len(title) <= 160:
                heads.append((k, k, "", title.rstrip(".")))
                lines[k] = Line(rest, lines[k].page, lines[k].index)
        elif (
            (first or blanks >= 2)
            and _is_title(text)
            and (colons or not text.endswith(":"))
            and not APPROVAL.search(text)
        ):
            n = k + 1
            while n < end and not lines[n].text:
                n += 1
            following = lines[n].text if n < end else ""
            gap = n - k - 1
            if (
                k in icons
                or (gap == 1 and DESCRIPTION_START.match(following))
                or (STANDARD_TITLES.match(text) and len(text) < 90)
            ):
                heads.append((k, k + 1, "", text.rstrip(".:" if colons else ".")))
        k += 1
    return heads


# --- more attendance ----------------------------------------------------------------------------

APOLOGY_TRIGGER = re.compile(
    r"(?:apolog(?:y|ies)(?:\s+for\s+absence)?\s+(?:(?:were|was|had\s+been|have\s+been|has\s+been)\s+)?"
    r"(?:received|given|tendered|submitted|noted|presented|reported|accepted|made)\s+"
    r"(?:from|by|on\s+behalf\s+of)|reported\s+apologies\s+from|apologies\s+from)\s*(?:the\s+following(?:\s+\w+)?\s*:?)?",
    re.I,
)
PRESENT_LABEL = re.compile(
    r"^(?:(?:main\s+)?(?:panel\s+|committee\s+|board\s+)?members\s+present|present(?:\s+from\s+[^:]{3,90})?|"
    r"councillors?\s+present|officers\s+present|others\s+present|also\s+present|in\s+attendance|"
    r"officers\s+in\s+attendance|also\s+in\s+attendance|attending|attendees|attendance|presenting|guests|in\s+attendence|"
    r"by\s+invitation|together\s+with|apologies)\s*(?::|\s[-–—](?=\s)|(?<=present)\s(?=[A-Z]))\s*[-–—]?\s*(?P<rest>.*)$"
    # a heading on a line of its own ("Attendees"), group sub-headings and their lists under it
    r"|^(?:attendees|attendance|present|members\s+present|in\s+attend[ae]nce|also\s+present|secretariat)(?P<bare>)$",
    re.I,
)
SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bCllr)\.(?:\s+(?=[A-Z])|\s*$)")


def _label_kind(label: str) -> str:
    label = label.lower()
    if label.startswith("apolog"):
        return "apologies"
    if label.startswith(("officers", "in attend", "also in", "together", "by invitation", "secretariat")):
        return "officer"
    if label.startswith(("others", "also present", "present from", "guests")):
        return "other"
    return "present"


def _same_name(a: str, b: str) -> bool:
    wa = re.sub(r"[^\w\s]", " ", a.lower()).split()
    wb = re.sub(r"[^\w\s]", " ", b.lower()).split()
    return (
        bool(wa and wb)
        and wa[-1] == wb[-1]
        and (len(wa) == 1 or len(wb) == 1 or wa[0][0] == wb[0][0] or wa[-2][0] == wb[-2][0])
    )


def _named(name: str, kind: str) -> dict:
    return {"kind": kind, "name": name, "role": "", "substitute_for": ""}


def _apologies_in(text: str) -> list[str]:
    match = APOLOGY_TRIGGER.search(text)
    if not match or re.search(r"\bno\s+apolog|apologies\s*:?\s*(?:none|nil)\b", text, re.I):
        return []
    rest = text[match.end() :]
    end = SENTENCE_END.search(rest)
    rest = rest[: end.start()] if end else rest
    rest = re.split(
        r",?\s+(?:substituted\s+by|who\s+was\s+represented|with\s+.{0,40}\bsubstitut|\(?(?:Councillor|Cllr)\s+\S+\s+substituting)",
        rest,
        flags=re.I,
    )[0]
    return names_in(rest)


def _more_people(
    lines: list[Line], start: int, first_item: int, heads: list[tuple[int, int, str, str]], items_end: int
) -> list[dict]:
    """Attendance the heading-based reader does not see: labelled lists in their real variety
    (run-together "Present:" text, "Name (AB) – role" lines, "P."/"A." registers), apologies in any
    wording and in the "Apologies" item's minutes, and an unlabelled run of names opening item 1."""
    people: list[dict] = []

    def add(name: str, kind: str) -> None:
        if name and plausible(name) and not any(same_person(name, p["name"]) for p in people):
            people.append(_named(name, kind))

    minutes_kind = bool(re.search(r"\b(?:minutes|notes)\b", " ".join(x.text for x in lines[:200]), re.I))
    regions = [(start, first_item, "")]
    for n, (at, _body_at, _number, title) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else items_end
        if n == 0 or re.search(r"apolog|attendance|present|welcome|introductions|substitut", title, re.I):
            regions.append((at, stop, title))
    for begin, stop, heading in regions:
        kind = None
        before = sum(1 for p in people if p["kind"] == "apologies")
        joined = " ".join(x.text for x in lines[begin:stop])
        if len(re.findall(r"\b[PA]\.\s+Councillor\b", joined)) >= 3:
            for match in re.finditer(
                r"\b([PA])\.\s+((?:Councillor\s+)?[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)", joined.split("Officers Present")[0]
            ):
                if match.group(1) == "P":
                    add(match.group(2), "present")
        for k in range(begin, stop):
            text = lines[k].text
            if not text:
                continue
            label = PRESENT_LABEL.match(text)
            if label and not APOLOGY_TRIGGER.search(text):
                kind = _label_kind(text)
                rest = label.group("rest")
                for name in names_in(rest) if rest else []:
                    add(name, kind)
                continue
            apologies = _apologies_in(text)
            if apologies:
                for name in apologies:
                    add(name, "apologies")
                kind = "apologies" if text.rstrip().endswith(":") else None
                continue
            if re.search(r"\bapolog", text, re.I) and (text.rstrip().endswith(":") or text.lower() == "apologies"):
                # "Apologies:" or a heading "Apologies" on its own over one name a line
                kind = "apologies"
                continue
            if kind:
                if len(text) > 80 and re.search(
                    r"\b(?:was|were|welcomed|thanked|noted|reported|said|asked|declared|referred|met)\b", text
                ):
                    kind = None
                    continue
                line = re.sub(r"^[·•*\-–]\s*", "", text)
                lead = leading_person(line) if kind != "apologies" else None
                if lead:
                    add(lead, kind)
                    continue
                one = person_line(line)
                role = PERSON_LINE.match(line).group("role") if one else ""
                if one and (
                    re.match(r"^(?:County\s+)?Councillors\b", line)
                    or TITLED.search(role or "")
                    or INITIAL_LED.search(role or "")
                ):
                    one = None
                if one:
                    add(one, kind)
                    continue
                if _is_heading_or_item(text):
                    kind = None
                    continue
                found = names_in(text)
                if found:
                    for name in found:
                        add(name, kind)
                elif len(text) > 60:
                    kind = None
        # an unlabelled run of names ("PFCC Stephen Mold (SM)", "Paul Fell (PF)", …) opening the minutes
        run: list[str] = []
        for k in range(begin, stop):
            text = lines[k].text
            if not text:
                continue
            one = person_line(text)
            if one and re.search(
                r"\([A-Z]{1,4}\)?\s*$|^\S+\s+\S+$|^" + r"(?:PFCC|CC|DCC|ACC|PS|PC|Supt|Detective)", text
            ):
                run.append(one)
            elif len(run) >= 3:
                break
            else:
                run = []
        if len(run) >= 3 and minutes_kind:
            for name in run:
                add(name, "present")
        if re.search(r"\bapolog", heading, re.I) and before == sum(1 for p in people if p["kind"] == "apologies"):
            # the Apologies item's minutes are only the names: "Councillors M Butler and K Chequer (…), …"
            for k in range(begin + 1, stop):
                text = lines[k].text
                if not text or text.lower().startswith(("minutes:", "members are", "to receive")) or len(text) > 400:
                    continue
                if re.search(r"\b(?:were|was|is|are|had|no|none|nil)\b", text, re.I):
                    continue
                for name in names_in(text):
                    add(name, "apologies")
    return people


MINUTES_SIGNS = re.compile(
    r"\bminutes\s*:|\b(?:members\s+)?present\s*:|\bapolog(?:y|ies)\b[^.]{0,40}\b(?:received|submitted|noted|presented)|"
    r"\bRESOLVED\b|\bin\s+attendance\b|\battendees\s*:|\battending\s*:",
    re.I,
)


def _a_report(lines: list[Line]) -> bool:
    """A report (a "Purpose" section, "Agenda Item 5" or "To:/From:" at its head) that records no
    meeting of its own."""
    texts = [x.text for x in lines[:400]]
    report = any(
        re.match(
            r"^(?:\d{1,2}\.?\s*)?purpose(?:\s+of\s+(?:the\s+)?(?:paper|report))?\s*:?(?:\s+\d{1,2}\.\s|$)", t, re.I
        )
        or re.match(r"^agenda\s+item(?:\s+no\.?)?\s*[:.]?\s*\d", t, re.I)
        or re.match(r"^report\s+(?:of|by)\b", t, re.I)
        for t in texts
    )
    return report and not MINUTES_SIGNS.search(" ".join(texts))


def _is_heading_or_item(text: str) -> bool:
    return bool(ITEM_NUMBER.match(text) and len(text) < 160) or (text.isupper() and len(text.split()) <= 12)


# --- how many decisions an item records ---------------------------------------------------------

EXPLICIT_RESOLUTION = re.compile(
    r"(?:^|[.:;]\s+)(?:UNANIMOUSLY\s+)?RESOLVED\b|^\s*(?:Unanimously\s+)?Resolved\b|\bDECIDED\s*:|^\s*Agreed\.?\s*$|"
    r"^\s*Decision\s*:",
)
# Every form EXPLICIT_RESOLUTION reads holds one of these words (it is tried only where one is:
# a new form needs its word here too).
EXPLICIT_RESOLUTION_WORDS = ("RESOLVED", "Resolved", "DECIDED", "Agreed", "Decision")
EXPLICIT_RESOLUTION_WORD = re.compile("|".join(EXPLICIT_RESOLUTION_WORDS))  # (their capitals are rare: found fast)
IMPLICIT_RESOLUTION = re.compile(
    # (the first letters of every form's first word looked at first: a letter is cheaper than the
    # forms, tried one by one at every word; keep in step with them)
    r"\b(?=[wmbapci])(?:"
    r"\b(?:was|were)\s+(?:duly\s+|unanimously\s+)?(?:elected|appointed|re-appointed|co-opted)\b|"
    r"\bminutes\b[^.]{0,160}\b(?:were|was|be)\s+(?:agreed|approved|confirmed|accepted|noted|received\s+and\s+confirmed|"
    r"signed|taken\s+as\s+read|recorded\s+as\s+(?:an?\s+)?(?:accurate|correct|true))\b|"
    r"\b(?:be|were|was)\s+noted\b|\b(?:agreed|approved)\s+and\s+noted\b|"
    r"\b(?:was|were)\s+(?:\w+,?\s+){1,3}and\s+noted\b|"  # "The paper was presented, discussed and noted"
    r"\b(?:panel|committee|board|members|authority|cabinet)\s+(?:(?:unanimously|formally)\s+)?"
    r"(?:agreed|approved|endorsed|accepted|decided|confirmed|resolved|noted(?!\s+that))\b|"
    r"\bwith\s+the\s+(?:agreement|approval|consent)\s+of\s+the\s+(?:panel|committee|board|members)\b|"
    r"\bit\s+was\s+(?:unanimously\s+)?agreed\s+(?:to|that)\b)",
    re.I,
)
# What each form IMPLICIT_RESOLUTION reads needs, in lower case (see _may_match): elected …,
# minutes, noted, a verb after the panel …, the agreement … of, it was agreed. Keep in step.
IMPLICIT_RESOLUTION_NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("elected", "appointed", "co-opted"),),
    (("minutes",),),
    (("noted",),),
    (("agreed", "approved", "endorsed", "accepted", "decided", "confirmed", "resolved", "noted"),),
    (("agreement", "approval", "consent"),),
)


TRAILING_MARKER = re.compile(r"\b(?:ACTION|RESOLVED)\s*:?\s*$")  # left at the end of an item's minutes
PARAGRAPH_LABEL = re.compile(r"^(?:minutes\s*:\s*|\d{1,3}(?:\.\d{1,2})?\s+(?=[A-Z]))", re.I)
# Where one sentence ends and the next starts: the white space (group 1) after a full stop, "!" or
# "?" before a capital, a bracket, or a dash or bullet and a space. (Matched from the stop rather
# than looked back to from each space: the stops are found fast.)
SENTENCE_GAP = re.compile(r"[.!?](\s+)(?=[A-Z(]|[–—•]\s)")


def _sentence_split(paragraph: str) -> list[str]:
    """The paragraph split at each SENTENCE_GAP's white space (re.split on that white space)."""
    parts, last = [], 0
    for match in SENTENCE_GAP.finditer(paragraph):
        parts.append(paragraph[last : match.start(1)])
        last = match.end(1)
    parts.append(paragraph[last:])
    return parts


def _sentences(body: list[Line]) -> list[str]:
    """The sentences of an item's minutes, paragraph by paragraph, without "Minutes:" labels and
    minute numbers standing alone."""
    return _sentences_of(_join(body))


def _sentences_of(text: str) -> list[str]:
    """The sentences of an item's minutes re-flowed (``_join``)."""
    out = []
    for paragraph in text.split("\n\n"):
        paragraph = PARAGRAPH_LABEL.sub("", paragraph.strip())
        # (a dash or bullet after a full stop starts a point of its own: "… noted. – The PCC asked …")
        out.extend(s.strip() for s in _sentence_split(paragraph) if s.strip())
    return out


def _resolution_count(body: list[Line], sentences: list[str] | None = None) -> tuple[int, str]:
    """(decisions recorded, the wording of one recorded without a marker): every "RESOLVED",
    "UNANIMOUSLY RESOLVED", "DECIDED:" or "Agreed." counts; without any, a sentence that records
    one ("X was elected Chair", "the minutes were agreed as a correct record", "that the report be
    noted") counts once. Apologies being noted is not a decision."""
    texts = [x.text for x in body]
    # (a word looked for in the whole body first, at once: many bodies hold none)
    whole = "\n".join(texts)
    marked = (
        [t for t in texts if EXPLICIT_RESOLUTION_WORD.search(t) and EXPLICIT_RESOLUTION.search(t)]
        if EXPLICIT_RESOLUTION_WORD.search(whole)
        else []
    )
    if len(marked) > 1:
        # a "Decision:" label over the resolution it labels is one decision, and a page that shows
        # a resolution twice (under "Decision:" and again under "Minutes:") recorded it once
        labelled = [m for m in marked if not re.fullmatch(r"\s*Decision\s*:\s*", m)] or marked[:1]
        # a table's status column ("Agreed" with no full stop) beside a RESOLVED is the same decision
        labelled = [m for m in labelled if m.strip() != "Agreed"] or labelled[:1]
        seen: set[str] = set()
        marked = []
        for m in labelled:
            key = " ".join(m.lower().split())
            if len(key) > 20 and key in seen:
                continue
            seen.add(key)
            marked.append(m)
    if marked:
        return len(marked), marked[0] if re.fullmatch(r"agreed\.?", marked[0].strip(), re.I) else ""
    # an agenda's "Recommended –" over "That the minutes … be signed": proposed to the meeting,
    # not yet resolved (only minutes resolve)
    if "Recommended" in whole and any(RECOMMENDED_LABEL.match(t) for t in texts if "Recommended" in t):
        return 0, ""
    # without a marker, each sentence that records a decision counts ("The Panel decided to …",
    # "It was agreed that …" several times in one minute), each once
    recorded: list[str] = []
    for sentence in _sentences(body) if sentences is None else sentences:
        if (
            _may_match(sentence, IMPLICIT_RESOLUTION_NEEDS)
            and IMPLICIT_RESOLUTION.search(sentence)
            and not NOT_A_DECISION.search(sentence)
            and (not APOLOGY_WORD.search(sentence) or MINUTES_APPROVED.search(sentence))
            and sentence.strip() not in recorded
        ):
            recorded.append(sentence.strip())
    return (len(recorded), recorded[0]) if recorded else (0, "")


# "The minutes … were agreed as a correct record with the inclusion of apologies from …" is a decision
MINUTES_APPROVED = re.compile(
    r"\bminutes\b[^.]{0,160}\b(?:were|was|be)\s+(?:agreed|approved|confirmed|accepted|signed)\b", re.I
)
APOLOGY_WORD = re.compile(r"apolog", re.I)
RECOMMENDED_LABEL = re.compile(r"^Recommended\s*(?:[-–—:]\s*(?:That\b.*)?)?$")
# not a decision: declarations, wishes to be noted, what was noted, and an agenda's "is asked to"
NOT_A_DECISION = re.compile(
    r"declar|wish(?:ed|es)?\s+(?:it\s+)?(?:to\s+)?be\s+noted|it\s+was\s+noted\s+that|"
    r"\b(?:is|are)\s+(?:asked|invited|requested|recommended)\s+to\b",
    re.I,
)


# --- actions recorded in an item's minutes -------------------------------------------------------

ACTION_SENTENCE = re.compile(
    r"\b(?:agreed|undertook|promised|offered|was\s+asked|were\s+asked|would|will)\s+"
    r"(?:to\s+)?(?:circulate|provide|send|share|report\s+back|write\s+to|arrange|investigate|look\s+into|"
    r"follow\s+up|seek\s+(?:legal\s+)?advice|bring\s+(?:a|an|the)?\s*\w*\s*(?:report|update)|supply|produce|clarify|confirm\s+in\s+writing)\b|"
    r"\breport\s+(?:back\s+)?(?:to|at)\s+the\s+next\s+meeting\b|\bundertook\s+to\b|^\s*action\s*[:–-]|"
    r"\b(?:promised|undertook\s+to\s+provide|agreed\s+to\s+provide)\s+(?:an?\s+)?(?:update|report|briefing|response)\b|"
    # "… will be brought to the next meeting", "… would be added to the agenda of the next meeting",
    # "it was agreed that this letter would be circulated", "Mr R will check …", "agreed that the
    # Chair should write …"
    r"\b(?:will|would)\s+be\s+(?:brought|presented|reported|submitted|added|taken)\s+(?:back\s+)?to\s+"
    r"(?:the\s+)?(?:agenda\s+(?:of|for)\s+(?:the\s+)?)?next\b|"
    r"\bagreed\s+that\b[^.]{0,80}?\b(?:would|should|will)\s+(?:be\s+)?(?:circulated|sent|shared|suggest|write|"
    r"contact|raise|ask|arrange|provide|investigate)\b|"
    r"(?-i:\b(?:Chair(?:man)?|Clerk|Officer|Director|Commissioner|(?:Mr|Mrs|Ms|Dr|Cllr|Councillor)\s+[A-Z][a-z]+))\s+will\s+"
    r"(?:check|confirm|review|contact|liaise|investigate|look\s+into|circulate|provide|update|arrange|write)\b",
    re.I,
)
# Every form ACTION_SENTENCE reads holds one of these words, in any case (it is tried only
# where one is: a new form needs its word here too).
ACTION_SENTENCE_WORDS = ("agreed", "undertook", "promised", "offered", "asked", "would", "will", "report", "action")
# What each form ACTION_SENTENCE reads needs, in lower case (see _may_match), form by form: a
# verb of undertaking and what is undertaken, reporting to the next meeting, "undertook to",
# "Action:", a promised update, being brought to the next meeting, "agreed that … would be
# circulated", "the Chair will check". Keep in step with the pattern.
ACTION_SENTENCE_NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    tuple(tuple(group.split()) for group in form)
    for form in (
        (
            "agreed undertook promised offered asked would will",
            "circulate provide send share report write arrange investigate look follow seek bring supply produce"
            " clarify confirm",
        ),
        ("report", "next"),
        ("undertook",),
        ("action",),
        ("promised provide", "update report briefing response"),
        ("will would", "next"),
        (
            "agreed",
            "would should will",
            "circulate sent share suggest write contact raise ask arrange provide investigate",
        ),
        ("will", "check confirm review contact liaise investigate look circulate provide update arrange write"),
    )
)


# ACTION_SENTENCE made looser, for the case-folded sentence with its white space runs made single
# spaces: every sentence it matches, this matches (no word boundaries, no case, "bring … report"
# as "bring", "^action:" anywhere, any distance in "agreed that … would"). Far cheaper to try
# than ACTION_SENTENCE. Keep in step with it.
ACTION_SENTENCE_NEAR = re.compile(
    r"(?:agreed|undertook|promised|offered|asked|would|will) (?:to )?(?:circulate|provide|send|share|report back|"
    r"write to|arrange|investigate|look into|follow up|seek|bring|supply|produce|clarify|confirm in writing)|"
    r"report (?:back )?(?:to|at) the next meeting|undertook to|action ?[:–-]|"
    r"(?:promised|undertook to provide|agreed to provide) (?:an? )?(?:update|report|briefing|response)|"
    r"(?:will|would) be (?:brought|presented|reported|submitted|added|taken) (?:back )?to (?:the )?"
    r"(?:agenda (?:of|for) (?:the )?)?next|"
    r"agreed that[^.]*?(?:would|should|will) (?:be )?(?:circulated|sent|shared|suggest|write|contact|raise|ask|"
    r"arrange|provide|investigate)|"
    r"will (?:check|confirm|review|contact|liaise|investigate|look into|circulate|provide|update|arrange|write)"
)


def _may_match(text: str, needs: tuple[tuple[tuple[str, ...], ...], ...]) -> bool:
    """Whether a pattern whose forms need these words can match ``text``: a form needs a word
    from each of its groups, looked for in the case-folded text (a test far cheaper than the
    pattern, which is tried only where it passes). A dotless or dotted capital i, which
    re.IGNORECASE reads as "i" and case folding does not, lets every text through."""
    folded = text.casefold()
    if "\u0131" in folded or "\u0307" in folded:
        return True
    for form in needs:  # (loops: a third of the cost of the same in generator expressions)
        for group in form:
            for word in group:
                if word in folded:
                    break
            else:
                break  # no word of this group: not this form
        else:
            return True
    return False


# A line of its own that records an action: "Action – Jo Bloggs to ...", "ACTION: PF to ...",
# "Action PF to ..." (initials or a name, then "to").
ACTION_LINE = re.compile(
    r"^\s*(?i:action)(?:\s*[:–—-]\s*|\s+(?=(?:[A-Z][\w.’'-]*\s+){1,3}(?i:to)\s))(?P<text>\S.{6,})$"
)


# something to be done, written in the passive: brought to or added to the agenda of the next
# meeting, or agreed to be circulated
PASSIVE_ACTION = re.compile(
    r"\b(?:will|would)\s+be\s+(?:brought|presented|submitted|added|taken)\s+(?:back\s+)?to\s+(?:the\s+)?"
    r"(?:agenda\s+(?:of|for)\s+(?:the\s+)?)?next\b|\bagreed\s+that\b[^.]{0,80}?\b(?:would|should|will)\s+be\s+"
    r"(?:circulated|sent|shared)\b",
    re.I,
)


def _action(text: str, title: str, page: int) -> Found:
    owner = re.match(r"^(?:The\s+)?((?:[A-Z][\w’'&/-]*\s?){1,5})", text)
    return Found(
        "action",
        {"text": text, "owner": owner.group(1).strip() if owner else "", "item_title": title, "due_date": ""},
        page,
        text[:400],
    )


def _actions_in(body: list[Line], title: str, sentences: list[str] | None = None) -> list[Found]:
    """Things someone agreed to do: "agreed to circulate", "undertook to", "to report back to the
    next meeting", and lines of their own marked "Action". ``sentences``: the body's, when the
    caller has them already."""
    out = []
    marked = []
    for line in body:
        if match := ACTION_LINE.match(line.text):
            marked.append(match.group("text").strip())
            out.append(_action(marked[-1][:400], title, line.page))
    for sentence in _sentences(body) if sentences is None else sentences:
        if len(sentence) > 400:
            continue
        folded = sentence.casefold()
        if (
            not any(word in folded for word in ACTION_SENTENCE_WORDS)
            or not _may_match(sentence, ACTION_SENTENCE_NEEDS)
            or not ("\u0131" in folded or "\u0307" in folded or ACTION_SENTENCE_NEAR.search(" ".join(folded.split())))
            or not ACTION_SENTENCE.search(sentence)
        ):
            continue
        if any(text[:60] in sentence for text in marked):
            continue  # its own "Action" line, taken already
        if (
            re.search(r"\b(?:would\s+be|will\s+be|to\s+be)\b", sentence)
            and not re.search(r"undertook|agreed to|report", sentence)
            and not PASSIVE_ACTION.search(sentence)
        ):
            continue
        out.append(_action(sentence.strip(), title, body[0].page if body else 1))
    return out
