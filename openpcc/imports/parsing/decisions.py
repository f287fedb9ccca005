"""Decision records, in the layouts offices publish them: labelled notices (the label and its
value on one line or on lines of their own, one record or a whole quarter's register), register
tables, index lists ("018-2020 – Title" a line), attachment links ("Decision 32 – 2015. Title
(application, 83kB)") and records named in running text."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from .common import DATE_RE, Found, Line, _flat, _passage, lines_opening, lines_with, parse_date, texts_of

# --- decision records ------------------------------------------------------------------------

REFERENCE = re.compile(
    r"\b((?:[A-Z]{2,6}[/ ]?(?:[A-Z]{1,3}/)?)?(?:(?:19|20)\d{2}[-/]\d{1,4}|\d{1,4}/(?:19|20)?\d{2}))\b"
)
# Other reference forms offices use: "WPCC3-0049", "018-2020", "2016-17069", "Decision 32 – 2015".
OTHER_REFERENCE = re.compile(
    r"\b(?:[A-Z]{2,6}\d{0,2}[-/]\d{2,5}|\d{1,4}[-/](?:19|20)\d{2}|(?:19|20)\d{2}[-/]\d{1,5})\b"
    r"|\bDecision\s+(?:No\.?\s*)?\d{1,4}\s*[-–—/]\s*(?:19|20)\d{2}\b"
)
SHORT_CAPS = re.compile(r"^(?:[A-Z]{2,6}\s*)$")  # a reference's letters on a line of their own
# The lines SHORT_CAPS matches or REFERENCE matches the whole of (white space aside), in the paper's
# whole text at once (see lines_opening): "?" stands for a character outside Latin-1, a digit or
# white space among them; _WS is white space but the newline. Keep in step with the two patterns.
_WS = rb"[ \t\r\x0b\x0c\x1c-\x1f\x85\xa0?]"
REFERENCE_ALONE = re.compile(
    rb"\n(?:[A-Z]{2,6}" + _WS + rb"*|" + _WS + rb"*(?:[A-Z]{2,6}[/ ]?(?:[A-Z]{1,3}/)?)?"
    rb"(?:(?:19|20)[0-9?]{2}[-/][0-9?]{1,4}|[0-9?]{1,4}/(?:19|20)?[0-9?]{2})" + _WS + rb"*)(?=\n|\Z)"
)
DECISION_WORD = re.compile(r"decision", re.I)  # what every attachment link (LINKED) holds
DECISION_HEAD = re.compile(r"decision\s+(?:record|notice|number|no\.?|reference)", re.I)
# A label line: "Decision Ref:", "Decision Reference Number:", "Reference:", "Ref. No:", "Decision No.:"
REF_LABEL = re.compile(
    r"^(?:decision\s+(?:record\s+|notice\s+)?)?(?:reference|ref\.?)(?:\s*(?:number|no\.?))?\s*:\s*(.*)$"
    r"|^(?:decision\s+(?:record\s+|notice\s+)?)?(?:number|no\.?)\s*:\s*(.*)$"
    # a notice headed by its reference: "DECISION NOTICE PCC/2020/015", "Decision Record No. 039/20"
    r"|^decision\s+(?:record|notice)\s*(?:no\.?|number|ref(?:erence)?\.?)?\s*[:\-–—]?\s*(\S.{0,38})$",
    re.I,
)
TITLE_LABEL = r"(?:decision\s+)?(?:title|subject|issue)"
DATE_LABEL = r"(?:date\s+of\s+(?:the\s+)?decision|decision\s+date|date\s+(?:decision\s+)?(?:made|taken|approved))"
MAKER_LABEL = r"(?:decision[\s-]+(?:maker|taker|taken\s+by|made\s+by)|decided\s+by)"
SIGNED_LABEL = r"(?:signature|signed(?:\s+by)?)"
DECISION_LABEL = r"(?:decision(?:\s+(?:summary|taken|made))?|the\s+decision|summary\s+of\s+(?:the\s+)?decision)"
# Any "Label:" at the start of a line ends the value of the label before it.
ANY_LABEL = re.compile(r"^[A-Z][A-Za-z/&,'’ ]{1,48}:\s*(?:\S.*)?$|^Decision Papers\b|^Supporting information\b", re.I)
AMOUNT = re.compile(r"£\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:m|k|million|bn)\b)?", re.I)
FILE_ARTEFACT = re.compile(
    r"\s*\((?:application|pdf|word|doc|docx|document|file)[^()]{0,30}\d+\s*[kKmM]?B\)\s*$"
    r"|\s*pdf icon PDF\s*\d+\s*[KM]B\s*$",
    re.I,
)


def parse_decisions(lines: list[Line]) -> list[Found]:
    out: dict[str, Found] = {}
    text_lines = texts_of(lines)
    # 1. labelled notices and registers of labelled records
    for found in _labelled_records(lines):
        out.setdefault(_key(found.data["reference"]), found)
    # 2. register tables: a date, the reference (often split over lines), subject and decision
    for i in lines_opening(lines, REFERENCE_ALONE):
        text = text_lines[i]
        if not SHORT_CAPS.match(text) and not REFERENCE.fullmatch(text.strip()):
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
                _key(ref),
                Found(
                    "decision",
                    _decision_data(ref, when, subject, decision),
                    lines[i].page,
                    _passage(lines, max(0, i - 3), stop),
                ),
            )
    # 3. index lists and attachment links: "018-2020 – Title", "Decision 32 – 2015. Title (pdf, 83kB)"
    for found in _listed_records(lines):
        out.setdefault(_key(found.data["reference"]), found)
    # 4. registers as tables: a reference cell, a title cell and a date cell a row (tabs or wide gaps)
    for found in _table_records(lines):
        out.setdefault(_key(found.data["reference"]), found)
    # 5. records named in running text: "Decision Record – CPCC 2017-19 – Subject"
    for i in lines_with(lines, "decision", fold=True):  # what every DECISION_HEAD match holds
        text = text_lines[i]
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
            _key(ref),
            Found("decision", _decision_data(ref, None, subject, ""), lines[i].page, _passage(lines, i, i + 3)),
        )
    # 6. a register of published decisions: "10/06/2021 - Title - REF/01 ref: 1849   Approved" entries
    for found in _published_entries(lines):
        out.setdefault(_key(found.data["reference"]), found)
    # 7. a decision-details page of "Label: value" lines that gives no reference at all
    if not out:
        for found in _details_page(lines):
            out.setdefault(f"details-{found.page}", found)
    # 8. a "Record of decision of the Cabinet" page: date, title and numbered limbs, no reference
    if not out:
        for found in _record_of_decision(lines):
            out.setdefault(f"record-{found.page}", found)
    return list(out.values())


RECORD_HEAD = re.compile(
    r"^record\s+of\s+(?:the\s+)?decisions?\s+(?:of|by|taken\s+by)\s+(?:the\s+)?(?P<maker>\S.{1,120})$", re.I
)
MADE_LABEL = re.compile(r"^(?:decision\s+made|date\s+of\s+decision|decision\s+date)\s*:?\s*(?P<rest>.*)$", re.I)
RECORD_STOP = re.compile(r"^(?:reasons?\s+for\s+(?:the\s+)?decision|background|alternatives?\b|options\b)", re.I)


def _record_of_decision(lines: list[Line]) -> list[Found]:
    """One decision a "Record of decision of <maker>" page records: the date under "Decision
    Made:", the title after it, and the decision's numbered limbs (one decision) under "Decision
    Made", up to "Reasons for Decision"."""
    texts = [x.text.strip() for x in lines[:300]]
    head_at = next((k for k, t in enumerate(texts[:40]) if t[:6].lower() == "record" and RECORD_HEAD.match(t)), None)
    if head_at is None:
        return []
    maker = RECORD_HEAD.match(texts[head_at]).group("maker").strip(" .:")
    when, subject, decision, label_seen = None, "", [], 0
    for k in range(head_at + 1, len(texts)):
        text = texts[k]
        if not text:
            continue
        if RECORD_STOP.match(text):
            break
        made = MADE_LABEL.match(text)
        if made:
            label_seen += 1
            if made.group("rest") and parse_date(made.group("rest")):
                when = when or parse_date(made.group("rest"))
            continue
        if when is None and label_seen and parse_date(text) and len(text) <= 40:
            when = parse_date(text)
            continue
        if when is not None and not subject and not ANY_LABEL.match(text):
            subject = text
            continue
        if subject and label_seen >= 2:
            decision.append(text)
    if not subject or when is None:
        return []
    data = _decision_data("", when, subject, " ".join(decision))
    data["decision_maker"] = _flat(maker)[:200]
    return [Found("decision", data, lines[head_at].page, _passage(lines, head_at, min(len(lines), head_at + 14)))]


