"""Plan delivery rows: priority codes with text, leads, update and status, in extracted table
layouts or tab-separated rows (Word tables)."""

from __future__ import annotations

import re

from .common import PASSAGE_CHARS, Found, Lexicon, Line, _flat, _passage

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
