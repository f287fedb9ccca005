"""Plan delivery rows: priority codes with text, leads, update and status, in extracted table
layouts or tab-separated rows (Word tables); priorities without codes ("Priority 1 – ...",
"Outcome 2: ...", a heading that is a plan priority's title) matched to the body's plan by title
similarity; and project dashboards (projects completed / current / candidate per strand, with
forecast end dates) as activities with their status."""

from __future__ import annotations

import calendar
import re
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from .common import PASSAGE_CHARS, Found, Lexicon, Line, _flat, _passage, lines_opening, lines_with

# --- plan delivery rows ---------------------------------------------------------------------

CODE_LINE = re.compile(r"^([A-Z]{1,2})(\d{1,2})(\.\d{0,2})?(?:\s+(.*))?$")
# How every CODE_LINE (and ACTIVITY_MARK) line starts, after the newline before it: the lines
# to try them on are found in the paper's whole text at once (see lines_opening; "?" stands for
# a digit outside Latin-1, which \d matches too).
CODE_OPENING = re.compile(rb"\n[A-Z]{1,2}[0-9?]")
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
# A table heading or a status; and that, a code or initials (a line that is no sentence): each one
# pattern for the patterns above, tried at once (the same answers; keep in step with them)
NOISE_OR_STATUS = re.compile(f"(?i:{TABLE_NOISE.pattern})|(?i:{STATUS_WORDS.pattern})")
NOT_A_SENTENCE = re.compile(f"(?:{CODE_LINE.pattern})|(?:{INITIALS.pattern})|{NOISE_OR_STATUS.pattern}")


def parse_plan_rows(lines: list[Line], lexicon: Lexicon | None = None) -> list[Found]:
    lexicon = lexicon or Lexicon()
    coded = _coded_plan_rows(lines, lexicon)
    if coded:
        return coded  # a delivery table with codes says which priority each row is
    known = lexicon.priorities
    table = _priority_table(lines, known)
    if table:
        return table + parse_project_dashboards(lines, known)
    return parse_priority_headings(lines, known) + parse_project_dashboards(lines, known)


def _coded_plan_rows(lines: list[Line], lexicon: Lexicon) -> list[Found]:
    tabbed = _tabbed_plan_rows(lines, lexicon)
    if tabbed:
        return tabbed
    # Where are the codes? A code family must run 1..n for at least three letters' worth.
    firsts: dict[str, int] = {}
    occurrences: dict[str, list[int]] = {}
    for i in lines_opening(lines, CODE_OPENING):
        match = CODE_LINE.match(lines[i].text)
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
    marks = _activity_marks(lines)
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
        update = _update_for(lines, code, used_updates, marks)
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
    return _sentence_shaped(text) and text not in themes.values()


@lru_cache(maxsize=8192)
def _sentence_shaped(text: str) -> bool:
    """Not a code, initials, a table heading or a status: the same answer for the same line, so
    it is kept (the row readers look at each line many times)."""
    return not (not text or NOT_A_SENTENCE.match(text))


CAPITALISED_WORD = re.compile(r"^[A-Z][a-z]+\b")
NOT_A_PRIORITY_START = re.compile(
    r"^(?:Update|Progress|The|This|There|Work\s+(?:ongoing|across|is|has|continues)|Agencies|Cambridgeshire|A|An|In|More|See|Multi|Via|Greater|Better|Continue\s+working)\b"
)