# --- registers of published decisions and decision-details pages ----------------------------------

PUBLISHED_ENTRY = re.compile(
    r"^(?P<date>\d{1,2}/\d{1,2}/\d{4})\s+[-–—]\s+(?P<rest>\S.{2,300}?)\s+ref\s*[:.]\s*(?P<number>\d{1,7})\b"
)
ENTRY_REFERENCE = re.compile(r"^[A-Z0-9][A-Za-z0-9]*(?:[/.-][A-Za-z0-9]+)+$")
MAKER_LINE = re.compile(rf"^{MAKER_LABEL}\s*:\s*(.*)$", re.I)
DETAILS_LABELS = re.compile(
    r"^(?:decision\s+status|date\s+of\s+decision|decided\s+at\s+meeting|is\s+key\s+decision\??|"
    r"is\s+subject\s+to\s+call[\s-]in\??|publication\s+date|effective\s+from)\s*:",
    re.I,
)
DETAILS_HEADING = re.compile(r"(?:(?:officer\s+)?decision\s+(?:details|record|notice)|decision)", re.I)
DECISION_LABEL_LINE = re.compile(r"(?:decision(?:\s+made)?|decisions?\s+taken)\s*:", re.I)
BARE_LABEL = re.compile(r"[A-Z][\w ]{0,40}:")
STOP_LABELS = re.compile(
    r"^(?:report\s+author|lead\s+officer|publication\s+date|date\s+of\s+decision|decided\s+at\s+meeting|"
    r"effective\s+from|accompanying\s+documents|decision\s+published|reasons?|alternative\s+options)\b",
    re.I,
)


