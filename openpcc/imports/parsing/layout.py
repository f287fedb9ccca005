"""Making real papers' text readable line by line before the minutes parser looks at it:
web and file-path artefacts taken out, and text that extraction ran together (a whole page of
minutes on one line, as PDF copies on document-sharing sites have it) broken back into
headings and paragraphs at its item numbers and attendance labels."""

from __future__ import annotations

import re

from .common import Line

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
# A path on an office's network drive, left at the foot of a page by Word.
FILE_PATH = re.compile(
    r"^(?:[A-Za-z]:\\|\\\\|/(?:home|users|mnt|shared|srv)/)\S*(?:\s\S+){0,8}$|"
    r"^\S*[\\/]\S+[\\/]\S*\.(?:docx?|rtf|pdf|odt)\b.*$",
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
    if FURNITURE.match(text) or (("/" in text or "\\" in text) and FILE_PATH.match(text)):
        return "", False
    return text.rstrip(" |").strip(), had_icon


def prepared(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """Clean lines, long run-together lines broken up; and the indexes of lines that carried a
    file icon."""
    out: list[Line] = []
    icons: set[int] = set()
    for line in lines:
        if not line.text:  # a blank line (a quarter of most papers) stays one
            out.append(Line("", line.page, len(out)))
            continue
        text, had_icon = clean(line.text)
        if len(text) > LONG_LINE:
            parts = _broken(text)
        elif ". " in text or ") " in text:  # where a glued heading can be (clean left single spaces)
            parts = GLUED_HEADING.split(text)
        else:
            if had_icon:
                icons.add(len(out))
            out.append(Line(text, line.page, len(out)))
            continue
        for n, part in enumerate(parts):
            if had_icon and n == 0:
                icons.add(len(out))
            out.append(Line(part, line.page, len(out)))
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
