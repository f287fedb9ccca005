"""Reading board papers and panel packs into proposed records.

Pure text in, proposals out: no database, so each parser can be tested on its own and on
any office's papers. A paper is a list of page texts (PDF pages as extracted; a Word or text
file is one page unless it has form feeds). Every proposal carries the page and the passage
it came from, so a reviewer can check it against the original.

The parsers look for the shapes these papers share rather than for one office's wording:

- meetings: "Minutes of (a|the) meeting of <committee> held at <venue> on <date>", in one
  line or spread over several, and "<committee> — minutes of the meeting held on <date>";
- attendance: "Present:" / "Members present:" / "Officers present:" / "In attendance:" /
  "Others present:" lists, "Apologies (for absence) were received from ..." sentences and
  "X was in attendance as substitute for Y";
- minute items numbered "16.", "16", "39/20", "4.1", "Item 7", "Minute 12" — on the same
  line as the title or on the line before it;
- lettered questions "a)", "(a)", "a." inside an item, and resolutions "RESOLVED",
  "AGREED", "NOTED", "RECOMMENDATION", with "Reasons for the decision";
- action logs (a table headed date / item / action, or "ACTION:" lines) with
  "<owner> to <verb> ..." rows;
- reports: "Agenda Item (No.) 5" or "To: / From: / Date:" headers, a title in capitals, and
  numbered or plain sections "Purpose", "Recommendation(s)";
- decision records: references like "CPCC 2017-020", "PCC/2020/015", "DN 039/20",
  "Decision 2020/15" with a date, subject and decision — in register tables or in labelled
  notices ("Reference:", "Title:", "Decision:", "Date:");
- plan delivery rows: codes like "V1", "O10", "T3" (a letter or two and a number) with the
  priority text, OPCC lead initials, delivery leads, update and status — in extracted table
  layouts and in tab-separated rows (Word tables).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
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
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}}|\d{{2}})\b|\b(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\b",
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


@dataclass
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
        return f"{data.get('code')}: {data.get('text', '')[:80]}"
    return kind


@dataclass
class Lexicon:
    """What the body already knows: organisations (with short names) and people's initials.
    Used to recognise delivery leads and OPCC leads in scrambled table text."""

    organisations: dict[str, str] = field(default_factory=dict)  # lower-cased name or short name -> name
    initials: set[str] = field(default_factory=set)


def lines_of(pages: list[str]) -> list[Line]:
    out: list[Line] = []
    for number, text in enumerate(pages, start=1):
        for raw in text.split("\n"):
            out.append(Line(raw.strip().replace("\u00a0", " "), number, len(out)))
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
    return "\n\n".join(re.sub(r"\s+", " ", p).strip() for p in paragraphs).strip()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --- meetings and minutes -------------------------------------------------------------------

MINUTES_HEAD = re.compile(r"^(?:the\s+)?minutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(.+)$", re.I)
MINUTES_HEAD_ALT = re.compile(r"^(.+?)\s*[-–—:]\s*minutes\s+of\s+(?:the\s+)?meeting\s+held\s+(?:on\s+)?(.+)$", re.I)
ITEM_NUMBER = re.compile(
    r"^(?:(?:item|minute|agenda\s+item)\s+(?:no\.?\s*)?)?"
    r"(\d{1,3}(?:/\d{2,4})?(?:\.\d{1,2})?)[.):]?(?:\s+[-–—]\s*|\s+|$)(.*)$",
    re.I,
)
ITEM_PREFIXED = re.compile(r"^(?:item|minute)\s+(\d{1,3}(?:\.\d{1,2})?)\b\s*[.:–—-]?\s*(.*)$", re.I)
QUESTION_START = re.compile(r"^(?:\(([a-z]{1,2})\)|([a-z]{1,2})[).])(?:\s+(.*)|$)")
ATTENDANCE_HEADS = [
    (re.compile(r"^(?:members\s+)?present\s*:?\s*(.*)$", re.I), "present"),
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
END_OF_MINUTES = re.compile(r"^(?:chair(?:person|man|woman)?|the\s+meeting\s+(?:began|closed|ended|finished))\b", re.I)
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
    parts = re.split(r",\s*|\s+and\s+|;\s*", text)
    out = []
    for part in parts:
        part = re.sub(r"^(?:councillors?|cllr\.?)\s+", "", part.strip(), flags=re.I).strip()
        if part and len(part) < 120:
            out.append(part)
    return out


def _person(entry: str, kind: str) -> dict:
    role = ""
    match = re.match(r"^(.*?)\s*\((.+)\)\s*$", entry)
    if match:
        entry, role = match.group(1), match.group(2)
    return {"kind": kind, "name": entry.strip(), "role": role.strip(), "substitute_for": ""}


def find_meeting(lines: list[Line]) -> tuple[Found, int] | None:
    """The meeting a set of minutes records, and the index of the line after its header."""
    for i, line in enumerate(lines[:400]):
        match = MINUTES_HEAD.match(line.text)
        alt = MINUTES_HEAD_ALT.match(line.text) if not match else None
        if not (match or alt):
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
        if when is None:
            continue
        if match:
            rest = re.sub(
                r"^(?:the\s+)?minutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?", "", joined, flags=re.I
            )
        else:
            rest = alt.group(1) + " held " + alt.group(2)
        committee = re.split(r"\s+held\b|\s+on\s+\d", rest, maxsplit=1, flags=re.I)[0]
        venue_match = re.search(r"\bheld\s+(?:at|in)\s+(.+?)(?:\s+on\s+|,\s*\d|$)", joined, re.I)
        venue_match = venue_match or re.search(r"\bat\s+(.+?)(?:\s+on\s+\w|$)", rest, re.I)
        venue = venue_match.group(1).strip(" ,.") if venue_match else ""
        times = re.findall(r"\b(\d{1,2})[.:](\d{2})\s*(am|pm)\b", " ".join(x.text for x in lines[i:]), re.I)
        data = {
            "committee": _title_case(committee.strip(" ,.")),
            "date": when.isoformat(),
            "venue": _title_case(venue) if venue.isupper() else venue,
            "start_time": _clock(times[0]) if times else "",
            "end_time": _clock(times[1]) if len(times) > 1 else "",
        }
        return Found("meeting", data, line.page, _passage(lines, i, j)), j
    return None


def _clock(parts: tuple[str, str, str]) -> str:
    hour, minute, half = int(parts[0]), int(parts[1]), parts[2].lower()
    if half == "pm" and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


_ACRONYMS: ContextVar[frozenset[str]] = ContextVar("acronyms", default=frozenset())


def acronyms_in(lines: list[Line]) -> frozenset[str]:
    """Words the paper writes in capitals inside ordinary sentences (OPCC, HMICFRS, DVI):
    kept in capitals when a heading in capitals is re-cased."""
    found: set[str] = set()
    for line in lines:
        words = line.text.split()
        capitals = re.findall(r"\b([A-Z][A-Z0-9&]{1,6}[a-z]?)\b", line.text)
        shouting = re.findall(r"\b[A-Z]{2,}\b", line.text)
        if re.search(r"\b[a-z]{3,}\b", line.text) and len(shouting) <= max(1, len(words) // 6):
            found.update(capitals)
    return frozenset(found)


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
        text.isupper() and len(text.split()) <= 12 and text not in {"ACTION", "UPDATE", "ITEM"}
    )


def _item_heads(lines: list[Line], start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(line index, body start, number, title) for each minute item between start and end."""
    heads = []
    i = start
    last_number: float | None = None
    while i < end:
        text = lines[i].text
        match = ITEM_PREFIXED.match(text) or ITEM_NUMBER.match(text)
        if match and not QUESTION_START.match(text):
            number, title = match.group(1), match.group(2).strip(" .–—-")
            body_at = i + 1
            if not title:
                j = i + 1
                while j < end and not lines[j].text:
                    j += 1
                if j < end and _is_title(lines[j].text) and not ITEM_NUMBER.match(lines[j].text):
                    title, body_at = lines[j].text.strip(), j + 1
            ordinal = _ordinal(number)
            plausible = title and _is_title(title) and (last_number is None or ordinal > last_number)
            if plausible and not re.match(r"^\d+(\.\d+)?$", title):
                heads.append((i, body_at, number.rstrip("."), title.rstrip(".")))
                last_number = ordinal
                i = body_at
                continue
        i += 1
    return heads