def _published_entries(lines: list[Line]) -> list[Found]:
    """Each entry of a "Decisions published" register: the date, the title and the council's own
    reference on one line (the system's "ref: 1849" when there is no other), then the decision's
    text and its "Decision Maker:" label."""
    starts = [k for k in lines_with(lines, "ref") if PUBLISHED_ENTRY.match(lines[k].text)]
    out = []
    for n, at in enumerate(starts):
        match = PUBLISHED_ENTRY.match(lines[at].text)
        stop = starts[n + 1] if n + 1 < len(starts) else min(len(lines), at + 80)
        head, _, last = match.group("rest").rpartition(" - ")
        if head and ENTRY_REFERENCE.match(last.strip()) and re.search(r"\d", last):
            subject, ref = head, last.strip()
        else:
            subject, ref = match.group("rest"), f"ref {match.group('number')}"
        body, maker = [], ""
        for k in range(at + 1, stop):
            text = lines[k].text
            if MAKER_LINE.match(text):
                maker = MAKER_LINE.match(text).group(1)
                continue
            if text and not STOP_LABELS.match(text) and not ANY_LABEL.match(text):
                body.append(text)
        data = _decision_data(ref, parse_date(match.group("date")), subject.strip(" -–—"), " ".join(body))
        data["subject"] = _flat(subject.strip(" -–—"))[:300]  # "Decision to award …" is the title as written
        data["decision_maker"] = _flat(maker)[:200]
        out.append(Found("decision", data, lines[at].page, _passage(lines, at, min(stop, at + 12))))
    return out


