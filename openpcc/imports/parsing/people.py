"""People's names in attendance lists and apologies, as real minutes write them: "Cllr A Name
(Council)", "Councillors A, B and C", "Name, Council" and "Name (AB) – role" runs, initials
("Councillor K.V. Reynolds"), titles and ranks, and lists that extraction has run together."""

from __future__ import annotations

import re
from functools import lru_cache

from .layout import TITLE_WORDS

NAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-ÿ'’]+(?:-(?:Mc|Mac)?[A-Z][a-zà-ÿ'’]+)*"  # "Wilde-McKeown"
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
    r"coordinator|adviser|advisor|analyst|solicitor|treasurer|controller|inspectorate|hmicfrs|nyp|nyfrs|"
    # department and role phrases ("HQ Operations", "Roads Policing", "Asset Management") are no one
    r"operations|policing|management|planning|projects?|development|resources|corporate|performance|strategic|"
    r"strategy|audit|estates|assets?|procurement|safeguarding|housing|highways|transport|environment)\b",
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
    if not all(NAME_OR_INITIALS.fullmatch(w) for w in words):
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


GLUED_AND = re.compile(rf"(?<=[a-z])([a-z])and\s+(?={TITLE_WORDS}\s)")
GLUED_INITIAL = re.compile(r"\b(Mrs|Mr|Ms|Miss|Dr|Cllr)\.?\s([A-Z])(?=[A-Z][a-z])")
SUBSTITUTE_NOTE = re.compile(
    r"\([^()]*\bsubstitut\w*[^()]*\)|,?\s*for\s+whom\s+[^;.()]*?\bwas\s+(?:a\s+)?substitut\w*", re.I
)


# A person named straight after the organisation they sit for, in an attendance run, with
# initials but no title: "… Cheshire East Council G Miles Halton Borough Council …",
# "… Fire Authority G. Miles, …".
ORGANISATION_END = (
    r"(?:Council|Authority|Constabulary|Commission|Board|Police|Partnership|Trust|Office|Group|University|"
    r"College|Force|Service|Services|Rescue|Panel|Committee|Member|Members)"
)
AFTER_ORGANISATION = re.compile(rf"\b{ORGANISATION_END}\s+(?P<name>(?:[A-Z]\.?\s?){{1,3}}\s*{NAME_WORD})\b(?![.'’-])")


def _after_organisation(piece: str) -> list[str]:
    out = []
    for match in AFTER_ORGANISATION.finditer(piece):
        name = " ".join(match.group("name").split())
        if TITLE_START.match(name) or ORG_WORDS.fullmatch(name.split()[-1].lower()) or not plausible(name):
            continue  # "Council CC Shana …" is a title, "Council A Panel" no one
        out.append(name)
    return out


TITLE_START = re.compile(rf"^{TITLE_WORDS}\s")
# (compiled once: the readers below try them on every candidate name)
TITLE_AHEAD = re.compile(rf"^{TITLE_WORDS}\s+")
TITLES_AHEAD = re.compile(rf"^(?:{TITLE_WORDS}\s+)+")
NAME_OR_INITIALS = re.compile(rf"(?:[A-Z]\.?){{1,3}}|{NAME_WORD}")
BRACKETED = re.compile(r"\([^)]*\)")
SPACES = re.compile(r"\s+")


def names_in(text: str, *, lists: bool = True) -> list[str]:
    """The people named in one line or sentence of an attendance list or apologies.

    Titled names and names with initials are found anywhere; plain names ("Mark Streater")
    are taken from comma-and lists when ``lists``; a "Councillors A, B and C" list lends its
    title to bare surnames."""
    text = " ".join(text.split())  # (the same as collapsing \s+ and stripping, at a fraction of the cost)
    # words extraction ran together: "Mr G Ridleyand Mr P Garfoot", "Mr CWaddell"
    # (a list that has its "and" already keeps "Ferrand Mr …" whole)
    text = GLUED_INITIAL.sub(r"\1 \2 ", text if " and " in text else GLUED_AND.sub(r"\1 and ", text))
    if "ubstitut" in text:
        # "Cllr A, for whom Cllr B was substitute", "Al Kingsley (Nitin Patel substituting)": the
        # substitute is not the one named in the list
        text = SUBSTITUTE_NOTE.sub(" ", text)
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
            for name in _after_organisation(piece):
                add(name)
            continue
        initial_led = [m.group("name") for m in INITIAL_LED.finditer(piece)]
        if initial_led:
            for name in initial_led:
                add(name)
            for name in _after_organisation(piece):
                add(name)
            continue
        after = _after_organisation(piece)
        if after:
            for name in after:
                add(name)
            continue
        if lists:
            stripped = re.sub(r"^(?:County\s+)?Councillors?:?\s+", "", piece)  # "Councillors: A Name (…), …"
            plain = _plain_name(stripped, bare=bare_list)
            if plain:
                add(("Councillor " + plain) if bare_list and len(plain.split()) == 1 else plain)
    # (the word looked for first: a substitution with a template costs more than most names take)
    return [re.sub(r"^(County\s+)?Councillors\b", r"\1Councillor", n) if "Councillors" in n else n for n in names]