def _nearest_paragraph(lines: list[Line], at: int, claimed: set[int], themes: dict[str, str]) -> tuple[int, int] | None:
    """The priority: a paragraph starting with a capitalised verb-like word, of 6+ words, that
    sits closest to the code (before it by preference) and is not an update."""
    best = None
    count, names, shaped = len(lines), themes.values(), _sentence_shaped  # (_is_sentence_line, inlined)
    for direction in (-1, 1):
        k = at + direction
        steps = 0
        while 0 <= k < count and steps < 24:
            steps += 1
            text = lines[k].text
            if k in claimed or not (shaped(text) and text not in names):
                k += direction
                continue
            # expand to the whole paragraph of sentence lines
            start = k
            while (
                start - 1 >= 0
                and start - 1 not in claimed
                and shaped(text := lines[start - 1].text)
                and text not in names
                and not text.rstrip().endswith(".")
            ):
                start -= 1
            end = k + 1
            while (
                end < count
                and end not in claimed
                and shaped(text := lines[end].text)
                and text not in names
                and not lines[end - 1].text.rstrip().endswith(".")
            ):
                end += 1
            first = lines[start].text
            if (  # (the cheap tests of the first line first: most paragraphs fail one)
                CAPITALISED_WORD.match(first)
                and not NOT_A_PRIORITY_START.match(first)
                and not first.lower().startswith(("update", "progress"))
                and len(" ".join(x.text for x in lines[start:end]).split()) >= 6
                and not all(_name_like(x.text) for x in lines[start:end])
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
    count, theme_names, knows = len(lines), themes.values(), bool(lexicon.organisations)
    k = at - 8
    while k < at + 9:
        if k < 0 or k >= count or k in claimed:
            k += 1
            continue
        text = lines[k].text
        if not knows and not (abs(k - at) <= 5 and _name_like(text) and text not in theme_names):
            k += 1  # (knowing no organisations, only a name-like line near the code can be a lead)
            continue
        # names split over lines ("Cambridgeshire" / "Criminal Justice" / "Board")
        joined, end = text, k + 1
        while (
            end < count
            and end < k + 5
            and lines[end].text
            and not lines[end - 1].text.endswith(".")
            and len(joined.split()) < 10
            and (_name_like(lines[end].text) or lines[end].text.endswith("/") or joined.endswith("/"))
        ):
            joined, end = f"{joined} {lines[end].text}", end + 1
        parts = (_known_parts(joined, lexicon) or _known_parts(text, lexicon)) if knows else []
        if parts and abs(k - at) <= reach:
            known.extend((abs(k - at), name) for name in parts)
            k = end if _known_parts(joined, lexicon) else k + 1
            continue
        if _name_like(text) and text not in theme_names and abs(k - at) <= 5:
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


LEAD_SPLIT = re.compile(r"\s*/\s*|\s*&\s*|,\s*")
TRAILING_BRACKET = re.compile(r"\s*\(.*?\)\s*$")
NOT_A_NAME = re.compile(r"\b(?:the|to|is|are|of\s+the|with)\b")


def _known_parts(text: str, lexicon: Lexicon) -> list[str]:
    """Organisations named in a lead cell: "OPCC / Constabulary / County Council (DA)"."""
    if not lexicon.organisations:
        return []  # a body that knows no organisations recognises none
    whole = lexicon.organisations.get(text.lower().strip(" /"))
    if whole:
        return [whole]
    parts = [TRAILING_BRACKET.sub("", x).strip() for x in LEAD_SPLIT.split(text)]
    names = [lexicon.organisations.get(x.lower()) for x in parts if x]
    return [n for n in names if n] if names and all(names) else []


@lru_cache(maxsize=8192)
def _name_like(text: str) -> bool:
    if not text or len(text.split()) > 6 or text.endswith((".", ",", ";")) or CODE_LINE.match(text):
        return False
    if (INITIALS.match(text) and len(text) <= 3) or NOISE_OR_STATUS.match(text):
        return False
    return (
        text[:1].isascii()
        and text[:1].isupper()
        and not NOT_A_NAME.search(text.split(" ", 1)[-1] if " " in text else "")
    )


ACTIVITY_MARK = re.compile(r"^([A-Z]{1,2}\d{1,2})\.\d*\s*$")  # "V1.1", "V1." on a line of its own
UPDATE_LABEL = re.compile(r"\b(?:Update|Progress)\s*[-–:]\s*(.*)$")


def _activity_marks(lines: list[Line]) -> dict[str, list[int]]:
    """Each code's activity lines, found in one pass (not one pass per code)."""
    marks: dict[str, list[int]] = {}
    for i in lines_opening(lines, CODE_OPENING):
        match = ACTIVITY_MARK.match(lines[i].text)
        if match:
            marks.setdefault(match.group(1), []).append(i)
    return marks


def _update_for(lines: list[Line], code: str, used: set[int], marks: dict[str, list[int]] | None = None) -> str:
    """The update: the paragraph after "Update -" nearest the code's activity lines (V1.1, V1.),
    each paragraph given to one row at most."""
    marks = _activity_marks(lines) if marks is None else marks
    for i in marks.get(code, []):
        for k in range(i, min(len(lines), i + 30)):
            text = lines[k].text
            match = UPDATE_LABEL.search(text) if "Update" in text or "Progress" in text else None  # its words
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
    for k in lines_with(lines, "\t"):
        line = lines[k]
        if line.text.count("\t") < 2:
            continue  # fewer than three cells
        cells = [c.strip() for c in line.text.split("\t")]
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


# --- priorities without codes ------------------------------------------------------------------

NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"), start=1
    )
}
HEAD_WORD = r"(?:strategic\s+)?(?:priority|outcome|objective|aim|pillar|strand|theme|ambition|commitment|goal)"
NUMBER = rf"(?:\d{{1,2}}|{'|'.join(NUMBER_WORDS)}|[A-H](?=\s*[-–—:.]))"
# "Priority 1 – Title", "Outcome 2: Title", "Objective 1 Title" (a capital after the number)
HEADING = re.compile(
    rf"(?P<word>{HEAD_WORD})\s+(?P<number>{NUMBER})\b\s*(?:(?:[-–—:.)]\s*)+|\s+(?=(?-i:[A-Z])))(?P<rest>.*)$",
    re.I,
)
# "KPQ1: How safe are our communities?", "Key Performance Question 3 - ..."
QUESTION = re.compile(
    r"(?P<word>KPQ|key\s+performance\s+question)\s*(?P<number>\d{1,2})\s*[-–—:.]\s*(?P<rest>.*)$", re.I
)
# a panel item named after a plan priority: "Delivery of the Police and Crime Plan: Fighting Crime"
PLAN_ITEM = re.compile(
    r"^(?:\d{1,3}[./]?\d{0,2}\.?\s+)?(?:(?:delivery|update|progress|performance)\b[^:]{0,40}\b)?"
    r"police,?\s+(?:fire\s+)?(?:and\s+)?crime(?:\s+and\s+victims[’']?)?\s+plan\s*[:–—]\s*(?P<rest>\S.*)$",
    re.I,
)
# "Priority: Safer roads", "Strategic priority area – Victims and witnesses" (not "Priority: High")
PRIORITY_LABEL = re.compile(
    r"^(?:police,?\s+(?:fire\s+)?(?:and\s+)?crime\s+plan\s+)?(?:strategic\s+)?priority(?:\s+area)?\s*[:–—]\s*"
    r"(?P<rest>(?!(?:high|medium|low|urgent|normal|critical)\b)\S.*)$",
    re.I,
)
SENTENCE_START = re.compile(
    r"\s(?=(?:This|These|The|We|Our|It|In\s+the|Update|Progress|Headlines|Key\s+(?:indicators|performance)|Figure|"
    r"Status|RAG|Actions?|Performance|Overview|Summary|Background)\b)"
)
ITEM_TAIL = re.compile(
    r"\s*(?:pdf icon PDF\s*[\d.]+\s*[KM]B|\(?PDF,?\s*[\d.]+\s*[KM]B\)?)\s*$|"
    r"\s+(?:(?:panel\s+)?report|update|presentation)(?:\s+of\s+the\s+.*)?$|\s+\d{1,3}\s*-\s*\d{1,3}$",
    re.I,
)
STOPWORDS = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "our", "we", "is", "are", "be", "by", "with"}


