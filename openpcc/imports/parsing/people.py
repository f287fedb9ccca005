"""People's names in attendance lists and apologies, as real minutes write them: "Cllr A Name
(Council)", "Councillors A, B and C", "Name, Council" and "Name (AB) – role" runs, initials
("Councillor K.V. Reynolds"), titles and ranks, and lists that extraction has run together."""

from __future__ import annotations

import re

from .layout import TITLE_WORDS

NAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)*"
INITIALS = r"(?:[A-Z]\.?\s?){1,3}(?=\s|[A-Z])"
TITLED = re.compile(
    rf"\b(?P<title>{TITLE_WORDS}(?:\s+(?:Mrs|Mr|Ms|Miss|Dr)\.?)?)\s+"
    rf"(?P<name>(?:[A-Z]\.?\s?){{1,4}}\s*{NAME_WORD}|{NAME_WORD}(?:\s+{NAME_WORD})?)"
)
INITIAL_LED = re.compile(rf"(?<![\w.])(?P<name>(?:[A-Z]\.\s?){{1,3}}{NAME_WORD})")
ORG_WORDS = re.compile(
    r"\b(?:council|police|crime|commissioner|panel|borough|county|district|city|members?|office|constabulary|"
    r"authority|services?|chief|officer|head|manager|director|clerk|secretary|executive|committee|board|"
    r"independent|co-opted|representative|chair(?:man|person)?|vice|deputy|assistant|lead|team|fire|rescue|"
    r"group|partnership|trust|university|hall|centre|room|meeting|the|of|and|for|in|to|scrutiny|finance|"
    r"policy|legal|democratic|support|governance|communications|unit|department|force|service|england|wales|"
    r"part|item|minutes|agenda|apologies|present|attendance|attending|guests|substitute|observer|welcome|"
    r"introductions|declarations|interest|report|update|none|no|all|panel's|nypfcp|opcc|ospcc|champion|co-ordinator|"
    r"coordinator|adviser|advisor|analyst|solicitor|treasurer|controller|inspectorate|hmicfrs|nyp|nyfrs)\b",
    re.I,
)
POSTNOMINAL = re.compile(r"(?:^|\s+)(?:OBE|MBE|CBE|QPM|TD|JP|DL|FCMI|RAF|KC|QC|MP|BEM)\b\.?")


def _titled(piece: str) -> list[str]:
    out = []
    for match in TITLED.finditer(piece):
        name = match.group("name").strip()
        words = name.split()
        # "Mr Timothy Adams Norfolk County Council": a first name and a surname, no more.
        if not re.match(r"^[A-Z]\.?$", words[0]) and len(words) > 2:
            name = " ".join(words[:2])
        if ORG_WORDS.fullmatch(words[-1].lower()):
            continue
        title = match.group("title").strip()
        if title in {"CC", "PS", "PC", "DCC", "ACC"} and re.search(r"[A-Z][\w'’-]*\s*$", piece[: match.start()]):
            title = ""  # "Bristol CC Shana Johnson": the city council, not a chief constable
        out.append(f"{title} {name}".strip())
    return out


def _plain_name(piece: str, *, bare: bool) -> str | None:
    """A name without a title: "Jonathan Klajan", "K Chequer", and (in a "Councillors …" list,
    ``bare``) a surname alone."""
    piece = POSTNOMINAL.sub("", piece).strip(" .:;-–—·•*")
    if not piece:
        return None
    words = piece.split()
    if len(words) > 4:
        return None
    if not all(re.fullmatch(rf"(?:[A-Z]\.?){{1,3}}|{NAME_WORD}", w) for w in words):
        return None
    if any(ORG_WORDS.fullmatch(w.lower().strip(".")) for w in words):
        return None
    if len(words) == 1 and not bare:
        return None
    return piece


def _pieces(text: str) -> list[str]:
    text = re.sub(r"\([^()]*\)", " ", text)
    text = text.replace("(", " ").replace(")", " ")  # a bracket left open
    return [p.strip() for p in re.split(r",|;|\s+and\s+|\s+&\s+|·|•|\s[-–—]\s|\s{3,}", text) if p.strip()]