def _ordinal(number: str) -> float:
    head = number.split("/")[0]
    try:
        return float(head)
    except ValueError:
        return 0.0


def _resolution(body: list[Line]) -> tuple[str, str, str]:
    """(kind, wording, reasons) of the decision recorded at the end of an item."""
    texts = [x.text for x in body]
    start = None
    for k, text in enumerate(texts):
        if (
            re.match(r"^(?:action|resolved|resolution|decision)\s*:?$", text, re.I)
            or re.search(r"\b(?:RESOLVED|AGREED|NOTED|RECOMMENDATION)\b", text)
            or re.match(r"^(?:resolved|agreed)\b\s*[-–:]?\s*(?:that\b|to\b)", text, re.I)
        ):
            start = k
            if re.match(r"^(?:action|resolved|resolution|decision)\s*:?$", text, re.I):
                start = k + 1
            break
    if start is None:
        return "", "", ""
    reasons_at = next(
        (k for k in range(start, len(texts)) if re.match(r"^reasons?\s+for\s+(?:the\s+)?decision", texts[k], re.I)),
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
        if re.match(r"^(?:action|resolved)\s*:?$", line.text, re.I):
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
    found = find_meeting(lines)
    if found is None:
        return []
    meeting, start = found
    end = next((k for k in range(start, len(lines)) if END_OF_MINUTES.match(lines[k].text)), len(lines))
    log_at = next((k for k in range(start, end) if ACTION_LOG_HEAD.match(lines[k].text)), None)
    items_end = log_at if log_at is not None else end
    heads = _item_heads(lines, start, items_end)

    people: list[dict] = []
    first_item = heads[0][0] if heads else items_end
    attendance_end = first_item
    # Attendance may sit inside the first item ("16. Members present"), so read up to the second.
    if len(heads) > 1 and not heads[0][3].lower().startswith(("declarations", "minutes")):
        attendance_end = heads[1][0]
    people, att_start, att_stop = _attendance(lines, start, attendance_end)
    if people:
        meeting.children.append(
            Found("attendance", {"people": people}, lines[att_start].page, _passage(lines, att_start, att_stop))
        )
    for n, (at, body_at, number, title) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else items_end
        body = lines[body_at:stop]
        if any(p for p in people) and title.lower().startswith(("members present", "present", "apologies")):
            title = "Apologies and attendance"
        questions, q_at = _questions(body)
        kind, wording, reasons = _resolution(body)
        intro_end = q_at if q_at is not None else len(body)
        minutes = _join(body[:intro_end])
        if wording and not questions:
            minutes = minutes.split(wording[:40])[0].strip() if wording[:40] in minutes else minutes
        data = {
            "number": number,
            "title": title,
            "minutes": re.sub(r"\b(?:ACTION|RESOLVED)\s*:?\s*$", "", minutes).strip(),
            "questions": questions,
            "resolution": kind if wording else "",
            "resolution_text": wording,
            "resolution_reasons": reasons,
        }
        meeting.children.append(Found("agenda_item", data, lines[at].page, _passage(lines, at, min(stop, at + 8))))
    meeting.children.extend(parse_action_log(lines, log_at if log_at is not None else start, end, heads))
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
    out: list[Found] = []
    seen: set[str] = set()
    current_title = ""
    k = start
    while k < end:
        text = lines[k].text
        for title in titles:
            if text and len(text) > 6 and title.lower().startswith(text.lower()[:30]):
                current_title = title
        match = ACTION_ROW.match(text)
        if match and not re.match(r"^(?:The\s+)?(?:Panel|Committee|Board|Members?)\b", match.group(1)):
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


# --- reports ---------------------------------------------------------------------------------

REPORT_START = re.compile(r"^(?:agenda\s+item(?:\s+no\.?)?\s*[:.]?\s*(\d+(?:\.\d+)?)|to\s*:\s*(.*))$", re.I)
SECTION = re.compile(
    r"^(?:(\d{1,2})(?:\.0)?\.?\s*)?(purpose(?:\s+of\s+(?:the\s+)?(?:paper|report))?|recommendations?|background|"
    r"terms\s+of\s+reference|key\s+issues|implications|consultation|next\s+steps|background\s+documents|appendices|"
    r"overview|introduction|summary|executive\s+summary)\s*:?$",
    re.I,
)
NUMBERED_HEAD = re.compile(r"^(\d{1,2})(?:\.0)?\.?\s+([A-Z][^.]{2,80})$")
PARA_NUMBER = re.compile(r"^\d{1,2}\.(?:\d{1,2}\.?)?\s+|^\d{1,2}\.\d{1,2}\.?$")


def parse_reports(lines: list[Line]) -> list[Found]:
    starts: list[tuple[int, str, str]] = []
    for i, line in enumerate(lines):
        match = REPORT_START.match(line.text)
        if not match:
            continue
        if match.group(2) is not None:
            window = " ".join(x.text.lower() for x in lines[i : i + 8])
            if "from" not in window:
                continue
        if starts and i - starts[-1][0] < 12:
            # "Agenda Item" and "To:" of the same report
            prev = starts[-1]
            starts[-1] = (prev[0], prev[1] or (match.group(1) or ""), prev[2] or (match.group(2) or ""))
            continue
        starts.append((i, match.group(1) or "", match.group(2) or ""))
    out = []
    for n, (at, number, to) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        report = _report(lines, at, stop, number, to)
        if report is not None:
            out.append(report)
    if not out:
        report = _report(lines, 0, len(lines), "", "")
        if report is not None:
            out.append(report)
    return out


def _label_value(lines: list[Line], at: int, stop: int, label: str) -> str:
    for k in range(at, min(stop, at + 25)):
        match = re.match(rf"^{label}\s*:?\s*(.*)$", lines[k].text, re.I)
        if match:
            value = match.group(1).strip()
            if not value:
                j = k + 1
                while j < stop and not lines[j].text:
                    j += 1
                value = lines[j].text if j < stop else ""
            return value.strip()
    return ""


def _report(lines: list[Line], at: int, stop: int, number: str, to: str) -> Found | None:
    sections: list[tuple[int, str]] = []
    for k in range(at, stop):
        text = lines[k].text
        match = SECTION.match(text)
        if match:
            sections.append((k, match.group(2).lower()))
            continue
        # "1." then "PURPOSE" on the next non-blank line
        if re.match(r"^\d{1,2}\.0?\.?$", text):
            j = k + 1
            while j < stop and not lines[j].text:
                j += 1
            if j < stop and SECTION.match(lines[j].text):
                continue
    purpose_at = next((k for k, name in sections if name.startswith("purpose")), None)
    if purpose_at is None:
        return None
    title = ""
    blocks: list[list[str]] = []
    for k in range(at, purpose_at):
        text = lines[k].text
        is_caps = (
            text.isupper()
            and len(text) > 8
            and not DATE_RE.search(text)
            and not re.match(r"^(?:NOT\s+PROTECTIVELY|PUBLIC|OFFICIAL|RESTRICTED|XXXX|AGENDA\s+ITEM)", text)
        )
        if is_caps and blocks and k > 0 and blocks[-1] and lines[k - 1].text.isupper():
            blocks[-1].append(text)
        elif is_caps:
            blocks.append([text])
    if blocks:
        title = _flat(" ".join(blocks[-1]))
    if not title:
        title = _label_value(lines, at, purpose_at, r"(?:title|subject|emergency police and crime plan priority)")
    if not title:
        candidates = [
            x.text
            for x in lines[at:purpose_at]
            if x.text and not re.search(r":$|^\w+\s*:", x.text) and not re.match(r"^[\d.]+$", x.text)
        ]
        title = candidates[0] if candidates else ""

    def section_text(start_name: str) -> str:
        for n, (k, name) in enumerate(sections):
            if name.startswith(start_name):
                end = sections[n + 1][0] if n + 1 < len(sections) else min(stop, k + 40)
                body = [x for x in lines[k + 1 : end] if not re.match(r"^\d{1,2}\.0?\.?$", x.text)]
                text = _join([Line(PARA_NUMBER.sub("", x.text), x.page, x.index) for x in body])
                return text
        return ""

    to_value = to or _label_value(lines, at, purpose_at, "to")
    if not to_value:
        for k in range(max(0, at - 3), purpose_at):
            text = lines[k].text
            if re.search(r"\b(?:panel|board|committee)\b", text, re.I) and len(text.split()) <= 10 and text.isupper():
                to_value = _title_case(text)
                break
    author = _label_value(lines, at, purpose_at, r"(?:from|report\s+of|presented\s+by)")
    when = parse_date(" ".join(x.text for x in lines[at:purpose_at]))
    data = {
        "title": _title_case(title.strip(" :")) if title else "",
        "agenda_number": number,
        "to": to_value,
        "author": author,
        "report_date": when.isoformat() if when else "",
        "purpose": section_text("purpose"),
        "recommendations": section_text("recommendation"),
    }
    if not data["purpose"]:
        return None
    return Found("report", data, lines[at].page, _passage(lines, at, purpose_at + 4))


# --- decision records ------------------------------------------------------------------------

REFERENCE = re.compile(
    r"\b((?:[A-Z]{2,6}[/ ]?(?:[A-Z]{1,3}/)?)?(?:(?:19|20)\d{2}[-/]\d{1,4}|\d{1,4}/(?:19|20)?\d{2}))\b"
)
DECISION_HEAD = re.compile(r"decision\s+(?:record|notice|number|no\.?|reference)", re.I)


def parse_decisions(lines: list[Line]) -> list[Found]:
    out: dict[str, Found] = {}
    text_lines = [x.text for x in lines]
    # 1. labelled notices: "Reference: PCC/2020/015", "Title:", "Decision:", "Date:"
    for i, text in enumerate(text_lines):
        match = re.match(
            r"^(?:decision\s+(?:record\s+|notice\s+)?)?(?:reference|ref\.?|number|no\.?)\s*(?:number|no\.?)?\s*:\s*(\S.*)$",
            text,
            re.I,
        )
        if match and REFERENCE.search(match.group(1)):
            ref = _clean_ref(REFERENCE.search(match.group(1)).group(1))
            subject = _label_value(lines, max(0, i - 10), min(len(lines), i + 25), r"(?:title|subject)")
            decision = _labelled_block(lines, i, r"^(?:decision|the\s+decision|decision\s+taken)\s*:?\s*(.*)$")
            when = parse_date(
                _label_value(
                    lines, max(0, i - 10), min(len(lines), i + 40), r"(?:date(?:\s+of\s+decision)?|date\s+signed)"
                )
            )
            if subject or decision:
                out.setdefault(
                    ref,
                    Found(
                        "decision",
                        _decision_data(ref, when, subject, decision),
                        lines[i].page,
                        _passage(lines, i, i + 8),
                    ),
                )
    # 2. register tables: a date, the reference (often split over lines), subject and decision
    for i, text in enumerate(text_lines):
        if not re.match(r"^(?:[A-Z]{2,6}\s*)$", text) and not REFERENCE.fullmatch(text.strip()):
            continue
        candidate = (
            text if REFERENCE.fullmatch(text.strip()) else f"{text} {text_lines[i + 1] if i + 1 < len(lines) else ''}"
        )
        match = REFERENCE.fullmatch(candidate.strip())
        if not match or not re.match(r"^[A-Z]", candidate):
            continue
        ref = _clean_ref(match.group(1))
        body_start = i + (1 if REFERENCE.fullmatch(text.strip()) else 2)
        when = None
        for k in range(i - 1, max(-1, i - 12), -1):
            when = parse_date(text_lines[k])
            if when:
                break
        stop = body_start
        while stop < len(lines) and stop - body_start < 40:
            nxt = text_lines[stop]
            if (parse_date(nxt) and DATE_RE.match(nxt)) or (
                re.match(r"^[A-Z]{2,6}$", nxt)
                and stop + 1 < len(lines)
                and REFERENCE.fullmatch(f"{nxt} {text_lines[stop + 1]}")
            ):
                break
            stop += 1
        block = _flat(" ".join(text_lines[body_start:stop]))
        subject, decision = _split_subject(block)
        if subject:
            out.setdefault(
                ref,
                Found(
                    "decision",
                    _decision_data(ref, when, subject, decision),
                    lines[i].page,
                    _passage(lines, max(0, i - 3), stop),
                ),
            )
    # 3. records named in running text: "Decision Record – CPCC 2017-19 – Subject"
    for i, text in enumerate(text_lines):
        if not DECISION_HEAD.search(text):
            continue
        joined = _flat(" ".join(text_lines[i : i + 3]))
        match = re.search(
            r"decision\s+(?:record|notice)\s*[-–—:]?\s*(?:no\.?\s*)?"
            r"([A-Z]{2,6}[/ ]?(?:\d{4}[-/]\d{1,4}|\d{1,4}/\d{2,4}))\s*[-–—:]\s*(.+)",
            joined,
            re.I,
        )
        if not match:
            continue
        ref = _clean_ref(match.group(1))
        subject = re.split(r"\.\s|\s[-–—]\s(?=[A-Z])|\s+The\s+Panel\b", match.group(2))[0]
        subject = re.sub(r"\s+(?:was|were)\s+.*$", "", subject).strip(" .")
        out.setdefault(
            ref, Found("decision", _decision_data(ref, None, subject, ""), lines[i].page, _passage(lines, i, i + 3))
        )
    return list(out.values())


def _labelled_block(lines: list[Line], at: int, pattern: str) -> str:
    for k in range(at, min(len(lines), at + 60)):
        match = re.match(pattern, lines[k].text, re.I)
        if match:
            body = [match.group(1)] if match.group(1) else []
            j = k + 1
            while (
                j < len(lines)
                and (lines[j].text or not body)
                and not re.match(r"^[A-Z][A-Za-z ]{2,40}:\s*", lines[j].text)
                and j - k < 30
            ):
                if lines[j].text:
                    body.append(lines[j].text)
                j += 1
            return _flat(" ".join(body))
    return ""


def _clean_ref(ref: str) -> str:
    return re.sub(r"\s+", " ", ref).strip()


def _split_subject(block: str) -> tuple[str, str]:
    """A register row's subject and decision run together; the decision usually starts with
    "To <verb>", "Approved", "Agreed" or "Delegated"."""
    match = re.search(r"(?<=\S)\s+(To\s+[a-z]+\b|Approv(?:ed|al)\b|Agreed\b|Delegated\b|That\s+the\b)", block)
    if not match:
        return block[:300], ""
    return block[: match.start()].strip(" .,"), block[match.start() :].strip()


def _decision_data(ref: str, when: date | None, subject: str, decision: str) -> dict:
    subject = re.sub(r"^(?:(?:subject|decision|date|title)\s+)+", "", _flat(subject), flags=re.I)
    return {
        "reference": ref,
        "date": when.isoformat() if when else "",
        "subject": _flat(subject)[:300],
        "decision": _flat(decision),
    }


# --- plan delivery rows ---------------------------------------------------------------------

CODE_LINE = re.compile(r"^([A-Z]{1,2})(\d{1,2})(\.\d{0,2})?(?:\s+(.*))?$")
STATUS_WORDS = re.compile(
    r"^(?:on\s+target|on\s+track|complete(?:d)?|not\s+started|off\s+(?:track|target)|at\s+risk|delayed|green|amber|red|"
    r"blue|white|in\s+progress|work\s+in\s+progress)$",
    re.I,
)
INITIALS = re.compile(r"^[A-Z]{2,3}(?:\s*[/&,]\s*[A-Z]{2,3})*$")
TABLE_NOISE = re.compile(
    r"^(?:theme|p\s*&\s*cp.*|opcc\s+l.*|d.vry\s+lead|delive?r?y\s+status.*|wider\s+partnership|opportunities|"
    r"opcc/partner.*|progress|rag\s+status|update|work\s+in\s+progress|variou?i?s\s+factors.*|white\s*-.*|"
    r"back\s+on\s+track|key\s+delivery.*)$",
    re.I,
)


def parse_plan_rows(lines: list[Line], lexicon: Lexicon | None = None) -> list[Found]:
    lexicon = lexicon or Lexicon()
    tabbed = _tabbed_plan_rows(lines, lexicon)
    if tabbed:
        return tabbed
    # Where are the codes? A code family must run 1..n for at least three letters' worth.
    firsts: dict[str, int] = {}
    occurrences: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        match = CODE_LINE.match(line.text)
        if not match:
            continue
        code = match.group(1) + match.group(2)
        rest = match.group(4) or ""
        long_or_capital = rest[:1].isupper() or len(rest.split()) > 12
        if rest and not match.group(3) and not rest[:1].islower() and long_or_capital:
            continue  # "V1 Better identification of ..." with a capital: prose, not a table cell
        firsts.setdefault(code, i)
        if not match.group(3) and not rest:
            occurrences.setdefault(code, []).append(i)
    letters: dict[str, list[int]] = {}
    for code in firsts:
        letters.setdefault(re.match(r"[A-Z]+", code).group(0), []).append(int(re.search(r"\d+", code).group(0)))
    families = {
        letter
        for letter, numbers in letters.items()
        if len(numbers) >= 3 and set(range(1, max(numbers) + 1)) <= set(numbers)
    }
    if not families:
        return []
    codes = sorted((c for c in firsts if re.match(r"[A-Z]+", c).group(0) in families), key=lambda c: firsts[c])
    themes = _theme_names(lines, firsts, codes)
    claimed: set[int] = set()
    used_updates: set[int] = set()
    out = []
    for code in codes:
        at = firsts[code]
        # Priority text: the nearest unclaimed sentence-like paragraph, looking back first.
        text_block = _nearest_paragraph(lines, at, claimed, themes)
        if text_block:
            claimed.update(range(*text_block))
        initials = _initials_near(lines, at, lexicon)
        leads = _leads_near(lines, at, claimed, themes, lexicon)
        if not leads:  # tables split over pages repeat the code beside the lead column
            for other in occurrences.get(code, [])[1:]:
                leads = _leads_near(lines, other, claimed, themes, lexicon, reach=4)
                if leads:
                    break
        if not initials:
            for other in occurrences.get(code, [])[1:]:
                initials = _initials_near(lines, other, lexicon)
                if initials:
                    break
        update = _update_for(lines, code, used_updates)
        status = ""
        priority_text = _flat(" ".join(x.text for x in lines[text_block[0] : text_block[1]])) if text_block else ""
        inline = CODE_LINE.match(lines[at].text)
        if (
            priority_text
            and not priority_text.endswith(".")
            and inline
            and inline.group(4)
            and inline.group(4)[:1].islower()
            and text_block[1] >= at - 1
        ):
            # the code sits in the middle of its own priority ("... value from / T8 the police estate.")
            tail, k = [inline.group(4)], at + 1
            while (
                not tail[-1].endswith(".")
                and k < len(lines)
                and _is_sentence_line(lines[k].text, themes)
                and k < at + 4
            ):
                tail.append(lines[k].text)
                claimed.add(k)
                k += 1
            priority_text = _flat(f"{priority_text} {' '.join(tail)}")
        data = {
            "code": code,
            "theme": themes.get(code[:1], ""),
            "text": priority_text,
            "opcc_lead": initials,
            "delivery_leads": leads,
            "update": update,
            "status": status,
        }
        out.append(Found("plan_row", data, lines[at].page, _passage(lines, max(0, at - 6), at + 6)))
    return out


def _initials_near(lines: list[Line], at: int, lexicon: Lexicon, reach: int = 8) -> str:
    """The OPCC lead: initials ("NP", "CS/EW") in a line of their own beside the code."""
    for k in sorted(range(max(0, at - reach), min(len(lines), at + reach + 1)), key=lambda k: abs(k - at)):
        text = lines[k].text
        if not text or not INITIALS.match(text) or text.lower() in lexicon.organisations:
            continue
        parts = [part.strip() for part in re.split(r"[/&,]", text)]
        if lexicon.initials and not all(part in lexicon.initials for part in parts):
            continue
        return "/".join(parts)
    return ""


def _theme_names(lines: list[Line], firsts: dict[str, int], codes: list[str]) -> dict[str, str]:
    """Theme names are the short lines repeated next to codes of one letter ("Victims")."""
    counts: dict[str, dict[str, int]] = {}
    for code in codes:
        at = firsts[code]
        for k in range(max(0, at - 6), min(len(lines), at + 6)):
            text = lines[k].text
            if (
                text
                and len(text.split()) == 1
                and text[:1].isupper()
                and not INITIALS.match(text)
                and not CODE_LINE.match(text)
            ):
                counts.setdefault(code[:1], {}).setdefault(text, 0)
                counts[code[:1]][text] += 1
    themes = {}
    for letter, names in counts.items():
        name, count = max(names.items(), key=lambda kv: kv[1])
        if count >= 2 and name.lower().startswith(letter.lower()):
            themes[letter] = name
    return themes


def _is_sentence_line(text: str, themes: dict[str, str]) -> bool:
    if not text or CODE_LINE.match(text) or INITIALS.match(text) or TABLE_NOISE.match(text) or STATUS_WORDS.match(text):
        return False
    return text not in themes.values()


def _nearest_paragraph(lines: list[Line], at: int, claimed: set[int], themes: dict[str, str]) -> tuple[int, int] | None:
    """The priority: a paragraph starting with a capitalised verb-like word, of 6+ words, that
    sits closest to the code (before it by preference) and is not an update."""
    best = None
    for direction in (-1, 1):
        k = at + direction
        steps = 0
        while 0 <= k < len(lines) and steps < 24:
            steps += 1
            if k in claimed or not _is_sentence_line(lines[k].text, themes):
                k += direction
                continue
            # expand to the whole paragraph of sentence lines
            start = k
            while (
                start - 1 >= 0
                and start - 1 not in claimed
                and _is_sentence_line(lines[start - 1].text, themes)
                and not lines[start - 1].text.rstrip().endswith(".")
            ):
                start -= 1
            end = k + 1
            while (
                end < len(lines)
                and end not in claimed
                and _is_sentence_line(lines[end].text, themes)
                and not lines[end - 1].text.rstrip().endswith(".")
            ):
                end += 1
            text = " ".join(x.text for x in lines[start:end])
            first = lines[start].text
            all_names = all(_name_like(x.text) for x in lines[start:end])
            if (
                len(text.split()) >= 6
                and not all_names
                and re.match(r"^[A-Z][a-z]+\b", first)
                and not re.match(
                    r"^(?:Update|Progress|The|This|There|Work\s+(?:ongoing|across|is|has|continues)|Agencies|Cambridgeshire|A|An|In|More|See|Multi|Via|Greater|Better|Continue\s+working)\b",
                    first,
                )
                and not first.lower().startswith(("update", "progress"))
            ):
                distance = abs(start - at) + (0 if direction < 0 else 4)
                if best is None or distance < best[0]:
                    best = (distance, (start, end))
                break
            k = start - 1 if direction < 0 else end
    return best[1] if best else None


def _leads_near(
    lines: list[Line], at: int, claimed: set[int], themes: dict[str, str], lexicon: Lexicon, reach: int = 10
) -> list[str]:
    """Delivery leads: short name-like lines beside the code (organisations the body knows
    first; otherwise a capitalised line of up to six words that is not a theme, a status,
    a code, initials or a table heading)."""
    known: list[tuple[int, str]] = []
    guessed: list[tuple[int, str]] = []
    k = at - 8
    while k < at + 9:
        if k < 0 or k >= len(lines) or k in claimed:
            k += 1
            continue
        text = lines[k].text
        # names split over lines ("Cambridgeshire" / "Criminal Justice" / "Board")
        joined, end = text, k + 1
        while (
            end < len(lines)
            and end < k + 5
            and lines[end].text
            and not lines[end - 1].text.endswith(".")
            and len(joined.split()) < 10
            and (_name_like(lines[end].text) or lines[end].text.endswith("/") or joined.endswith("/"))
        ):
            joined, end = f"{joined} {lines[end].text}", end + 1
        parts = _known_parts(joined, lexicon) or _known_parts(text, lexicon)
        if parts and abs(k - at) <= reach:
            known.extend((abs(k - at), name) for name in parts)
            k = end if _known_parts(joined, lexicon) else k + 1
            continue
        if _name_like(text) and text not in themes.values() and abs(k - at) <= 5:
            full = joined if all(_name_like(lines[x].text) for x in range(k, end)) else text
            guessed.append((abs(k - at), full))
            k = end
            continue
        k += 1
    chosen = known or guessed
    names: list[str] = []
    for _, name in sorted(chosen, key=lambda t: t[0]):
        if name not in names:
            names.append(name)
    return names[:3]


def _known_parts(text: str, lexicon: Lexicon) -> list[str]:
    """Organisations named in a lead cell: "OPCC / Constabulary / County Council (DA)"."""
    whole = lexicon.organisations.get(text.lower().strip(" /"))
    if whole:
        return [whole]
    parts = [re.sub(r"\s*\(.*?\)\s*$", "", x).strip() for x in re.split(r"\s*/\s*|\s*&\s*|,\s*", text)]
    names = [lexicon.organisations.get(x.lower()) for x in parts if x]
    return [n for n in names if n] if names and all(names) else []


def _name_like(text: str) -> bool:
    if not text or len(text.split()) > 6 or text.endswith((".", ",", ";")) or CODE_LINE.match(text):
        return False
    if (INITIALS.match(text) and len(text) <= 3) or TABLE_NOISE.match(text) or STATUS_WORDS.match(text):
        return False
    return bool(re.match(r"^[A-Z]", text)) and not re.search(
        r"\b(?:the|to|is|are|of\s+the|with)\b", text.split(" ", 1)[-1] if " " in text else ""
    )


def _update_for(lines: list[Line], code: str, used: set[int]) -> str:
    """The update: the paragraph after "Update -" nearest the code's activity lines (V1.1, V1.),
    each paragraph given to one row at most."""
    pattern = re.compile(rf"^{re.escape(code)}\.\d*\s*$")
    marks = [i for i, x in enumerate(lines) if pattern.match(x.text)]
    for i in marks:
        for k in range(i, min(len(lines), i + 30)):
            match = re.search(r"\b(?:Update|Progress)\s*[-–:]\s*(.*)$", lines[k].text)
            if match and k not in used:
                used.add(k)
                body = [match.group(1)]
                j = k + 1
                while j < len(lines) and lines[j].text and not CODE_LINE.match(lines[j].text) and j - k < 20:
                    body.append(lines[j].text)
                    j += 1
                return _flat(" ".join(body))
    return ""


def _tabbed_plan_rows(lines: list[Line], lexicon: Lexicon) -> list[Found]:
    """Word tables come out as tab-separated rows; find a header naming code, priority and lead."""
    out = []
    columns: dict[str, int] | None = None
    for line in lines:
        cells = [c.strip() for c in line.text.split("\t")]
        if len(cells) < 3:
            continue
        lowered = [c.lower() for c in cells]
        if columns is None or any(c in {"code", "ref", "reference"} for c in lowered):
            guess = {}
            for n, c in enumerate(lowered):
                if c in {"code", "ref", "ref.", "reference", "no", "no."}:
                    guess["code"] = n
                elif "priority" in c or c in {"action", "commitment", "objective"}:
                    guess.setdefault("text", n)
                elif "delivery lead" in c or c in {"lead", "delivery", "owner", "d'vry lead"}:
                    guess.setdefault("lead", n)
                elif "opcc" in c and "lead" in c:
                    guess["opcc_lead"] = n
                elif "update" in c or "progress" in c:
                    guess.setdefault("update", n)
                elif "status" in c or c == "rag":
                    guess.setdefault("status", n)
                elif c == "theme":
                    guess["theme"] = n
            if {"code", "text"} <= set(guess):
                columns = guess
                continue
        if columns is None:
            continue

        def get(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            return cells[columns[key]] if key in columns and columns[key] < len(cells) else ""

        code = get("code").upper().rstrip(".")
        if not re.match(r"^[A-Z]{1,2}\d{1,2}$", code):
            continue
        leads = [x.strip() for x in re.split(r"[;,/]|\band\b", get("lead")) if x.strip()]
        out.append(
            Found(
                "plan_row",
                {
                    "code": code,
                    "theme": get("theme"),
                    "text": get("text"),
                    "opcc_lead": get("opcc_lead"),
                    "delivery_leads": [lexicon.organisations.get(x.lower(), x) for x in leads],
                    "update": get("update"),
                    "status": get("status"),
                },
                line.page,
                _flat(line.text.replace("\t", " | "))[:PASSAGE_CHARS],
            )
        )
    return out


# --- the whole paper -------------------------------------------------------------------------


def parse(pages: list[str], lexicon: Lexicon | None = None) -> list[Found]:
    """Every proposal a paper yields, in reading order (meetings carry their items)."""
    lines = lines_of(pages)
    _ACRONYMS.set(acronyms_in(lines))
    found: list[Found] = []
    found.extend(parse_minutes(lines))
    found.extend(parse_reports(lines))
    found.extend(parse_decisions(lines))
    found.extend(parse_plan_rows(lines, lexicon))
    return found
