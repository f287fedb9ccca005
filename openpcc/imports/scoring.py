"""Measuring the archive importer against an answer key: what it proposed from each paper,
compared field by field with what a careful reader found (``../shared/corpus/expected.json``
is the format), as recall and precision, plus the pages read a second.

``reading_of`` turns one paper's proposals into the key's shape; ``score`` compares readings
with key entries; ``archive_score`` imports a folder into a transaction that is rolled back
(the real records are never touched) and scores it; ``report`` prints the table."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings

from openpcc.core.models import Body, User

from .parsing import Found

FIELDS = (
    "meeting date",
    "committee",
    "meeting (date and committee)",
    "items",
    "present",
    "apologies",
    "resolutions",
    "actions",
    "priorities",
    "decisions",
)
PRESENT_KINDS = {"present", "officer", "other", "substitute"}
PRIORITY_KINDS = {"plan_row", "priority", "plan_priority"}


# --- normalising -----------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case, accents and typographic quotes and dashes made plain, whitespace (U+00A0
    too) collapsed."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> str:
    text = _fold(text).replace("&", " and ")
    text = re.sub(r"[^\w/ ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def similarity(a: str, b: str) -> float:
    """How alike two titles are, 0..1; a title cut short in the key matches the whole one."""
    a, b = _words(a), _words(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and long.startswith(short):
        return 0.95
    return SequenceMatcher(None, a, b[: max(len(a), 1) + 10] if len(b) > len(a) + 10 else b).ratio()


TITLES = re.compile(
    r"^(?:(?:county|borough|district|city)\s+)?(?:councillors?|cllrs?|mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|"
    r"lord|lady|rev(?:erend)?|the|mayor|commissioner|pfcc|pcc|dpcc|cc|dcc|acc|t/cc|t/dcc|detective|det|"
    r"supt|superintendent|chief|ch|inspector|insp|sergeant|sgt|ps|pc|di|dci|ds|air|commodore|colonel|col|"
    r"major|captain|capt)\b\.?\s*",
    re.I,
)
POSTNOMINALS = re.compile(r"\b(?:obe|mbe|cbe|qpm|td|jp|dl|ma|bsc|msc|phd|fcmi|raf|kc|qc|mp)\b\.?", re.I)


def name_parts(name: str) -> tuple[str, str]:
    """(surname, initials) of a person's name as written: "Cllr Mrs K.V. Reynolds (Chair)"
    gives ("reynolds", "kv"). Titles, ranks, honours and what follows a comma or bracket go."""
    text = _fold(name)
    text = re.split(r"[,(\[–]|\s-\s|\s+-$", text)[0]
    text = POSTNOMINALS.sub(" ", text)
    previous = None
    while previous != text:
        previous = text
        text = TITLES.sub("", text.strip())
    tokens = [t for t in re.split(r"[\s.]+", text) if t and t not in {"-", "'"}]
    tokens = [re.sub(r"[^\w'-]", "", t) for t in tokens]
    tokens = [t for t in tokens if t]
    if not tokens:
        return "", ""
    surname = tokens[-1].replace("'", "")
    initials = "".join(t if len(t) <= 2 and t.isalpha() else t[0] for t in tokens[:-1])
    return surname, initials


def names_match(a: str, b: str) -> bool:
    """The same person: the same surname, and the first initials agree where both give one."""
    (sa, ia), (sb, ib) = name_parts(a), name_parts(b)
    if not sa or sa != sb:
        return False
    return not ia or not ib or ia[0] == ib[0]


def committee_match(key: str, found: str) -> bool:
    a, b = _words(key), _words(found)
    a, b = re.sub(r"^the ", "", a), re.sub(r"^the ", "", b)
    if not a or not b:
        return False
    return a == b or a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.85


def _number(value: str | None) -> str:
    return re.sub(r"[.\s]+$", "", _fold(value or "")).replace(" ", "")


def item_match(key: dict, found: dict) -> bool:
    """By number (unless both titles are there and plainly differ) or by title."""
    kn, fn = _number(key.get("number")), _number(found.get("number"))
    kt, ft = key.get("title") or "", found.get("title") or ""
    if kn and fn and kn == fn:
        return not (kt and ft) or similarity(kt, ft) >= 0.5
    return bool(kt and ft) and similarity(kt, ft) >= 0.8


def _reference(value: str) -> str:
    text = _fold(value)
    text = re.sub(r"^decision\s*", "", text)
    return re.sub(r"[\s\-/.]+", "-", text).strip("-")


def decision_match(key: dict, found: dict) -> bool:
    kr, fr = _reference(key.get("reference") or ""), _reference(found.get("reference") or "")
    if kr and fr and (kr == fr or kr.endswith(fr) or fr.endswith(kr)):
        return True
    return similarity(key.get("title") or "", found.get("title") or "") >= 0.85


def priority_match(key: str, found: str) -> bool:
    return similarity(key, found) >= 0.7


# --- a paper's proposals in the key's shape ------------------------------------------------------


def _walk(found: Iterable[Found]) -> Iterable[Found]:
    for item in found:
        yield item
        yield from _walk(item.children)


BODY_WORD = re.compile(r"\b(?:cabinet|committee|board|panel|authority|council|executive|assembly)\b", re.I)


def reading_of(found: list[Found]) -> dict:
    """What the importer proposed from one paper, in the shape of an answer-key entry."""
    everything = list(_walk(found))
    meetings = [f for f in everything if f.kind == "meeting"]
    meeting = meetings[0] if meetings else None
    items, present, apologies, actions, priorities, decisions = [], [], [], 0, [], []
    resolutions = 0
    for item in everything:
        data = item.data
        if item.kind == "agenda_item":
            items.append({"number": data.get("number") or None, "title": data.get("title") or None})
            if data.get("resolution_count") is not None:
                resolutions += int(data.get("resolution_count") or 0)
            elif data.get("resolution_text") or data.get("resolution"):
                resolutions += 1
        elif item.kind == "attendance":
            for person in data.get("people") or []:
                if person.get("kind") == "apologies":
                    apologies.append(person.get("name", ""))
                elif person.get("kind") in PRESENT_KINDS:
                    present.append(person.get("name", ""))
        elif item.kind == "action":
            actions += 1
        elif item.kind == "decision":
            decisions.append(
                {"reference": data.get("reference", ""), "title": data.get("subject", ""), "date": data.get("date")}
            )
        elif item.kind in PRIORITY_KINDS:
            title = data.get("title") or data.get("text") or data.get("priority") or ""
            if data.get("activity") and title in priorities:
                continue  # a dashboard's projects: their priority counts once
            priorities.append(title)
    reports = [f for f in everything if f.kind == "report"]
    if meeting is None and reports:
        # a report names the meeting it goes to
        meeting = Found(
            "meeting", {"date": reports[0].data.get("report_date"), "committee": reports[0].data.get("to")}, 1, ""
        )
    makers = {f.data.get("decision_maker") for f in everything if f.kind == "decision"} - {"", None}
    if meeting is None and len(makers) == 1 and BODY_WORD.search(next(iter(makers))):
        # a decision page or register whose one decision maker is a body (not a commissioner by name)
        # names the body that decided (no meeting date)
        meeting = Found("meeting", {"date": None, "committee": makers.pop()}, 1, "")
    return {
        "meeting_date": (meeting.data.get("date") or None) if meeting else None,
        "body": (meeting.data.get("committee") or None) if meeting else None,
        "confidence": meeting.data.get("confidence") if meeting else None,
        "items": items,
        "present": present,
        "apologies": apologies,
        "resolutions": resolutions + (len(decisions) if not items else 0),
        "actions": actions,
        "priorities": priorities,
        "decisions": decisions,
    }


# --- scoring ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Matched against the key's count (recall) and against what was found (precision)."""

    matched: float = 0
    expected: float = 0
    found: float = 0

    def add(self, matched: float, expected: float, found: float) -> None:
        self.matched += matched
        self.expected += expected
        self.found += found

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None