def parse_priority_headings(lines: list[Line], known: dict[str, str] | None = None) -> list[Found]:
    """Priorities written without codes, each with the text under it as its update, matched to
    the plan's priorities (``known``: code -> title) by title similarity."""
    known = known or {}
    prepared = _prepare(known)
    heads: list[tuple[int, str, str, str]] = []  # line, as written, title, number
    for i, line in enumerate(lines):
        if len(heads) >= MAX_HEADINGS:
            break  # a paper with this many is not a plan report; its headings are not priorities
        for written, title, number in _headings_in(lines, i):
            heads.append((i, written, title, number))
        if prepared and (not heads or heads[-1][0] != i):
            if _known_heading(line.text, prepared):
                heads.append((i, line.text, line.text, ""))
            else:
                heads.extend((i, title, title, "") for title in _known_titles_in(line.text, prepared))
    # each heading's section runs to the next heading on a later line
    stops, following = [0] * len(heads), None
    for n in range(len(heads) - 1, -1, -1):
        stops[n] = following if following is not None else min(len(lines), heads[n][0] + 60)
        if n and heads[n - 1][0] != heads[n][0]:
            following = heads[n][0]
    out = []
    seen: set[str] = set()
    cache: dict[str, tuple[str, float, str]] = {}
    for n, (at, written, title, number) in enumerate(heads):
        key = _norm(title)
        if key in seen:
            continue
        seen.add(key)
        stop = stops[n]
        update = _section_text(lines, at, stop, written)
        if update.startswith(title):
            update = update[len(title) :].lstrip(" .:–—-")
        code, confidence, note = _match(title, known, cache)
        data = {
            "code": code,
            "theme": "",
            "text": title,
            "title": written,
            "number": number,
            "opcc_lead": "",
            "delivery_leads": [],
            "update": update,
            "status": _status_in(update),
            "confidence": confidence,
            "match_note": note,
        }
        out.append(Found("plan_row", data, lines[at].page, _passage(lines, at, min(stop, at + 8))))
    return out


