"""Reports in the board-paper shape: "Agenda Item 5" or "To: / From:" headers, a title and numbered sections."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .common import DATE_RE, Found, Line, _flat, _join, _passage, lines_opening, lines_with, parse_date
from .minutes import _title_case

# --- reports ---------------------------------------------------------------------------------

REPORT_START = re.compile(r"^(?:agenda\s+item(?:\s+no\.?)?\s*[:.]?\s*(\d+(?:\.\d+)?)|to\s*:\s*(.*))$", re.I)
SECTION = re.compile(
    r"^(?:(\d{1,2})(?:\.0)?\.?\s*)?(purpose(?:\s+of\s+(?:the\s+)?(?:paper|report))?|recommendations?|background|"
    r"terms\s+of\s+reference|key\s+issues|implications|consultation|next\s+steps|background\s+documents|appendices|"
    r"overview|introduction|summary|executive\s+summary)\s*:?$",
    re.I,
)
# How every SECTION line starts (perhaps a number, then one of its words), in lower case, after
# the newline before it ("?" for a digit or white space outside Latin-1): the lines to try it on
# are found in the paper's whole text at once (see lines_opening). Keep in step with SECTION.
SECTION_OPENING = re.compile(
    rb"\n(?:[0-9?]{1,2}(?:\.0)?\.?[ \t\r\x0b\x0c\x1c-\x1f\x85\xa0?]*)?(?:purpose|recommendation|background|terms|key|"
    rb"implications|consultation|next|appendices|overview|introduction|summary|executive)"
)
NUMBERED_HEAD = re.compile(r"^(\d{1,2})(?:\.0)?\.?\s+([A-Z][^.]{2,80})$")
PARA_NUMBER = re.compile(r"^\d{1,2}\.(?:\d{1,2}\.?)?\s+|^\d{1,2}\.\d{1,2}\.?$")
PARA_ALONE = re.compile(r"^\d{1,2}\.0?\.?$")  # "1." or "1.0" on a line of its own


INLINE_SECTION = re.compile(r"^(purpose|background|recommendations?|summary)\s+(\d{1,2}\.\s+\S.*)$", re.I)


def _sections_apart(lines: list[Line]) -> list[Line]:
    """ "Purpose 1. To update the Panel …" (a heading run into its first paragraph) as two lines."""
    out: list[Line] = []
    for line in lines:
        match = INLINE_SECTION.match(line.text)
        if match:
            out.append(Line(match.group(1), line.page, len(out)))
            out.append(Line(match.group(2), line.page, len(out)))
        else:
            out.append(Line(line.text, line.page, len(out)))
    return out


def parse_reports(lines: list[Line]) -> list[Found]:
    # (the words every INLINE_SECTION and every REPORT_START match starts with: keep in step)
    inline = lines_with(lines, "purpose", "background", "recommendation", "summary", fold=True, at_start=True)
    if any(INLINE_SECTION.match(lines[k].text) for k in inline):
        lines = _sections_apart(lines)
    starts: list[tuple[int, str, str]] = []
    for i in lines_with(lines, "agenda", "to", fold=True, at_start=True):
        line = lines[i]
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


@lru_cache(maxsize=32)
def _label_pattern(label: str) -> re.Pattern[str]:
    return re.compile(rf"^{label}\s*:?\s*(.*)$", re.I)


def _label_value(lines: list[Line], at: int, stop: int, label: str) -> str:
    pattern = _label_pattern(label)  # (made once a label, not once a line)
    for k in range(at, min(stop, at + 25)):
        match = pattern.match(lines[k].text)
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
    openings = lines_opening(lines, SECTION_OPENING, fold=True)
    for k in openings[bisect_left(openings, at) : bisect_left(openings, stop)]:
        # ("1." then "PURPOSE" on the next non-blank line: the heading line is matched on its own)
        match = SECTION.match(lines[k].text)
        if match:
            sections.append((k, match.group(2).lower()))
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
            if x.text
            and not re.search(r":$|^\w+\s*:", x.text)
            and not re.match(r"^[\d.]+$", x.text)
            and not (DATE_RE.match(x.text) and len(x.text) < 30)
            and not (re.search(r"\b(?:panel|board|committee)$", x.text, re.I) and len(x.text.split()) <= 8)
        ]
        title = candidates[0] if candidates else ""

    def section_text(start_name: str) -> str:
        for n, (k, name) in enumerate(sections):
            if name.startswith(start_name):
                end = sections[n + 1][0] if n + 1 < len(sections) else min(stop, k + 40)
                body = [x for x in lines[k + 1 : end] if not PARA_ALONE.match(x.text)]
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
    if not to_value:
        # a report headed by the meeting it goes to: "Police and Crime Panel" / "12 March 2020"
        for k in range(at, min(purpose_at, at + 6)):
            text = lines[k].text
            if (
                re.search(r"\b(?:panel|board|committee)\b", text, re.I)
                and len(text.split()) <= 8
                and not re.search(r"[.:;]|\b(?:report|of\s+the\s+office)\b", text, re.I)
            ):
                to_value = text.strip()
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


# --- action plans: "Actions | Timescale | Sponsor | Lead officer | Current status" -----------------

ACTION_TABLE_HEAD = re.compile(r"\bactions?\b.{0,40}\btimescales?\b.{0,80}\blead(?:\s+officer)?\b", re.I)
ROW_START = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\s+(?=[A-Z])")
TIMESCALE = re.compile(
    r"\s(ongoing|complete(?:d)?|annual(?:ly)?|quarterly|monthly|q[1-4](?:\s+\d{4}(?:/\d{2})?)?|"
    r"(?:by\s+)?(?:end\s+of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|"
    r"\d{1,2}/\d{1,2}/\d{2,4})\s+(?P<sponsor>[A-Z]{2,6})\s+(?P<lead>[A-Z]{2,4}(?:\s*/\s*[A-Z]{2,4})?)\b",
    re.I,
)


def parse_action_plan(lines: list[Line]) -> list[Found]:
    """Rows of an action plan or delivery tracker ("1.1 Monitor … Ongoing PCC GE <status>"): each an
    action with its timescale, sponsor, lead and status, for the reviewer to take on."""
    text = " ".join(x.text for x in lines if x.text)
    head = ACTION_TABLE_HEAD.search(text)
    if not head:
        return []
    body = text[head.end() :]
    starts = []
    for match in ROW_START.finditer(body):
        number = (int(match.group(1)), int(match.group(2)))
        if not starts or number == (starts[-1][1][0], starts[-1][1][1] + 1) or number == (starts[-1][1][0] + 1, 1):
            starts.append((match, number))
    out = []
    page = next((x.page for x in lines if x.text and head.group(0)[:20] in x.text), 1)
    for n, (match, number) in enumerate(starts):
        row = body[match.end() : starts[n + 1][0].start() if n + 1 < len(starts) else len(body)]
        when = TIMESCALE.search(row)
        if not when or when.start() > 300:
            continue
        action = _flat(row[: when.start()])
        status = _flat(row[when.end() :])[:500]
        out.append(
            Found(
                "action",
                {
                    "text": action,
                    "owner": when.group("lead"),
                    "item_title": "",
                    "due_date": "",
                    "number": f"{number[0]}.{number[1]}",
                    "timescale": when.group(1),
                    "sponsor": when.group("sponsor"),
                    "status": status,
                },
                page,
                _flat(row)[:400],
            )
        )
    return out