@dataclass
class Scores:
    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    documents: int = 0
    unmatched: list[str] = field(default_factory=list)  # key ids with no file
    misses: dict[str, list[str]] = field(default_factory=dict)  # per document: what went wrong
    pages: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.seconds > 0 else None


def _pairs(expected: list, found: list, same) -> tuple[int, list, list]:
    """Greedy one-to-one matching: (matched, key entries left over, found entries left over)."""
    left = list(found)
    missed = []
    matched = 0
    for entry in expected:
        hit = next((k for k, candidate in enumerate(left) if same(entry, candidate)), None)
        if hit is None:
            missed.append(entry)
        else:
            matched += 1
            left.pop(hit)
    return matched, missed, left


def _single(tally: Tally, misses: list[str], name: str, expected, got, same) -> bool:
    ok = bool(expected and got and same(expected, got))
    tally.add(int(ok), int(bool(expected)), int(bool(got)))
    if not ok and (expected or got):
        misses.append(f"{name}: expected {expected!r}, found {got!r}")
    return ok


def score(key: list[dict], readings: dict[str, dict]) -> Scores:
    """Compare each key entry with the reading of the file of the same name (stem = id)."""
    scores = Scores()
    for entry in key:
        doc = entry.get("id", "")
        reading = readings.get(doc)
        if reading is None:
            scores.unmatched.append(doc)
            continue
        scores.documents += 1
        misses: list[str] = []
        tallies = scores.fields
        date_ok = _single(
            tallies["meeting date"],
            misses,
            "meeting date",
            entry.get("meeting_date"),
            reading.get("meeting_date"),
            str.__eq__,
        )
        body_ok = _single(
            tallies["committee"], misses, "committee", entry.get("body"), reading.get("body"), committee_match
        )
        both_expected = bool(entry.get("meeting_date") and entry.get("body"))
        both_found = bool(reading.get("meeting_date") and reading.get("body"))
        tallies["meeting (date and committee)"].add(
            int(date_ok and body_ok and both_expected), int(both_expected), int(both_found)
        )

        for name, same in (
            ("items", item_match),
            ("present", names_match),
            ("apologies", names_match),
            ("priorities", priority_match),
            ("decisions", decision_match),
        ):
            expected, got = entry.get(name) or [], reading.get(name) or []
            matched, missed, extra = _pairs(expected, got, same)
            tallies[name].add(matched, len(expected), len(got))
            if missed:
                misses.append(f"{name} missed: {missed}")
            if extra:
                misses.append(f"{name} extra: {extra}")
        for name in ("resolutions", "actions"):
            expected, got = int(entry.get(name) or 0), int(reading.get(name) or 0)
            tallies[name].add(min(expected, got), expected, got)
            if expected != got:
                misses.append(f"{name}: expected {expected}, found {got}")
        if misses:
            scores.misses[doc] = misses
    return scores


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def report(scores: Scores, *, detail: bool = False) -> str:
    """The table the command prints."""
    lines = [f"Scored {scores.documents} document(s) against the key."]
    if scores.unmatched:
        lines.append(f"No file for {len(scores.unmatched)} key entr(y/ies): {', '.join(scores.unmatched)}")
    lines.append(f"{'field':<30} {'recall':>7} {'precision':>9}   matched / expected / found")
    for name in FIELDS:
        tally = scores.fields[name]
        lines.append(
            f"{name:<30} {_percent(tally.recall):>7} {_percent(tally.precision):>9}   "
            f"{tally.matched:g} / {tally.expected:g} / {tally.found:g}"
        )
    rate = scores.pages_per_second
    lines.append(
        f"{scores.pages} page(s) in {scores.seconds:.2f}s: "
        + (f"{rate:.1f} pages a second." if rate else "too quick to time.")
    )
    if detail:
        for doc, misses in scores.misses.items():
            lines.append(f"-- {doc}")
            lines.extend(f"   {m}" for m in misses)
    return "\n".join(lines)