def _details_page(lines: list[Line]) -> list[Found]:
    """A decision-details page: "Decision Maker:", "Decision status:", "Date of decision:" … lines
    around the decision's purpose and its numbered limbs, with no reference (the reviewer adds one)."""
    texts = [x.text for x in lines[:200]]
    maker_at = next((k for k, t in enumerate(texts) if MAKER_LINE.match(t)), None)
    if maker_at is None or sum(1 for t in texts if DETAILS_LABELS.match(t)) < 2:
        return []
    body = []
    for k in range(maker_at + 1, len(texts)):
        text = texts[k]
        if not text or DETAILS_LABELS.match(text) or text == MAKER_LINE.match(texts[maker_at]).group(1).strip():
            continue  # the labels, and the maker's name repeated as a heading
        if STOP_LABELS.match(text):
            break
        body.append(text)
    if not body:
        return []
    subject, decision = body[0], " ".join(body[1:])
    # the page's own heading above "Decision Maker:" names the decision; "Purpose:" and
    # "Decision made:" are labels over its text, never its title
    heading = next((t for t in reversed(texts[max(0, maker_at - 4) : maker_at]) if t), "")
    if heading and len(heading) <= 200 and not heading.endswith(":") and not DETAILS_HEADING.fullmatch(heading):
        labelled = [k for k, t in enumerate(body) if DECISION_LABEL_LINE.fullmatch(t)]
        kept = body[labelled[0] + 1 :] if labelled else body
        subject, decision = heading, " ".join(t for t in kept if not BARE_LABEL.fullmatch(t))
    when = parse_date(_field(lines, 0, len(lines), r"date\s+of\s+decision")) or parse_date(
        _field(lines, 0, len(lines), r"decided\s+at\s+meeting")
    )
    data = _decision_data("", when, subject, decision)
    data["decision_maker"] = _flat(MAKER_LINE.match(texts[maker_at]).group(1))[:200]
    return [Found("decision", data, lines[maker_at].page, _passage(lines, maker_at, min(len(lines), maker_at + 12)))]


# --- labelled records ------------------------------------------------------------------------


def _reference_in(value: str) -> str:
    """The reference a "Reference:" label gives: the whole value when it is a short code with a
    digit ("FIN/2019/07", "WPCC3-0049"), else the longest known form in it."""
    value = FILE_ARTEFACT.sub("", value).strip(" .")
    short_code = re.fullmatch(r"[A-Z0-9][A-Za-z0-9./\- ]{0,28}[A-Za-z0-9]", value) and re.search(r"\d", value)
    if short_code and not re.search(r"\b[a-z]{3,}\b", value):  # "see item 4" is not a reference
        return _clean_ref(value)
    if len(value) > 40:
        return ""
    matches = [m.group(0) for pattern in (OTHER_REFERENCE, REFERENCE) for m in pattern.finditer(value)]
    return _clean_ref(max(matches, key=len)) if matches else ""


