"""Decision records, in register tables or labelled notices."""

from __future__ import annotations

import re
from datetime import date

from .common import DATE_RE, Found, Line, _flat, _passage, parse_date
from .reports import _label_value

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