def names_in(text: str, *, lists: bool = True) -> list[str]:
    """The people named in one line or sentence of an attendance list or apologies.

    Titled names and names with initials are found anywhere; plain names ("Mark Streater")
    are taken from comma-and lists when ``lists``; a "Councillors A, B and C" list lends its
    title to bare surnames."""
    text = re.sub(r"\s+", " ", text).strip()
    # "Cllr A Franey (substitute), Borough Council Cllr R G Hannam, …": a marking, the run goes on;
    # "Cllr B Oak substituting for Cllr C Ash": who is named after it was not there
    text = re.sub(r"\(\s*substitute\s*\)", " ", text, flags=re.I)
    text = re.sub(r"\s+(?:in the chair|respectively|substituting|substitute)\b.*$", "", text, flags=re.I)
    names: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        key = name.lower()
        if key not in seen:
            seen.add(key)
            names.append(name)

    bare_list = bool(re.match(r"^(?:[-–—:]\s*)?(?:County\s+)?Councillors\b", text))
    dashed = re.split(r"\s[–—-]\s?(?=[A-Z])", re.sub(r"\([^()]*\)", " ", text))
    if len(dashed) >= 3:
        # "Ian Pagan – Lead Officer Bristol CC Shana Johnson – Scrutiny Co-ordinator, …": a name
        # ends each run before a dash
        for n, segment in enumerate(dashed):
            marked = _titled(segment) + [m.group("name") for m in INITIAL_LED.finditer(segment)]
            for name in marked:
                if not any(name in other and name != other for other in marked):
                    add(name)
            if marked or n == len(dashed) - 1:
                continue
            _head, comma, tail = segment.rpartition(",")
            words = tail.split()
            if comma and len(words) <= 2:
                continue  # "…, North Yorkshire –" is a place in a role
            candidate = " ".join(words[-2:])
            if _plain_name(candidate, bare=False):
                add(candidate)
        if names:
            return names
    for piece in _pieces(text):
        titled = _titled(piece)
        if titled:
            for name in titled:
                add(name)
            continue
        initial_led = [m.group("name") for m in INITIAL_LED.finditer(piece)]
        if initial_led:
            for name in initial_led:
                add(name)
            continue
        if lists:
            stripped = re.sub(r"^(?:County\s+)?Councillors?\s+", "", piece)
            plain = _plain_name(stripped, bare=bare_list)
            if plain:
                add(("Councillor " + plain) if bare_list and len(plain.split()) == 1 else plain)
    return [re.sub(r"^(County\s+)?Councillors\b", r"\1Councillor", n) for n in names]


PERSON_LINE = re.compile(
    rf"^(?:[-–—•·*]\s*)?(?P<name>(?:{TITLE_WORDS}\s+)?(?:{NAME_WORD}|[A-Z]\.?)(?:\s+(?:{NAME_WORD}|[A-Z]\.?)){{0,3}})"
    r"\s*(?:\((?P<initials>[A-Z]{1,4})\)?|\([^)]*\)?)?\s*(?:[-–—,]\s*(?P<role>.*))?$"
)


def person_line(text: str) -> str | None:
    """A line that is one person: "Lisa Winward (LW) – Chief Constable, NYP", "PS Brett McKenna",
    "Ian Fisher - County Secretary and Solicitor"."""
    text = re.sub(r"\s+", " ", text).strip()
    match = PERSON_LINE.match(text)
    if not match:
        return None
    name = match.group("name").strip()
    words = name.split()
    bare = re.sub(rf"^{TITLE_WORDS}\s+", "", name)
    if len(bare.split()) < 2 and not re.match(rf"^{TITLE_WORDS}\s", name):
        return None
    if any(ORG_WORDS.fullmatch(w.lower()) for w in bare.split()):
        return None
    if len(words) > 5:
        return None
    return name


def _parts(name: str) -> tuple[str, str]:
    text = re.sub(r"\([^)]*\)?", " ", name)
    text = POSTNOMINAL.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"^\s*{TITLE_WORDS}\s+", "", text.strip())
    words = [w for w in re.split(r"[\s.]+", text) if w]
    if not words:
        return "", ""
    return words[-1].lower().replace("’", "'"), " ".join(words[:-1]).lower()


def same_person(a: str, b: str) -> bool:
    """Two mentions of one person: the same surname, and first names (or initials) that agree."""
    (sa, fa), (sb, fb) = _parts(a), _parts(b)
    if not sa or sa != sb:
        return False
    if not fa or not fb:
        return True
    first_a, first_b = fa.split()[0], fb.split()[0]
    if len(first_a) > 1 and len(first_b) > 1:
        return first_a == first_b
    return first_a[0] == first_b[0]


def plausible(name: str) -> bool:
    """Could this be a person's name (not a phrase a list split left over)?"""
    text = re.sub(r"\([^)]*\)", " ", name)
    text = re.sub(r"\s+", " ", POSTNOMINAL.sub(" ", text)).strip(" .,")
    bare = re.sub(rf"^(?:{TITLE_WORDS}\s+)+", "", text)
    words = bare.split()
    if not words or len(words) > 4 or "(" in text or ")" in text:
        return False
    if not all(re.fullmatch(rf"(?:[A-Z]\.?){{1,3}}|{NAME_WORD}", w) for w in words):
        return False
    return not any(ORG_WORDS.fullmatch(w.lower().strip(".")) for w in words)