HEADING_START = re.compile(rf"^(?:.{{0,60}}\bplan(?:\s+priority)?\s*:\s*)?(?={HEAD_WORD}\s)", re.I)
PLAN_LABEL = re.compile(rf"\bplan(?:\s+priority)?\s*:\s*(?={HEAD_WORD}\s)", re.I)


def _headings_in(lines: list[Line], i: int) -> list[tuple[str, str, str]]:
    """The priority headings on line ``i``: one at its start (or after "Plan:" / "Priority:"),
    and a key performance question that follows it on the same line."""
    text = lines[i].text
    if not text or len(text) > 3000:
        return []
    found: list[tuple[str, str, str]] = []
    start = HEADING_START.match(text)
    match = HEADING.match(text, start.end()) if start else None
    if match is None:
        # flattened tables: "... Police and Crime Plan: Objective 1 Cut crimes ..."
        match = PLAN_LABEL.search(text)
        match = HEADING.match(text, match.end()) if match else None
    rest_at = None
    if match:
        title, used = _title_from(match.group("rest"), lines, i)
        number = NUMBER_WORDS.get(match.group("number").lower(), match.group("number"))
        if title:
            written = f"{match.group(0)[: match.start('rest') - match.start()].strip()} {title}".strip()
            found.append((_flat(written), title, number))
            rest_at = match.start("rest") + used
    question = QUESTION.search(text, rest_at or 0)
    if question and (rest_at is not None or question.start() == 0):
        title, _ = _title_from(question.group("rest"), lines, i)
        if title:
            found.append((_flat(f"{question.group('word')}{question.group('number')}: {title}"), title, ""))
    if not found:
        item = PLAN_ITEM.match(text)
        if item and not HEADING.match(item.group("rest")) and not re.search(r"\b\d{1,3}\s*-\s*\d{1,3}\b", text):
            title = ITEM_TAIL.sub("", ITEM_TAIL.sub("", item.group("rest"))).strip(" .:-–—")
            if 1 <= len(title.split()) <= 10:
                found.append((title, title, ""))
    if not found:
        label = PRIORITY_LABEL.match(text)
        if label and 2 <= len(label.group("rest").split()) <= 15 and label.group("rest")[:1].isupper():
            title = label.group("rest").strip(" .:;")
            found.append((_flat(text.strip(" .:;")), title, ""))
    return found