def _labelled_records(lines: list[Line]) -> list[Found]:
    """Each "Reference:" label starts a record; the record's other labels sit between it and the
    next one (a title label may come just before it, as on many notices)."""
    starts: list[tuple[int, str]] = []
    # every REF_LABEL match starts "decision", "ref", "number" or "no" (keep in step with it)
    for i in lines_with(lines, "decision", "ref", "number", "no", fold=True, at_start=True):
        line = lines[i]
        match = REF_LABEL.match(line.text)
        if not match:
            continue
        value = next((g for g in match.groups() if g is not None), "").strip()
        if not value:
            value = _next_value(lines, i, i + 4)
        ref = _reference_in(value)
        if ref:
            starts.append((i, ref))
    title_re = re.compile(rf"^{TITLE_LABEL}\s*(?::|$)", re.I)
    # Where a title label comes just before the reference, each record starts at its title.
    firsts: list[int] = []
    for n, (at, _) in enumerate(starts):
        floor = starts[n - 1][0] + 1 if n else 0
        before = next((k for k in range(at - 1, max(floor, at - 12) - 1, -1) if title_re.match(lines[k].text)), None)
        firsts.append(before if before is not None else at)
    after_end = firsts[1] if len(starts) > 1 else min(len(lines), starts[0][0] + 25) if starts else 0
    title_first = bool(starts) and firsts[0] < starts[0][0] and not _field(lines, starts[0][0], after_end, TITLE_LABEL)
    out = []
    for n, (at, ref) in enumerate(starts):
        start = firsts[n] if title_first else at
        if n + 1 < len(starts):
            stop = firsts[n + 1] if title_first else starts[n + 1][0]
        else:
            stop = min(len(lines), at + 80)
        subject = _field(lines, start, stop, TITLE_LABEL)
        decision = _field(lines, start, stop, DECISION_LABEL, block=True)
        when = parse_date(
            _field(lines, start, stop, DATE_LABEL) or _field(lines, start, stop, r"date") or _dated(lines, start, stop)
        )
        if not subject and not decision:
            continue
        data = _decision_data(ref, when, subject, decision)
        maker = (
            _field(lines, start, stop, MAKER_LABEL)
            or _field(lines, start, stop, SIGNED_LABEL)
            or _above_signature(lines, start, stop)
        )
        data["decision_maker"] = _flat(maker)[:200]
        out.append(Found("decision", data, lines[at].page, _passage(lines, start, min(stop, start + 12))))
    return out


SIGNATURE_LINE = re.compile(r"^(?:signature|signed)\b", re.I)


def _role_like(text: str) -> bool:
    return len(text.split()) <= 8 and not text.endswith((".", ",", ";", ":")) and text[:1].isupper()


def _dated(lines: list[Line], start: int, stop: int) -> str:
    """A date written after the word "date" anywhere in a line ("Signature ..... Date 12 March 2019")."""
    for k in range(max(0, start), min(stop, len(lines))):
        match = re.search(r"\bdated?\b\W{0,20}(.{6,30})", lines[k].text, re.I)
        if match and DATE_RE.match(match.group(1).strip()):
            return match.group(1)
    return ""


def _above_signature(lines: list[Line], start: int, stop: int) -> str:
    """Who signed, where a notice puts their title on the line above "Signature"."""
    for k in range(max(1, start), min(stop, len(lines))):
        if SIGNATURE_LINE.match(lines[k].text) and _role_like(lines[k - 1].text):
            return lines[k - 1].text
    return ""


def _next_value(lines: list[Line], at: int, stop: int) -> str:
    """The value written on the next non-blank line after a label on a line of its own."""
    for k in range(at + 1, min(stop, len(lines))):
        if lines[k].text:
            return "" if ANY_LABEL.match(lines[k].text) else lines[k].text
    return ""


def _field(lines: list[Line], start: int, stop: int, label: str, block: bool = False) -> str:
    """The value of ``Label:`` between ``start`` and ``stop``: on the label's line or on the
    lines after it (all of them up to the next label if ``block``)."""
    pattern = re.compile(rf"^{label}\s*:\s*(.*)$|^{label}\s*$", re.I)
    for k in range(max(0, start), min(stop, len(lines))):
        match = pattern.match(lines[k].text)
        if not match:
            continue
        value = (match.group(1) or "").strip()
        if not block:
            return value or _next_value(lines, k, stop)
        body = [value] if value else []
        j = k + 1
        while j < min(stop, len(lines)) and j - k < 40:
            text = lines[j].text
            if text and SIGNATURE_LINE.match(text):
                if body and _role_like(body[-1]):
                    body.pop()  # the signatory's title above the signature line
                break
            if text and ANY_LABEL.match(text) and not (body and text[:1].islower()):
                break
            if text:
                body.append(text)
            j += 1
        return _flat(" ".join(body))
    return ""


