"""The index's vocabulary and "Did you mean …?".

The vocabulary is the set of words in the public search entries (their titles and texts), each
with how many entries have it (``search.models.Term``). It is kept at indexing time: when
``search.index.reindex`` replaces entries, the difference between the words of the old entries
and the new is added in one statement, and a word whose count falls to nothing is deleted, so a
word that only an unpublished, exempt or private record has is never in it (such records have no
entry). A full rebuild of the index counts it again from the entries.

A suggestion replaces each word of a query that the vocabulary does not know by the closest
known word that starts with the same letter and is about as long (at most a couple of letters
longer or shorter), the more common word winning a tie: a bounded lookup (an index on first
letter and length, the most common CANDIDATES words of each unknown word, all in one query) and
difflib's ratio over those."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher

from django.db import connection, transaction

from .models import SearchEntry, Term
from .wordcount import WORD, Counting, CountingElsewhere

__all__ = ["WORD", "Counting", "CountingElsewhere", "count", "suggest", "words_of"]

CANDIDATES = 2000  # the most common known words of the same first letter and about the same length
CLOSE_ENOUGH = 0.75  # difflib ratio a suggestion needs
MAX_UNKNOWN = 5  # words of one query looked up
CHUNK = 400


def words_of(*parts: str) -> set[str]:
    """The distinct vocabulary words of an entry's title and text (lower case): the definition
    ``count`` follows."""
    return {w.lower() for part in parts if part for w in WORD.findall(part)}


def count(entries: Iterable[tuple[str, str]]) -> Counter:
    """How many of these (title, text) entries have each word (``words_of``)."""
    counting = Counting()
    counting.add(entries)
    return counting.result()


def apply(before: Counter, after: Counter) -> None:
    """Entries with ``before``'s words were replaced by entries with ``after``'s: add the
    difference (an upsert adding to the count, so concurrent writers do not lose each other's
    changes), then delete the words no entry has any more."""
    delta = {w: after[w] - before[w] for w in before.keys() | after.keys() if after[w] != before[w]}
    if not delta:
        return
    words = sorted(delta)
    with transaction.atomic(), connection.cursor() as cursor:
        table = connection.ops.quote_name(Term._meta.db_table)
        for start in range(0, len(words), CHUNK):
            chunk = words[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {table} (word, first, length, entries) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT (word) DO UPDATE SET entries = {table}.entries + excluded.entries",
                [v for w in chunk for v in (w, w[0], len(w), delta[w])],
            )
        gone = [w for w in words if delta[w] < 0]
        for start in range(0, len(gone), CHUNK):
            Term.objects.filter(word__in=gone[start : start + CHUNK], entries__lte=0).delete()


def rebuild() -> int:
    """Count the vocabulary again from the whole index."""
    return replace(count(SearchEntry.objects.values_list("title", "text").iterator(chunk_size=1000)))


def replace(counted: Counter) -> int:
    """Make the vocabulary exactly ``counted`` (a full rebuild counts it as it writes the entries)."""
    table = connection.ops.quote_name(Term._meta.db_table)
    rows = [(w, w[0], len(w), n) for w, n in counted.items()]
    with transaction.atomic(), connection.cursor() as cursor:
        # raw SQL: delete() would fetch every word first, for signals; bulk_create builds its SQL slowly
        cursor.execute(f"DELETE FROM {table}")
        insert = f"INSERT INTO {table} (word, first, length, entries) VALUES (%s, %s, %s, %s)"
        for start in range(0, len(rows), 5000):
            cursor.executemany(insert, rows[start : start + 5000])
    return len(counted)


def _candidates(words: list[str]) -> dict[str, list[tuple[str, int]]]:
    """For each of ``words``, the CANDIDATES most common known words that start with the same
    letter and are about as long: one query however many words (a row number per asked word)."""
    if not words:
        return {}
    table = connection.ops.quote_name(Term._meta.db_table)
    values = ", ".join(["(%s, %s, CAST(%s AS integer), CAST(%s AS integer))"] * len(words))
    params = [v for w in words for v in (w, w[0], len(w) - 2, len(w) + 2)]
    sql = (
        f"WITH asked (word, first, shortest, longest) AS (VALUES {values}) "
        "SELECT asked_word, word, entries FROM ("
        "SELECT a.word AS asked_word, t.word AS word, t.entries AS entries, "
        "ROW_NUMBER() OVER (PARTITION BY a.word ORDER BY t.entries DESC, t.word) AS n "
        f"FROM asked a JOIN {table} t ON t.first = a.first AND t.length >= a.shortest AND t.length <= a.longest"
        ") ranked WHERE n <= %s ORDER BY asked_word, n"
    )
    found: dict[str, list[tuple[str, int]]] = {w: [] for w in words}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, CANDIDATES])
        for asked, word, entries in cursor.fetchall():
            found[asked].append((word, entries))
    return found


def _closest(word: str, candidates: list[tuple[str, int]]) -> str | None:
    matcher = SequenceMatcher(b=word, autojunk=False)
    best, best_key = None, (CLOSE_ENOUGH, 0)
    for candidate, entries in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < best_key[0] or matcher.quick_ratio() < best_key[0]:
            continue
        key = (matcher.ratio(), entries)
        if key > best_key:
            best, best_key = candidate, key
    return best


def suggest(found: list[str]) -> list[str] | None:
    """The query's terms (``search.backends.terms``) with each word the vocabulary does not know
    replaced by the closest word it does; None when there is nothing to suggest. Two queries at
    most, however many words are unknown: which words are known, and every unknown word's
    candidates together."""
    asked = [w.lower() for term in found for w in WORD.findall(term)]
    known = set(Term.objects.filter(word__in=set(asked)).values_list("word", flat=True)) if asked else set()
    unknown = [w for w in dict.fromkeys(asked) if w not in known][:MAX_UNKNOWN]
    candidates = _candidates(unknown)
    fixes = {w: c for w in unknown if (c := _closest(w, candidates[w]))}
    if not fixes:
        return None
    return [WORD.sub(lambda m: fixes.get(m.group(0).lower(), m.group(0)), term) for term in found]