def _title_from(rest: str, lines: list[Line], i: int) -> tuple[str, int]:
    """The heading's title from the rest of its line (or, when the line ends at the number, from
    the lines after it), cut where the text goes on to something else. Returns the title and how
    many characters of ``rest`` it used."""
    rest = rest.rstrip()
    if not rest:
        parts, k = [], i + 1
        while k < len(lines) and k < i + 12:
            text = lines[k].text
            if text and (not parts or text[:1].islower()) and not re.match(r"^[A-Z][A-Za-z ]{1,30}:", text):
                parts.append(text)
            elif text or (parts and k + 1 < len(lines) and not lines[k + 1].text[:1].islower()):
                break
            k += 1
        title = _flat(" ".join(parts))
        return (title if 2 <= len(title.split()) <= 40 else ""), 0
    cut = len(rest)
    for pattern in (
        re.compile(rf"\s(?=(?:{HEAD_WORD})\s+{NUMBER}\b)", re.I),
        re.compile(r"\s(?=KPQ\s*\d)"),
        re.compile(r"\s\d{1,2}\.\s"),
        re.compile(r"(?<=[a-z]{2})\.\s+(?=[A-Z0-9])"),
        re.compile(r"\s(?=Headlines:|This will be)"),
    ):
        match = pattern.search(rest)
        if match:
            cut = min(cut, match.start())
    question = rest.find("?")
    if 0 < question < cut:
        cut = question + 1
    for match in SENTENCE_START.finditer(rest[:cut]):
        before = rest[: match.start()].split()
        if len(before) >= 3 and before[-1][:1].islower():
            cut = match.start()
            break
    title = ITEM_TAIL.sub("", rest[:cut]).strip(" .;:-–—")
    words = title.split()
    if not 1 <= len(words) <= 20 or not title[:1].isupper():
        return "", cut
    return title, cut


MAX_HEADINGS = 400


def _prepare(known: dict[str, str]) -> list[tuple[str, str, set[str]]]:
    """The plan's titles ready for comparing: as written, normalised, and their words."""
    out = []
    for title in known.values():
        plain = _norm(title)
        if plain:
            out.append((title, plain, {w for w in plain.split() if w not in STOPWORDS}))
    return out


def _known_heading(text: str, prepared: list[tuple[str, str, set[str]]]) -> bool:
    """A short line that is one of the plan's priority titles, written (nearly) as the plan has it."""
    if not text or len(text) < 6 or len(text) > 200 or text.endswith((".", ",", ";")) or len(text.split()) > 14:
        return False
    plain = _norm(text)
    words = {w for w in plain.split() if w not in STOPWORDS}
    size = len(plain)
    for _, title, title_words in prepared:
        if 2 * min(size, len(title)) / (size + len(title)) < 0.88:
            continue  # too different in length to be 88% alike
        if title_words and words.isdisjoint(title_words):
            continue
        if SequenceMatcher(None, plain, title).ratio() >= 0.88:
            return True
    return False


def _known_titles_in(text: str, prepared: list[tuple[str, str, set[str]]]) -> list[str]:
    """The plan's priority titles run together in one long line (an infographic or a table
    flattened into text): two or more of them, each written exactly as the plan has it."""
    if len(text.split()) < 8:
        return []
    plain = f" {_norm(text)} "
    titles = [
        (plain.index(f" {norm} "), title)
        for title, norm, _ in prepared
        if (len(title.split()) >= 2 or len(title) >= 8) and f" {norm} " in plain
    ]
    return [title for _, title in sorted(titles)] if len(titles) >= 2 else []


def _section_text(lines: list[Line], at: int, stop: int, written: str) -> str:
    """The update under a heading: what follows the heading on its line and the lines below."""
    head = lines[at].text
    tail = head.split(written.split()[-1], 1)[-1] if written and written.split()[-1] in head else ""
    body = [tail] + [x.text for x in lines[at + 1 : stop]]
    return _flat(" ".join(body))[:3000]


def _status_in(text: str) -> str:
    match = re.search(
        r"\b(?:RAG|status)\s*(?:rating)?\s*[:\-–]?\s*(green|amber|red|on\s+track|off\s+track|complete(?:d)?|at\s+risk)\b",
        text or "",
        re.I,
    )
    return match.group(1).capitalize() if match else ""


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", (text or "").lower().replace("&", " and ")).strip()