def key_load(path: str | Path) -> list[dict]:
    """An answer key: a JSON list of entries, each with an ``id``. Refused with the reason."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError({"score": f"There is no answer key at {path}."}) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"score": f"{path} is not a JSON answer key: {exc}."}) from None
    if not isinstance(data, list):
        raise ValidationError({"score": f"{path} must hold a list of entries, one per document."})
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ValidationError({"score": f"{path}: entry {n} has no “id” (the file name to match)."})
    return data


class _RolledBack(Exception):
    pass


def archive_score(*, path: str, body: Body, key: list[dict], user: User) -> Scores:
    """Import ``path`` as ``manage.py import_archive`` does, inside a transaction that is rolled
    back (uploaded files go to a temporary folder), and score what was proposed."""
    from .intake import intake
    from .models import ImportFile, Proposal
    from .reading import batch_run
    from .services import batch_create

    readings: dict[str, dict] = {}
    scores: Scores | None = None
    with tempfile.TemporaryDirectory(prefix="openpcc-score-") as media, override_settings(MEDIA_ROOT=media):
        try:
            with transaction.atomic():
                with intake() as taken:
                    taken.add_path(path)
                    batch = batch_create(body=body, files=taken.files, source_name=f"score: {path}", user=user)
                batch = batch_run(batch=batch, user=user)
                # every file counts, a failed or unrecognised one as proposing nothing
                for row in batch.files.exclude(status=ImportFile.Status.DUPLICATE):
                    proposals = list(Proposal.objects.filter(file=row).order_by("order", "pk"))
                    readings[PurePosixPath(row.name).stem] = reading_of(_tree(proposals))
                scores = score(key, readings)
                scores.pages, scores.seconds = batch.pages_done, batch.seconds
                raise _RolledBack
        except _RolledBack:
            pass
    assert scores is not None
    return scores


def _tree(proposals: list) -> list[Found]:
    made: dict[int, Found] = {}
    roots: list[Found] = []
    for proposal in proposals:
        found = Found(proposal.kind, proposal.data, proposal.page, proposal.passage)
        made[proposal.pk] = found
        parent = made.get(proposal.parent_id) if proposal.parent_id else None
        (parent.children if parent else roots).append(found)
    return roots
