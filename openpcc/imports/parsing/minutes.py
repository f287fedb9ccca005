"""Meetings and minutes: the heading, attendance, minute items with their questions and
resolutions, and action logs."""

from __future__ import annotations

import re
from contextvars import ContextVar

from .common import DATE_RE, Found, Line, _flat, _join, _passage, parse_date

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
