"""Matching a name written in minutes ("Cllr A Dickinson", "Councillor Bull") to a committee
member's recorded name, conservatively: a name is linked only when exactly one member fits.

Pure functions over (key, name) pairs, so the data migration that links old attendance can use
them with historical models."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable

# Words before or after a name that say how a person is addressed, not who they are.
TITLES = frozenset(
    {
        "cllr",
        "cllrs",
        "councillor",
        "councilor",
        "county",
        "city",
        "district",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "the",
        "mbe",
        "obe",
        "cbe",
        "qpm",
        "jp",
        "dl",
        "bem",
    }
)


def name_tokens(name: str) -> list[str]:
    """The words of a name that identify the person: lower case, accents, punctuation and titles
    removed ("Cllr. A. J. O'Brien" -> ["a", "j", "obrien"])."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\([^)]*\)", " ", text)  # "(Chair)", "(substitute)"
    text = re.sub(r"['’`]", "", text)
    text = re.sub(r"[^a-z]+", " ", text)
    return [t for t in text.split() if t not in TITLES]


def _fits(written: list[str], recorded: list[str]) -> bool:
    """Whether two names (as tokens) can be the same person: the same surname, and given names
    that agree where both are written (an initial agrees with a name starting with it)."""
    if not written or not recorded or written[-1] != recorded[-1]:
        return False
    given_a, given_b = written[:-1], recorded[:-1]
    if not given_a or not given_b:
        return True  # "Cllr Bull" against "Cllr Bull" or "Cllr J Bull": the surname alone
    for a, b in zip(given_a, given_b, strict=False):
        if len(a) == 1 or len(b) == 1:
            if a[0] != b[0]:
                return False
        elif a != b:
            return False
    return True


def match_name(name: str, candidates: Iterable[tuple[Hashable, str]]) -> Hashable | None:
    """The key of the one candidate whose name is ``name``: the same words once titles, case and
    punctuation are set aside; failing that, the same surname with agreeing initials. None when
    nobody fits or more than one might (a name is never guessed)."""
    written = name_tokens(name)
    if not written:
        return None
    pairs = [(key, name_tokens(n)) for key, n in candidates]
    exact = [key for key, tokens in pairs if tokens == written]
    if exact:
        return exact[0] if len(exact) == 1 else None
    close = [key for key, tokens in pairs if _fits(written, tokens)]
    return close[0] if len(close) == 1 else None