PERSON_LINE = re.compile(
    rf"^(?:[-–—•·*]\s*)?(?P<name>(?:{TITLE_WORDS}\s+)?(?:{NAME_WORD}|[A-Z]\.?)(?:\s+(?:{NAME_WORD}|[A-Z]\.?)){{0,3}})"
    r"\s*(?:\((?P<initials>[A-Z]{1,4})\)?|\([^)]*\)?)?\s*(?:[-–—,]\s*(?P<role>.*))?$"
)


def person_line(text: str) -> str | None:
    """A line that is one person: "Lisa Winward (LW) – Chief Constable, NYP", "PS Brett McKenna",
    "Ian Fisher - County Secretary and Solicitor"."""
    text = " ".join(text.split())  # (the same as collapsing \s+ and stripping)
    match = PERSON_LINE.match(text)
    if not match:
        return None
    name = match.group("name").strip()
    words = name.split()
    bare = TITLE_AHEAD.sub("", name)
    if len(bare.split()) < 2 and not TITLE_START.match(name):
        return None
    if any(ORG_WORDS.fullmatch(w.lower()) for w in bare.split()):
        return None
    if len(words) > 5:
        return None
    return name


# One attendance line, name then role, as Word lists have them, often glued by extraction:
# "Mrs A HarrisonChief Finance Officer", "JPuttockSuperintendent, Operations", "Mr I Miles Audit Firm".
GLUED_LEAD_INITIAL = re.compile(rf"^((?:{TITLE_WORDS}\s+)?)([A-Z])(?=[A-Z][a-z]{{2,}})")
GLUED_ROLE = re.compile(r"(?<=[a-z]{2})(?<!Mac)(?=[A-Z][a-z])")
LEADING_PERSON = re.compile(
    rf"^(?P<name>(?:{TITLE_WORDS}\s+)?(?:[A-Z]\.?\s?){{1,3}}\s?{NAME_WORD})(?P<rest>\s*[,(].*|\s+[A-Z].*)$"
)
ANOTHER_PERSON = re.compile(r"\b[A-Z]\.?\s?[A-Z][a-z]")


def leading_person(text: str) -> str | None:
    """The person an attendance line names before their role, where initials mark the name:
    "N AshtonSuperintendent, Head of Development" gives "N Ashton"; a line naming more than one
    person gives nothing (the list readers take it)."""
    text = GLUED_LEAD_INITIAL.sub(r"\1\2 ", text, count=1)
    head = text[:40]
    if GLUED_ROLE.search(head):
        text = GLUED_ROLE.sub(" ", head, count=1) + text[40:]
    match = LEADING_PERSON.match(text)
    if not match or not match.group("rest").strip():
        return None
    rest = match.group("rest")
    if TITLED.search(rest) or INITIAL_LED.search(rest) or ANOTHER_PERSON.search(rest):
        return None
    name = " ".join(match.group("name").split())
    return name if plausible(name) else None


_LEADING_TITLE = re.compile(rf"^\s*{TITLE_WORDS}\s+")
_BRACKETED = re.compile(r"\([^)]*\)?")
_WORD_SPLIT = re.compile(r"[\s.]+")


@lru_cache(maxsize=8192)
def _parts(name: str) -> tuple[str, str]:
    text = _BRACKETED.sub(" ", name)
    text = POSTNOMINAL.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_TITLE.sub("", text.strip())
    words = [w for w in _WORD_SPLIT.split(text) if w]
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
    text = BRACKETED.sub(" ", name)
    text = SPACES.sub(" ", POSTNOMINAL.sub(" ", text)).strip(" .,")
    bare = TITLES_AHEAD.sub("", text)
    words = bare.split()
    if not words or len(words) > 4 or "(" in text or ")" in text:
        return False
    if not all(NAME_OR_INITIALS.fullmatch(w) for w in words):
        return False
    return not any(ORG_WORDS.fullmatch(w.lower().strip(".")) for w in words)