def title_similarity(a: str, b: str) -> float:
    """How alike two priority titles are, 0..1: the best of the character-sequence ratio, the
    word-overlap (Dice) score and, for titles of two or more words, how much of the shorter one
    the longer contains (a shortened title like "Fighting crime")."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    ta = {w for w in na.split() if w not in STOPWORDS}
    tb = {w for w in nb.split() if w not in STOPWORDS}
    if not ta or not tb:
        return round(SequenceMatcher(None, na, nb).ratio(), 2)
    shared = len(ta & tb)
    dice = 2 * shared / (len(ta) + len(tb))
    smaller, larger = sorted((len(ta), len(tb)))
    # a shortened title ("Fighting crime") inside a longer one, not two words met in a paragraph
    contained = 0.95 * shared / smaller if smaller >= 2 and larger <= 3 * smaller else 0.0
    best = max(dice, contained)
    # the sequence ratio can be no more than this; skip it where it cannot beat the word scores
    bound = 2 * min(len(na), len(nb)) / (len(na) + len(nb))
    if bound > best and (shared or bound >= 0.8):
        best = max(best, SequenceMatcher(None, na, nb).ratio())
    return round(best, 2)


MATCH_AT = 0.75


def _match(title: str, known: dict[str, str], cache: dict | None = None) -> tuple[str, float, str]:
    """The plan priority this title is, with how sure the match is, and a note for the reviewer."""
    if not known:
        return "", 0.0, "No plan priorities to match against: give the priority's code."
    if cache is not None:
        if title not in cache:
            cache[title] = _match(title, known)
        return cache[title]
    scored = sorted(((title_similarity(title, text), code) for code, text in known.items()), reverse=True)
    best, code = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best >= MATCH_AT and (best - runner_up >= 0.05 or runner_up < best == 1.0):  # clear, or written exactly
        return code, best, f"Matched to {code} “{known[code][:80]}” by its title ({best:.0%} alike): check it."
    near = ", ".join(f"{c} ({s:.0%})" for s, c in scored[:3] if s >= 0.4)
    if near:
        return "", best, f"Not sure which priority this is; closest: {near}. Give its code."
    return "", best, "No priority of the plan has a title like this: give its code, or add the priority."


# --- project dashboards --------------------------------------------------------------------------

PROJECT_SECTION = re.compile(
    r"^(?:(?P<a>completed|complete|closed|current|live|active|candidate|pipeline|proposed|planned|future)"
    r"\s+projects?|projects?\s+(?P<b>completed|complete|closed|current|live|in\s+progress|underway|candidates?|"
    r"in\s+the\s+pipeline|pipeline|proposed|planned|on\s+hold))\s*(?:\(\d+\))?\s*:?\s*$",
    re.I,
)
SECTION_STATUS = {
    "completed": "Completed",
    "complete": "Completed",
    "closed": "Completed",
    "current": "Current",
    "live": "Current",
    "active": "Current",
    "in progress": "Current",
    "underway": "Current",
    "candidate": "Candidate",
    "candidates": "Candidate",
    "pipeline": "Candidate",
    "in the pipeline": "Candidate",
    "proposed": "Candidate",
    "planned": "Candidate",
    "future": "Candidate",
    "on hold": "On hold",
}
STRAND = re.compile(
    r"^(?:strand|workstream|work\s+stream|programme|portfolio|theme)\s*\d{0,2}\s*[:–—-]\s*(?P<name>\S.{1,80})$"
    r"|^(?P<name2>\S.{1,60}?)\s+(?:strand|workstream)$",
    re.I,
)
MONTH_YEAR = re.compile(
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<year>(?:19|20)\d{2})\b|\b(?P<mm>\d{1,2})/(?P<yyyy>(?:19|20)\d{2})\b",
    re.I,
)
DAY_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)?\d{2}\b|\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b"
)
FORECAST_WORDS = {"forecast", "expected", "planned", "target", "estimated", "end", "completion", "finish", "close"}
FORECAST_WORDS |= {"date", "due", "by", "completed", "on", "in", "ends", "ending"}
RAG_INLINE = re.compile(
    r"(?:[-–—,;:|]\s*|\s)\(?(?:rag\s*[:\-]?\s*)?(green|amber|red|on\s+(?:track|target)|off\s+track|at\s+risk|delayed)\)?\s*$",
    re.I,
)


def parse_project_dashboards(lines: list[Line], known: dict[str, str] | None = None) -> list[Found]:
    """Dashboards of projects per strand: "Projects completed" / "Current projects" / "Candidate
    projects" sections (or a table with Project, Status and Forecast end columns), each project
    an activity with its status and forecast end date."""
    known = known or {}
    table = _project_table(lines, known)
    if table:
        return table
    out: list[Found] = []
    strand, status, blank_run = "", "", 0
    for i, line in enumerate(lines):
        text = line.text
        if not text:
            blank_run += 1
            if blank_run >= 3:
                status = ""
            continue
        blank_run = 0
        section = PROJECT_SECTION.match(text)
        if section:
            word = (section.group("a") or section.group("b") or "").lower()
            status = SECTION_STATUS.get(re.sub(r"\s+", " ", word), "Current")
            continue
        named = STRAND.match(text)
        heading = _headings_in(lines, i)
        if named or heading:
            strand = (named.group("name") or named.group("name2")).strip() if named else heading[0][1]
            status = ""
            continue
        if not status or not strand or len(text.split()) > 25 or text.endswith(":"):
            continue
        found = _project(text, strand, status, known, line.page, _passage(lines, max(0, i - 2), i + 1))
        if found:
            out.append(found)
    return out


def _project(text: str, strand: str, status: str, known: dict[str, str], page: int, passage: str) -> Found | None:
    text = re.sub(r"^[•·\-–*]\s*", "", text).strip()
    rag = RAG_INLINE.search(text)
    if rag:
        text = text[: rag.start()].rstrip(" -–—,;:|(")
    when, written = _forecast(text)
    name = text
    if written:
        at = name.find(written)
        name = _strip_label_tail(name[:at] if at > 0 else name.replace(written, ""))
    name = _flat(name).strip(" -–—,;:|()")
    if len(name) < 3 or not re.search(r"[A-Za-z]{3}", name):
        return None
    return Found(
        "plan_row",
        _project_data(strand, name, status, rag.group(1) if rag else "", when, written, known),
        page,
        passage,
    )


def _project_data(
    strand: str, name: str, stage: str, rag: str, when: date | None, written: str, known: dict[str, str]
) -> dict:
    """A project as a plan row: its strand's priority, the project as the activity, the stage
    (completed / current / candidate), a RAG status where the dashboard gives one (the plan's
    status key is in colours) and an update saying the stage and the forecast end."""
    code, confidence, note = _match(strand, known) if strand else ("", 0.0, "Give the priority's code.")
    update = f"{name}: {stage.lower() or 'stage not given'}" + (f", forecast end {written}" if written else "") + "."
    return {
        "code": code,
        "theme": "",
        "text": strand,
        "title": strand,
        "activity": name,
        "stage": stage,
        "status": re.sub(r"\s+", " ", rag).capitalize(),
        "forecast_end": when.isoformat() if when else "",
        "forecast_end_as_written": written,
        "opcc_lead": "",
        "delivery_leads": [],
        "update": update,
        "confidence": confidence,
        "match_note": note,
    }


def _strip_label_tail(name: str) -> str:
    """ "Mobile data – forecast end date:" -> "Mobile data"."""
    words = re.sub(r"[(\-–—,;:|]+\s*$", "", name.strip()).split()
    while words and words[-1].lower().strip("():,-–—") in FORECAST_WORDS:
        words.pop()
        if words:
            words[-1] = words[-1].rstrip("(:,;|-–—")
    return " ".join(words)


def _forecast(text: str) -> tuple[date | None, str]:
    """The forecast end date in a project line: "31/12/2021", "31 March 2022", "March 2022", "03/2022"
    (a month alone means its last day)."""
    from .common import parse_date

    match = DAY_DATE.search(text)
    if match:
        return parse_date(match.group(0)), match.group(0)
    match = MONTH_YEAR.search(text)
    if not match:
        return None, ""
    from .common import MONTHS

    if match.group("month"):
        month, year = MONTHS.get(match.group("month").lower().rstrip(".")), int(match.group("year"))
    else:
        month, year = int(match.group("mm")), int(match.group("yyyy"))
    if not month or not 1 <= month <= 12:
        return None, ""
    return date(year, month, calendar.monthrange(year, month)[1]), match.group(0)


def _project_table(lines: list[Line], known: dict[str, str]) -> list[Found]:
    """A dashboard as a table: a header naming a project column and a status or end-date column,
    cells split by tabs (Word) or runs of spaces (PDF)."""
    columns: dict[str, int] | None = None
    out: list[Found] = []
    strand = ""
    for line in lines:
        cells = [c.strip() for c in re.split(r"\t|\s{2,}", line.text) if c.strip()]
        lowered = [c.lower() for c in cells]
        if len(cells) >= 2 and any(c.startswith("project") for c in lowered):
            guess: dict[str, int] = {}
            for n, c in enumerate(lowered):
                if c.startswith("project") and "project" not in guess:
                    guess["project"] = n
                elif "strand" in c or "workstream" in c or c in {"theme", "priority", "programme"}:
                    guess["strand"] = n
                elif "end" in c or "forecast" in c or "completion" in c or c in {"due", "due date"}:
                    guess["end"] = n
                elif "status" in c or c in {"rag", "stage", "state"}:
                    guess.setdefault("status", n)
            if "project" in guess and ({"status", "end"} & set(guess)):
                columns = guess
                continue
        if columns is None or not cells:
            continue
        if len(cells) == 1:
            named = STRAND.match(cells[0])
            if named:
                strand = (named.group("name") or named.group("name2")).strip()
            continue

        def get(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            return cells[columns[key]] if key in columns and columns[key] < len(cells) else ""

        name = get("project")
        if not name or len(name.split()) > 25:
            continue
        row_strand = get("strand") or strand
        status = get("status")
        stage = SECTION_STATUS.get(status.lower(), "")
        rag = "" if stage else status
        when, written = _forecast(get("end"))
        data = _project_data(row_strand, name, stage, rag, when, written or get("end"), known)
        out.append(Found("plan_row", data, line.page, _flat(line.text.replace("\t", " | "))[:PASSAGE_CHARS]))
    return out


def _priority_table(lines: list[Line], known: dict[str, str]) -> list[Found]:
    """A delivery table without codes: a header naming a priority (objective, outcome) column and
    an update, progress or status column; each row's priority matched to the plan by its title."""
    columns: dict[str, int] | None = None
    out: list[Found] = []
    cache: dict[str, tuple[str, float, str]] = {}
    for line in lines:
        if "\t" not in line.text and "  " not in line.text:
            continue
        cells = [c.strip() for c in re.split(r"\t|\s{2,}", line.text) if c.strip()]
        if len(cells) < 2:
            continue
        lowered = [c.lower().rstrip(":") for c in cells]
        head = {}
        for n, c in enumerate(lowered):
            if re.fullmatch(r"(?:plan\s+|strategic\s+)?(?:priority|priorities|objective|outcome|aim|commitment)s?", c):
                head.setdefault("text", n)
            elif c in {"update", "progress", "progress update", "commentary", "narrative", "what we did"}:
                head.setdefault("update", n)
            elif c in {"status", "rag", "rag status", "delivery status", "rating"}:
                head.setdefault("status", n)
            elif c in {"code", "ref", "ref.", "reference", "no", "no."}:
                head["code"] = n
        if "text" in head and ({"update", "status"} & set(head)):
            columns = None if "code" in head else head  # a coded table is read by the coded reader
            continue
        if columns is None:
            continue

        def get(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            return cells[columns[key]] if key in columns and columns[key] < len(cells) else ""

        title = get("text")
        if len(title.split()) < 2 or len(title.split()) > 30:
            continue
        code, confidence, note = _match(title, known, cache)
        data = {
            "code": code,
            "theme": "",
            "text": title,
            "title": title,
            "number": "",
            "opcc_lead": "",
            "delivery_leads": [],
            "update": get("update"),
            "status": get("status"),
            "confidence": confidence,
            "match_note": note,
        }
        out.append(Found("plan_row", data, line.page, _flat(line.text.replace("\t", " | "))[:PASSAGE_CHARS]))
    return out