# --- index lists and attachment links ----------------------------------------------------------

LIST_REF = r"(?:\d{1,4}[-/](?:19|20)\d{2}|(?:19|20)\d{2}[-/]\d{1,5}|[A-Z]{2,6}\d{0,2}[-/ ]\d{2,5})"
LISTED = re.compile(rf"^({LIST_REF})\s*(?:[-–—:]\s*|\.\s+)(\S.{{2,250}})$")
# How every LISTED line starts, after the newline before it: LIST_REF's start, with "?" for a digit
# outside Latin-1 (see lines_opening). Keep in step with LIST_REF.
LISTED_OPENING = re.compile(
    rb"\n(?:[0-9?]{1,4}[-/](?:19|20)[0-9?]{2}|(?:19|20)[0-9?]{2}[-/][0-9?]|[A-Z]{2,6}[0-9?]{0,2}[-/ ][0-9?]{2})"
)
LINKED = re.compile(
    r"^(?:.*?\b)?(Decision\s+(?:No\.?\s*|Notice\s+|Record\s+)?(?:\d{1,4}\s*[-–—/]\s*(?:19|20)\d{2}|"
    r"(?:19|20)\d{2}[-/]\d{1,5}|[A-Z]{2,6}\d{0,2}[-/ ]\d{2,5}))\s*(?:[-–—:.]\s*)+(\S.{2,250})$",
    re.I,
)


def _listed_records(lines: list[Line]) -> list[Found]:
    """An index of decisions, one "reference – title" a line (three or more lines make a list),
    and single attachment links that say "Decision" before their reference."""
    listed = []
    for i in lines_opening(lines, LISTED_OPENING):
        line = lines[i]
        match = LISTED.match(line.text)
        if match and not DATE_RE.match(line.text) and not _financial_year(match.group(1)):
            listed.append((i, match.group(1), match.group(2)))
    out = []
    if len(listed) >= 3:
        for i, ref, title in listed:
            title = _title(title)
            if title:
                out.append(
                    Found("decision", _decision_data(ref, None, title, ""), lines[i].page, _passage(lines, i, i + 1))
                )
    for i in lines_with(lines, "decision", fold=True):  # DECISION_WORD, looked for in the whole text
        line = lines[i]
        match = LINKED.match(line.text) if len(line.text) <= 300 and DECISION_WORD.search(line.text) else None
        if match:
            title = _title(match.group(2))
            if title and title[:1].isupper():
                ref = _clean_ref(match.group(1))
                out.append(
                    Found("decision", _decision_data(ref, None, title, ""), lines[i].page, _passage(lines, i, i + 1))
                )
    return out


CELL_REF = re.compile(rf"(?:{LIST_REF}|[A-Z]{{2,6}}[/ ]?(?:[A-Z]{{1,3}}/)?(?:19|20)\d{{2}}[-/]\d{{1,4}})")


