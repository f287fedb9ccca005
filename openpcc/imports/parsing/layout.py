"""Making real papers' text readable line by line before the minutes parser looks at it:
web and file-path artefacts taken out, and text that extraction ran together (a whole page of
minutes on one line, as PDF copies on document-sharing sites have it) broken back into
headings and paragraphs at its item numbers and attendance labels."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .common import Line, in_place, lines_longer, lines_matching, lines_opening, lines_printable, lines_with

# "pdf icon PDF 135 KB", "PDF 6 MB", "Pdf Minutes (70Kb)", "(application, 83kB)" (clean() tries it
# only on lines holding "icon", "Pdf", "kb" or "mb": a new form needs its key text added there)
FILE_ICON = re.compile(
    r"\s*\b(?:pdf|docx?|xlsx?|pptx?|rtf|odt)\s+icon\b\s*|"
    r"\s*\b(?:PDF|DOCX?|XLSX?|PPTX?|RTF)\s+\d+(?:\.\d+)?\s*[KkMm][Bb]\b|"
    r"\s*\((?:application|pdf|word|document)?,?\s*\d+(?:\.\d+)?\s*[KkMm][Bb]\)|"
    r"\bPdf\s+(?=[A-Z])",
)
# (clean() tries it only on lines holding "directions" or "webcast")
WEB_CHROME = re.compile(r"\s*\bView directions\b\.?|\s*\bwatch the webcast of meeting\b", re.I)
# Lines that are only links or page furniture: dropped (kept as blank lines, so paragraphs
# stay apart).
FURNITURE = re.compile(
    r"^(?:share|background to item|additional documents:?|supporting documents:?|media|"
    r"link:.*|total page:\s*\d+|file type:.*|skip to (?:main )?content|text size:.*|open menu|youtube|"
    r"accessibility settings.*|\*?\s*\|+\s*|-{2,}\|.*|occurred|documents|•\s*(?:documents|members|attendees))$",
    re.I,
)
# The characters a FURNITURE match can start with (clean() gives it no line starting otherwise; a
# cleaned line never starts with a space): keep in step with the pattern. re.I matches "ſ" to "s".
FURNITURE_STARTS = frozenset("sbamltfoydSBAMLTFOYD\u017f*|-\u2022")
# How every FURNITURE line starts, in lower case, after the newline before it ("?" for "•", which
# is not in Latin-1): prepared() finds these lines in the paper's whole text (see lines_opening).
FURNITURE_OPENING = re.compile(
    rb"\n(?:share|background to item|additional documents|supporting documents|media|link:|total page:|"
    rb"file type:|skip to |text size:|open menu|youtube|accessibility settings|occurred|documents|\*|\||--|\?)"
)
# A path on an office's network drive, left at the foot of a page by Word. (Its second form, a first
# word holding two separators apart and then a file name, takes the first two such separators: the
# same lines as "^\S*[\\/]\S+[\\/]\S*\.(?:docx?|…)\b.*$", without trying every pair of them in a long
# web address.)
FILE_PATH = re.compile(
    r"^(?:[A-Za-z]:\\|\\\\|/(?:home|users|mnt|shared|srv)/)\S*(?:\s\S+){0,8}$|"
    r"^[^\s\\/]*[\\/]\S[^\s\\/]*[\\/]\S*\.(?:docx?|rtf|pdf|odt)\b.*$",
    re.I,
)
PAGE_OF = re.compile(r"^\s*page\s+\d+\s+of\s+\d+\s*", re.I)  # (clean() tries it only on lines holding "page")
# What FILE_ICON's sizes ("PDF 135 KB", "(83kB)") cannot match without: a digit, spaces and KB or MB.
# Lines hold "mb" often ("member", "November"), so clean() checks this before FILE_ICON itself.
SIZE_NEAR = re.compile(r"\d\s*[KkMm][Bb]")

TITLE_WORDS = (
    r"(?:Cty\.?\s+Cllr\.?|Cllrs?\.?|Councillors?|County\s+Councillor|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Professor|Prof\.?|Sir|Dame|"
    r"Lord|Lady|Commissioner|PFCC|DPCC|CC|DCC|ACC|T/CC|T/DCC|Detective\s+Supt\.?|Detective\s+Superintendent|"
    r"Chief\s+Superintendent|Supt\.?|Superintendent|Inspector|Insp\.?|PS|PC|Air\s+Commodore|"
    r"(?:Metro\s+|Deputy\s+|Elected\s+)?Mayor|(?:The\s+)?(?:Reverend|Revd\.?|Rev\.?)(?:\s+Canon)?|Canon)"
)
ATTENDANCE_LABEL = re.compile(
    r"(?:(?:Main\s+)?(?:Panel\s+|Committee\s+|Board\s+)?Members\s+Present|Officers\s+Present|Others\s+Present|"
    r"ALSO\s+PRESENT|Also\s+Present|IN\s+ATTENDANCE|In\s+attendance|PRESENT|Present)\s*(?=:|\s[A-Z])"
)
LONG_LINE = 400
# A label a PDF set in spaced letters: "P r e s e n t:", "A p o l o g i e s" (five letters or more)
LETTER_SPACED = re.compile(r"(?<![\w.])((?:[A-Za-z] ){4,}[A-Za-z])(?![\w.])")
SPACED_LABELS = frozenset({"present", "apologies", "attendance", "absent", "minutes", "resolved", "decision"})


def _unspaced(match: re.Match) -> str:
    word = match.group(1).replace(" ", "")
    return word if word.lower() in SPACED_LABELS else match.group(0)


def clean(text: str) -> tuple[str, bool]:
    """The line without web and file artefacts, and whether it had a file icon (on
    committee-system pages that marks an item's title)."""
    if not text:
        return "", False
    # Cheap tests first: most lines hold none of the artefacts, and FILE_ICON, WEB_CHROME and
    # PAGE_OF are costly to try at every position of every line. Each test is true wherever its
    # pattern can match (keep them in step when a pattern changes).
    lowered = text.casefold()
    had_icon = False
    if (
        "icon" in text or "Pdf" in text or (("kb" in lowered or "mb" in lowered) and SIZE_NEAR.search(text))
    ) and FILE_ICON.search(text):
        had_icon = True
        text = FILE_ICON.sub(" ", text)
    if "directions" in lowered or "webcast" in lowered:
        text = WEB_CHROME.sub("", text)
    if "page" in lowered:
        page_of = PAGE_OF.match(text)  # anchored at the start: the one place it can match
        if page_of:
            text = text[page_of.end() :]
    text = " ".join(text.split())  # the same as collapsing \s+ and stripping
    if " e " in text:  # every letter-spaced label this reads has an "e" standing alone
        text = LETTER_SPACED.sub(_unspaced, text)
    if (text[:1] in FURNITURE_STARTS and FURNITURE.match(text)) or (
        ("/" in text or "\\" in text) and FILE_PATH.match(text)
    ):
        return "", False
    return text.rstrip(" |").strip(), had_icon


def _to_clean(lines: list[Line]) -> tuple[set[int], set[int], set[int], set[int]] | None:
    """Which lines clean() can change, found in the paper's whole text at once: those holding
    what one of its tests looks for (a file icon or size, web chrome, "page", runs of spaces, a
    spaced-out label, a bar, a backslash), or a space at either end; for the rest, those that may
    be page furniture or a file path; and those where a glued heading may be. None where a line
    holds a tab or other white space than the space (every line is then read on its own). Keep
    in step with clean()."""
    if not lines_printable(lines) or not in_place(lines):
        return None
    changed = set(lines_with(lines, "icon", "pdf", "directions", "webcast", "page", fold=True))
    changed.update(k for k in lines_with(lines, "kb", "mb", fold=True) if SIZE_NEAR.search(lines[k].text))
    changed.update(lines_with(lines, "  ", " e ", "|", "\\"))
    changed.update(lines_with(lines, " ", at_start=True))
    changed.update(lines_with(lines, " ", at_end=True))
    furniture = set(lines_opening(lines, FURNITURE_OPENING, fold=True))
    return changed, furniture, set(lines_with(lines, "/")), set(lines_matching(lines, GLUED_WITHIN))


def prepared(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """Clean lines, long run-together lines broken up; and the indexes of lines that carried a
    file icon."""
    out: list[Line] = []
    icons: set[int] = set()
    to_clean = _to_clean(lines)
    if to_clean is None:
        changed, furniture, paths, glued = set(), set(), set(), set()
        visit: Iterable[int] = range(len(lines))
    else:
        # Only these lines are read one by one: the rest are kept as they are (no test of clean()
        # can change them, none is long, none holds a glued heading), taken over a run at a time.
        changed, furniture, paths, glued = to_clean
        visit = sorted(changed.union(furniture, paths, glued, lines_longer(lines, LONG_LINE)))
    taken = 0  # lines[:taken] are in ``out``
    for k in visit:
        if taken < k:
            if len(out) == taken:  # in their places: the lines themselves
                out.extend(lines[taken:k])
            else:  # after a line broken in two, at new places
                out.extend([Line(x.text, x.page, len(out) + n) for n, x in enumerate(lines[taken:k])])
        taken = k + 1
        line = lines[k]
        if not line.text:  # a blank line (a quarter of most papers) stays one
            out.append(line if line.index == len(out) else Line("", line.page, len(out)))
            continue
        if to_clean is None or k in changed:
            text, had_icon = clean(line.text)
        elif (k in furniture and FURNITURE.match(line.text)) or (k in paths and FILE_PATH.match(line.text)):
            text, had_icon = "", False  # what clean() gives for a line it otherwise leaves as it is
        else:
            text, had_icon = line.text, False
        if len(text) > LONG_LINE:
            parts = _broken(text)
        elif (". " in text or ") " in text) and GLUED_NEAR.search(text):
            # where a glued heading can be (clean left single spaces; GLUED_NEAR is cheaper to try)
            parts = GLUED_HEADING.split(text)
        else:
            if had_icon:
                icons.add(len(out))
            # a line that cleaning left as it was, in its place, is the line itself (no copy)
            same = line.index == len(out) and text == line.text
            out.append(line if same else Line(text, line.page, len(out)))
            continue
        for n, part in enumerate(parts):
            if had_icon and n == 0:
                icons.add(len(out))
            out.append(Line(part, line.page, len(out)))
    if taken < len(lines):
        if len(out) == taken:
            out.extend(lines[taken:])
        else:
            out.extend([Line(x.text, x.page, len(out) + n) for n, x in enumerate(lines[taken:])])
    return out, icons


# --- run-together text -----------------------------------------------------------------------

NUMBER_AT = re.compile(r"(?<![\w.,/£$%-])(\d{1,3})((?:\.\d{2}/\d{2})?)\.?\s+(?=[A-Z(‘'“\"])")


def _chain(text: str) -> list[re.Match]:
    """The longest run of item numbers counting up by one (1. … 2. … 3.) in a run-together text
    (linear: each number extends the best run that ended at the number before it)."""
    best_at: dict[int, tuple[int, int]] = {}  # number -> (length of the run ending there, index of its match)
    found = list(NUMBER_AT.finditer(text))
    parent: list[int] = []
    top = (0, -1)
    for k, match in enumerate(found):
        number = int(match.group(1))
        before = best_at.get(number - 1)
        length, back = (before[0] + 1, before[1]) if before else (1, -1)
        parent.append(back)
        if length > best_at.get(number, (0, -1))[0]:
            best_at[number] = (length, k)
        if length > top[0]:
            top = (length, k)
    if top[0] < 2:
        return []
    chain, k = [], top[1]
    while k >= 0:
        chain.append(found[k])
        k = parent[k]
    return chain[::-1]


STRONG_STOP = re.compile(
    r"\s(?=\d{1,3}\.\d{1,2}\s)|"  # a paragraph number: 1.1
    r"\s(?=\(\d{1,2}\)\s)|"  # (1)
    r"\s(?=\(Items?\s*\d*\s*\))|"  # (Item 1), (Item )
    r"\s(?=\(Pages?\s)|"  # (Pages 1 - 11)
    r"\s(?=[a-z]\)\s)|"  # a) sub-items
    r"\s(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s)"
)
WEAK_STOP = re.compile(
    r"\s(?=(?:Members|The|This|It|There|Apologies\s+(?:had|were|was)|Notice|A\s+query|Councillor|Cllr|Mr|Mrs|Ms|"
    r"To\s+(?:approve|receive|consider|note|agree|confirm)\s)\b)"
)
# A heading in capitals glued to the end of the paragraph before it (a page number between):
# "… (Head of Legal and Governance). 1 4. MINUTES - 11TH JANUARY 2013"
GLUED_HEADING = re.compile(r"(?<=[.)])\s+(?:\d{1,3}\s+)?(?=\d{1,3}\.\s+[A-Z]{3,}\b)")
# What every GLUED_HEADING match is followed by (a digit, a full stop, white space and three
# capitals): searched for first, as it is found far faster than GLUED_HEADING's every position.
GLUED_NEAR = re.compile(r"\d\.\s+[A-Z]{3}")
# The same in a paper's whole text (lines_matching), where a line holds no white space but spaces
GLUED_WITHIN = re.compile(rb"\. +[A-Z]{3}")


def title_split(text: str, *, min_words: int = 2) -> tuple[str, str]:
    """A heading that runs straight into its text: ("MINUTES", "Resolved - …") from
    "MINUTES - Resolved - …"; a heading in capitals ends where the capitals do."""
    text = text.strip()
    words = text.split()
    caps = 0
    for word in words:
        letters = re.sub(r"[^A-Za-z]", "", word)
        if letters and letters.isupper() and (len(letters) > 1 or word in {"A", "I"}):
            caps += 1
        elif not letters:
            caps += 1  # numbers and dashes inside a capitals heading
        else:
            break
    if caps >= 1 and any(
        re.sub(r"[^A-Za-z]", "", w).isupper() and len(re.sub(r"[^A-Za-z]", "", w)) > 2 for w in words[:caps]
    ):
        head = " ".join(words[:caps])
        rest = " ".join(words[caps:])
        if rest or len(head) < 160:
            return re.sub(r"\s*[-–—:]+\s*$", "", head), rest
    strong = STRONG_STOP.search(text)
    if strong and strong.start() <= 200:
        return text[: strong.start()].strip(" :–—-"), text[strong.start() :].strip()
    for match in WEAK_STOP.finditer(text):
        if len(text[: match.start()].split()) >= min_words and match.start() <= 200:
            return text[: match.start()].strip(" :–—-"), text[match.start() :].strip()
    return (text, "") if len(text) <= 200 else ("", text)


def _broken(text: str) -> list[str]:
    """A run-together page as lines: attendance labels and numbered items start new lines, and
    each item's heading is set apart from its text."""
    cuts = {0}
    for match in ATTENDANCE_LABEL.finditer(text):
        cuts.add(match.start())
    for match in re.finditer(r"(?<=\.\s)(?=Present\s+from\b)", text):
        cuts.add(match.start())
    chain = _chain(text)
    if len(cuts) == 1 and not chain:
        return [text]
    for match in chain:
        cuts.add(match.start())
    numbered = {m.start() for m in chain}
    out: list[str] = []
    ordered = sorted(cuts)
    for n, at in enumerate(ordered):
        piece = text[at : ordered[n + 1] if n + 1 < len(ordered) else len(text)].strip()
        if not piece:
            continue
        if at in numbered:
            match = NUMBER_AT.match(piece)
            number = match.group(1) + match.group(2) if match else ""
            rest = piece[match.end() :] if match else piece
            rest = re.sub(r"^\(\d{1,2}\)\s+", "", rest)  # an agenda number beside the minute's: 494 (5) …
            title, body = title_split(rest)
            out.append(f"{number}. {title}" if title else f"{number}.")
            if body:
                out.extend(["", body])
            out.append("")
        else:
            out.extend([piece, ""])
    return out