def _table_records(lines: list[Line]) -> list[Found]:
    """Register rows with cells split by tabs or wide gaps: the reference first, then the title,
    a date and perhaps the decision or its maker. A header row, if there is one, names the cells;
    without one it takes two such rows to make a register."""
    header: dict[str, int] = {}
    rows: list[tuple[int, list[str]]] = []
    for i in lines_with(lines, "\t", "  "):
        line = lines[i]
        cells = [c.strip() for c in re.split(r"\t|\s{2,}", line.text) if c.strip()]
        if len(cells) < 2 or len(cells) > 8:
            continue
        lowered = [c.lower().rstrip(":.") for c in cells]
        if any(c in {"reference", "ref", "decision ref", "decision no", "decision number", "ref no"} for c in lowered):
            header = {}
            for n, c in enumerate(lowered):
                if c.startswith(("ref", "decision no", "decision number", "decision ref", "number")):
                    header.setdefault("reference", n)
                elif c in {"title", "subject", "issue", "decision title", "summary"}:
                    header.setdefault("title", n)
                elif "date" in c:
                    header.setdefault("date", n)
                elif "maker" in c or "taken by" in c or "decided by" in c:
                    header.setdefault("maker", n)
                elif c in {"decision", "decision taken", "outcome"}:
                    header.setdefault("decision", n)
            continue
        at = header.get("reference", 0)
        is_ref = at < len(cells) and CELL_REF.fullmatch(cells[at]) and not _financial_year(cells[at])
        if is_ref and (header or any(DATE_RE.fullmatch(c) for c in cells)):  # without a header, a dated row
            rows.append((i, cells))
    if len(rows) < (1 if header else 2):
        return []
    out = []
    for i, cells in rows:

        def cell(key: str, cells: list[str] = cells) -> str:
            return cells[header[key]] if key in header and header[key] < len(cells) else ""

        ref = cells[header.get("reference", 0)]
        when_cell = cell("date") or next((c for c in cells if DATE_RE.fullmatch(c)), "")
        title = cell("title") or next(
            (c for c in cells if c != ref and c != when_cell and re.search(r"[A-Za-z]{3}", c)), ""
        )
        if not title:
            continue
        data = _decision_data(ref, parse_date(when_cell), title, cell("decision"))
        data["decision_maker"] = cell("maker")
        out.append(Found("decision", data, lines[i].page, _flat(lines[i].text.replace("\t", " | "))[:400]))
    return out


def _financial_year(text: str) -> bool:
    """ "2019/20", "2019-2020": a year's figures in a budget table, not a decision's reference."""
    match = re.fullmatch(r"((?:19|20)\d{2})[-/](\d{2}|\d{4})", text.strip())
    return bool(match) and int(match.group(2)) % 100 == (int(match.group(1)) + 1) % 100


def _title(text: str) -> str:
    text = FILE_ARTEFACT.sub("", text).strip(" .–—-")
    return text if re.search(r"[A-Za-z]{3}", text) else ""


# --- the record ------------------------------------------------------------------------------


def _key(ref: str) -> str:
    """References compared without spaces, dashes or case ("Decision 32 – 2015" = "decision32-2015")."""
    return re.sub(r"[^a-z0-9]", "", ref.lower())


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
    decision = _flat(decision)
    amount = AMOUNT.search(decision)
    return {
        "reference": ref,
        "date": when.isoformat() if when else "",
        "subject": _flat(subject)[:300],
        "decision": decision,
        "decision_maker": "",
        "amount": re.sub(r"\s+", "", amount.group(0)) if amount else "",
    }


# --- for the service that makes the record -----------------------------------------------------

_MAKERS = (
    (re.compile(r"\bdeputy\b", re.I), "deputy"),
    (re.compile(r"\bchief\s+executive\b|\bCEO\b", re.I), "chief_executive"),
    (re.compile(r"\bs\.?\s?151\b|\bchief\s+financ|\btreasurer\b", re.I), "s151"),
    (re.compile(r"\bPCC\b|\bcommissioner\b|\bPFCC\b|\bPCVC\b", re.I), "pcc"),
)


def decision_maker_choice(text: str) -> str:
    """The decision record's ``decision_maker`` choice for a maker as written ("PCC & CC" -> pcc);
    "" when the words name nobody we know (the reviewer chooses)."""
    for pattern, choice in _MAKERS:
        if pattern.search(text or ""):
            return choice
    return ""


def amount_value(text: str) -> Decimal | None:
    """ "£992,550" -> 992550; "£1.2m" -> 1200000; "£150k" -> 150000; None when there is no sum."""
    match = AMOUNT.search(text or "")
    if not match:
        return None
    raw = match.group(0).lower().replace("£", "").replace(",", "").replace(" ", "")
    scale = Decimal(1)
    for suffix, factor in (("million", 10**6), ("bn", 10**9), ("m", 10**6), ("k", 10**3)):
        if raw.endswith(suffix):
            raw, scale = raw[: -len(suffix)], Decimal(factor)
            break
    try:
        return (Decimal(raw) * scale).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
