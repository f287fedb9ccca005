"""Full-text search over the public index: SQLite FTS5 and PostgreSQL tsvector, one interface.

User input never reaches the query language raw: words and "quoted phrases" are picked
out and re-quoted, so any string is a safe query (and an empty one finds nothing)."""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations, pairwise

from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from openpcc.core.progress import Progress, statement

START, STOP = "\x02", "\x03"
MAX_QUERY_CHARS = 500
COUNT_CAP = 1000
TOKEN = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"[\w'-]+", re.UNICODE)


@dataclass
class Hit:
    id: int
    body_id: int
    kind: str
    title: str
    url: str
    date: date | None
    snippet: SafeString
    rank: float


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    # No result had all the words: these results have ``matched`` of the query's ``asked`` terms.
    partial: bool = False
    matched: int = 0
    asked: int = 0

    @property
    def pages(self) -> int:
        return max(1, math.ceil(min(self.total, COUNT_CAP) / self.per_page))

    @property
    def more_than_cap(self) -> bool:
        return self.total > COUNT_CAP


def terms(query: str) -> list[str]:
    """Phrases and words from what the user typed: ``"domestic abuse" refuge`` gives
    ["domestic abuse", "refuge"]."""
    out = []
    for phrase, word in TOKEN.findall(query[:MAX_QUERY_CHARS]):
        words = WORD.findall(phrase or word)
        cleaned = " ".join(w.strip("'-") for w in words if w.strip("'-"))
        if cleaned:
            out.append(cleaned)
    return out[:20]


def _highlight(raw: str | None) -> SafeString:
    text = escape(raw or "")
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def _filters(body_id: int | None, kinds: list[str] | None, year: int | None) -> tuple[str, list]:
    sql, params = "", []
    if body_id is not None:
        sql += " AND e.body_id = %s"
        params.append(body_id)
    if kinds:
        sql += f" AND e.kind IN ({', '.join(['%s'] * len(kinds))})"
        params.extend(kinds)
    if year is not None:
        sql += " AND e.date >= %s AND e.date <= %s"
        params.extend([date(year, 1, 1), date(year, 12, 31)])
    return sql, params


# The partial fallback tries "all but one of the words", then fewer, while the sets of words to
# try stay this few; past that it takes any one word.
MAX_SUBSETS = 40


def subsets(found: list[str]) -> Iterator[tuple[int, list[list[str]]]]:
    """For the partial fallback: (k, every set of k of the terms), k from all but one down."""
    n = len(found)
    for k in range(n - 1, 0, -1):
        if k > 1 and math.comb(n, k) > MAX_SUBSETS:
            continue
        yield k, [list(c) for c in combinations(found, k)]


def search(
    query: str,
    *,
    body_id: int | None = None,
    kinds: list[str] | None = None,
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
    partial: bool = False,
) -> Results:
    """The entries with all the terms of ``query``, best first. With ``partial``, when none has
    them all, the entries with as many of them as any has (all but one, then fewer), best first,
    and the results say so. The fallback runs only when the all-words search found nothing."""
    found = terms(query)
    page = max(1, page)
    if not found:
        return Results(query=query, hits=[], total=0, page=page, per_page=per_page)
    backend = _postgres if connection.vendor == "postgresql" else _sqlite
    total, rows = backend([found], body_id, kinds, year, per_page, (page - 1) * per_page)
    matched = len(found)
    if total == 0 and partial and len(found) > 1:
        for k, groups in subsets(found):
            total, rows = backend(groups, body_id, kinds, year, per_page, (page - 1) * per_page)
            if total:
                matched = k
                break
    hits = [
        Hit(
            id=r[0],
            body_id=r[1],
            kind=r[2],
            title=r[3],
            url=r[4],
            date=r[5],
            snippet=_highlight(r[6]),
            rank=float(r[7]),
        )
        for r in rows
    ]
    return Results(
        query=query,
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        partial=matched < len(found),
        matched=matched,
        asked=len(found),
    )


def finds_any(
    query: str, *, body_id: int | None = None, kinds: list[str] | None = None, year: int | None = None
) -> bool:
    """Whether any entry in this scope has every term of ``query``: one query (a suggestion is
    offered within a scope only when it finds something there)."""
    found = terms(query)
    if not found:
        return False
    where, params = _filters(body_id, kinds, year)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsq, q = _tsquery([found])
            cursor.execute(
                f"SELECT 1 FROM documents_searchentry e WHERE e.search_vector @@ {tsq}{where} LIMIT 1", [*q, *params]
            )
        else:
            fts = "documents_search_fts"
            cursor.execute(
                f"SELECT 1 FROM {fts} JOIN documents_searchentry e ON e.id = {fts}.rowid "
                f"WHERE {fts} MATCH %s{where} LIMIT 1",
                [_fts_match([found]), *params],
            )
        return cursor.fetchone() is not None


def _fts_match(groups: list[list[str]]) -> str:
    """Each term quoted as an FTS5 string (phrases keep their order); a group's terms are ANDed,
    groups ORed."""
    ands = [" ".join('"' + t.replace('"', "") + '"' for t in group) for group in groups]
    return ands[0] if len(ands) == 1 else " OR ".join(f"({a})" for a in ands)


def _sqlite(groups: list[list[str]], body_id, kinds, year, limit: int, offset: int):
    match = _fts_match(groups)
    where, params = _filters(body_id, kinds, year)
    fts = "documents_search_fts"
    rank = f"bm25({fts}, 8.0, 1.0)"
    # Without filters, counting and ranking touch only the FTS index; the entries table
    # (whose rows hold long text) is joined for the page's rows alone.
    source = (
        f"FROM {fts} WHERE {fts} MATCH %s"
        if not where
        else f"FROM {fts} JOIN documents_searchentry e ON e.id = {fts}.rowid WHERE {fts} MATCH %s" + where
    )
    with connection.cursor() as cursor:
        # Counting stops at COUNT_CAP: "more than 1,000 results" is as useful as the exact figure.
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {COUNT_CAP + 1})", [match, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {fts}.rowid, {rank} AS rank {source} ORDER BY rank, {fts}.rowid DESC LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        ranked = cursor.fetchall()
        if not ranked:
            return total, []
        ids = [r[0] for r in ranked]
        cursor.execute(
            "SELECT e.id, e.body_id, e.kind, e.title, e.url, e.date, "
            f"snippet({fts}, 1, char(2), char(3), '…', 24) "
            f"FROM {fts} JOIN documents_searchentry e ON e.id = {fts}.rowid "
            f"WHERE {fts} MATCH %s AND {fts}.rowid IN ({', '.join(['%s'] * len(ids))})",
            [match, *ids],
        )
        by_id = {r[0]: r for r in cursor.fetchall()}
    # bm25 is lower-is-better; report higher-is-better like PostgreSQL.
    rows = []
    for rowid, score in ranked:
        r = by_id[rowid]
        rows.append((*r[:5], _as_date(r[5]), r[6], -float(score)))
    return total, rows


# ts_headline parses the whole text it is given: a 20 KB paper costs milliseconds a hit, so the
# snippet is taken from the opening of each text (where a match usually is; else its start).
HEADLINE_CHARS = 2000
HEADLINE_OPTIONS = (
    "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
    "', MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=\" … \"'"
)


# PostgreSQL ranks a bounded set of candidates, not every match: ts_rank_cd reads each match's
# whole tsvector, and a common word matches a sixth of the index. The candidates are the most
# recent matches and the most recent matches with the words in their title, found window by
# window from today backwards (each window a GIN and a date index together), so a common word
# stops in the first window and a rare one costs little in each. The search pages stop at
# COUNT_CAP results, which the candidates cover.
CANDIDATES = COUNT_CAP
TITLE_CANDIDATES = 200
WINDOWS_DAYS = (365, 3 * 365, 9 * 365)
TITLE_VECTOR = "to_tsvector('english', e.title)"


def _newest_first(tsq: str, q: list, vector: str, where: str, params: list, limit: int) -> tuple[str, list]:
    """SQL for up to ``limit`` matches of ``vector``, newest first, read window by window from
    today backwards: the windows are parts of one UNION ALL under the limit, so PostgreSQL stops
    at the window that fills it (each window a GIN and a date index together)."""
    edges = [timezone.localdate() - timedelta(days=d) for d in WINDOWS_DAYS]
    windows = [
        (" AND e.date >= %s", [edges[0]]),  # and anything dated ahead (meetings to come)
        *((" AND e.date >= %s AND e.date < %s", [older, newer]) for newer, older in pairwise(edges)),
        (" AND e.date < %s", [edges[-1]]),
        (" AND e.date IS NULL", []),
    ]
    parts, args = [], []
    for window, bounds in windows:
        parts.append(
            # the query written out in each window, so the planner sees how common its words are
            f"(SELECT e.id FROM documents_searchentry e WHERE {vector} @@ {tsq}"
            f"{where}{window} ORDER BY e.date DESC LIMIT %s)"
        )
        args += [*q, *params, *bounds, limit]
    return f"SELECT id FROM ({' UNION ALL '.join(parts)}) w LIMIT %s", [*args, limit]


def _tsquery(groups: list[list[str]]) -> tuple[str, list[str]]:
    """The tsquery SQL: websearch_to_tsquery understands "phrases" itself; a group's terms are
    ANDed, groups ORed (tsquery's ``||``)."""
    q = [" ".join(f'"{t}"' if " " in t else t for t in group) for group in groups]
    one = "websearch_to_tsquery('english', %s)"
    return (one if len(q) == 1 else "(" + " || ".join([one] * len(q)) + ")"), q


def _postgres(groups: list[list[str]], body_id, kinds, year, limit: int, offset: int):
    tsq, q = _tsquery(groups)
    where, params = _filters(body_id, kinds, year)
    # One more than the pages show: whether there are more matches than that is all the count needs.
    recent, recent_args = _newest_first(tsq, q, "e.search_vector", where, params, CANDIDATES + 1)
    titled, titled_args = _newest_first(tsq, q, TITLE_VECTOR, where, params, TITLE_CANDIDATES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH q AS (SELECT {tsq} AS query), "
            f"recent AS MATERIALIZED ({recent}), "
            f"titled AS MATERIALIZED ({titled}), "
            # the entry's id last: a total order, so pages never repeat or skip a hit
            "page AS (SELECT e.id, e.date, ts_rank_cd(e.search_vector, q.query) AS rank "
            "FROM documents_searchentry e, q WHERE e.id IN (SELECT id FROM recent UNION SELECT id FROM titled) "
            "ORDER BY rank DESC, e.date DESC NULLS LAST, e.id DESC LIMIT %s OFFSET %s) "
            "SELECT e.id, e.body_id, e.kind, e.title, e.url, e.date, "
            f"ts_headline('english', left(e.text, {HEADLINE_CHARS}), q.query, {HEADLINE_OPTIONS}), page.rank, "
            "(SELECT count(*) FROM recent) "
            "FROM page JOIN documents_searchentry e ON e.id = page.id CROSS JOIN q "
            "ORDER BY page.rank DESC, page.date DESC NULLS LAST, page.id DESC",
            [*q, *recent_args, *titled_args, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            return rows[0][8], [r[:8] for r in rows]
        # past the last page (or nothing found): the count alone
        cursor.execute(
            f"SELECT count(*) FROM ({recent}) c",
            recent_args,
        )
        return cursor.fetchone()[0], []


def _as_date(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def after_rebuild() -> None:
    """On SQLite, build the full-text index again from the entries, in one pass (FTS5's
    external-content 'rebuild'), e.g. after entries were written with the triggers on and the
    index must be compacted into one build."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO documents_search_fts(documents_search_fts) VALUES('rebuild')")


def search_vectors(parts: list[tuple[str, str]]) -> list[str] | None:
    """On PostgreSQL, the search vectors of these (title, text) pairs, in order, as text, computed
    on this thread's connection by the very function the entries' trigger computes them with
    (search migration 0004): an entry written with its vector is not computed again. None on
    SQLite (FTS5 tokenizes as it builds its own index)."""
    if connection.vendor != "postgresql":
        return None
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT openpcc_search_vector(u.title, u.body)::text "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(title, body, n) ORDER BY u.n",
            [[title for title, _ in parts], [text for _, text in parts]],
        )
        return [vector for (vector,) in cursor.fetchall()]


def _sqlite_drop_upkeep(cursor) -> list[str]:
    """Drop the triggers on the entries table and its secondary indexes (made again in one sort
    each, cheaper than kept up row by row as a rebuild deletes and writes every entry); their
    definitions, to make them again. The unique index (kind, record) stays: it has no definition
    to make it again by, and entries are written in its order."""
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
        "AND tbl_name = 'documents_searchentry' AND sql IS NOT NULL ORDER BY type DESC, name"
    )
    found = cursor.fetchall()
    for kind, name, _ in found:
        cursor.execute(f'DROP {kind.upper()} "{name}"')
    return [sql for _, _, sql in found]


def _postgres_gin_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = 'documents_searchentry' AND indexdef ILIKE %s ORDER BY indexname",
        ["% USING gin %"],
    )
    return list(cursor.fetchall())


FTS_CHUNK = 5000  # entries the full-text index takes in at a time (a progress line between)


class FullTextFiller:
    """On SQLite, the external-content FTS5 index made again from the entries, as its 'rebuild'
    does (empty it, then read every entry), but in ranges of ids, in order, so that ``finish()``
    can say how far it has got: a range at a time while the writer would otherwise wait for the
    records to be read (``step()``), the rest once all the entries are written (``finish()``).
    Each entry is taken in once. (Taking in every chunk of entries as it was written, whether
    the writer had to wait or not, measured slower: BENCHMARKS.md.) Nothing to do on PostgreSQL
    (the tsvector is computed as rows are written)."""

    def __init__(self, progress: Callable[[str], None] | None = None):
        self.progress = progress or (lambda line: None)
        self.emptied = False
        self.upto = 0  # entries with ids up to here are in the index

    def step(self) -> bool:
        """Take in the next range of the entries written so far (FTS_CHUNK at most), if any:
        work for the writing connection while it would otherwise wait for the next chunk to be
        read (``search.index.read_ahead``), done in SQLite's C code, which lets the reading
        thread's Python run meanwhile. Whether there was anything to take in."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM documents_searchentry")
            high = cursor.fetchone()[0]
            if high is None or high <= self.upto:
                return False
            below = min(self.upto + FTS_CHUNK, high) + 1
            self._fill(cursor, below)
            self.upto = below - 1
            return True

    def _fill(self, cursor, below: int | None = None) -> int:
        if not self.emptied:
            cursor.execute("INSERT INTO documents_search_fts(documents_search_fts) VALUES('delete-all')")
            self.emptied = True
        bound = "" if below is None else " AND id < %s"
        cursor.execute(
            "INSERT INTO documents_search_fts(rowid, title, text) "
            f"SELECT id, title, text FROM documents_searchentry WHERE id > %s{bound} ORDER BY id",
            [self.upto] if below is None else [self.upto, below],
        )
        cursor.execute("SELECT changes()")
        return cursor.fetchone()[0]

    def finish(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), max(id) FROM documents_searchentry WHERE id > %s", [self.upto])
            left, high = cursor.fetchone()
            ticker = Progress(self.progress, total=left, unit="entries")
            if not self.emptied and not left:
                self._fill(cursor)
            while high is not None and self.upto < high:
                below = self.upto + FTS_CHUNK + 1
                ticker.add(self._fill(cursor, below), "search index: full-text index")
                self.upto = below - 1


@contextmanager
def _postgres_index_progress(ticker) -> Iterator[None]:
    """While PostgreSQL builds an index (one statement), a line every ``ticker.every`` seconds
    from pg_stat_progress_create_index, read on a connection of its own: tuples, rate, time left
    (a GIN index reports no tuples: the blocks of the table its scan has read)."""
    from django.db import connections

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stop = threading.Event()

    def watch() -> None:
        try:
            while not stop.wait(ticker.every):
                with connections["default"].cursor() as cursor:
                    cursor.execute(
                        "SELECT phase, tuples_done, tuples_total, blocks_done, blocks_total "
                        "FROM pg_stat_progress_create_index WHERE pid = %s",
                        [pid],
                    )
                    found = cursor.fetchone()
                if found:
                    phase, done, total, blocks_done, blocks_total = found
                    if not total and blocks_total:  # GIN counts no tuples: how far its scan of the table is
                        ticker.unit, done, total = "table blocks", blocks_done, blocks_total
                    ticker.total = total or ticker.total
                    ticker.done = done or 0
                    ticker.line(f"search index: GIN index, {phase}")
        finally:
            connections["default"].close()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


@contextmanager
def bulk_index(progress: Callable[[str], None] | None = None) -> Iterator[Callable[[], bool]]:
    """Entries written inside are indexed once, at the end, not row by row: on SQLite the
    triggers that keep FTS5 in step (and the entries' secondary indexes) are dropped and the
    index is made again from every entry
    (what its 'rebuild' does, in ranges of ids: ``FullTextFiller``; ``progress`` hears how far
    it has got);
    on PostgreSQL the GIN indexes are dropped and made again over the finished table (the
    tsvector column is computed as each row is written, once). Whatever made the triggers and
    indexes (the migrations), the very same definitions are restored afterwards, so ordinary
    saves keep the index current as before. No 'optimize' after it: a rebuild writes few
    segments, and merging them did not make searches measurably faster (BENCHMARKS.md), while at
    national scale it took longer than the build itself.

    It gives the writer a way to get on with the index while it would otherwise wait (for the
    next chunk of records to be read): a call that does a little of the full-text work over the
    entries written so far and says whether there was any (on SQLite ``FullTextFiller.step``;
    on PostgreSQL there is none, the GIN index is made over the finished table).

    Only inside a transaction: if anything fails, the rollback brings back the triggers, the
    indexes and the old entries together, and searches never see a half-built index (on SQLite
    readers go on seeing the old one until the commit; on PostgreSQL they wait for it, since
    dropping an index locks the table)."""
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_index() must run inside transaction.atomic()")
    filler = FullTextFiller(progress)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            upkeep = _sqlite_drop_upkeep(cursor)
        elif connection.vendor == "postgresql":
            indexes = _postgres_gin_indexes(cursor)
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
    yield filler.step if connection.vendor == "sqlite" else (lambda: False)
    if connection.vendor == "sqlite":
        filler.finish()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for sql in reversed(upkeep):  # the indexes, then the triggers
                with statement(progress, "search index: the entries' indexes"):
                    cursor.execute(sql)
        elif connection.vendor == "postgresql":
            # an index cannot be made while the rows' deferred foreign-key checks are pending: run them now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, sql in indexes:
                ticker = Progress(progress or (lambda line: None), unit="tuples")
                with _postgres_index_progress(ticker) if progress else nullcontext():
                    cursor.execute(sql)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def raw_search_sql() -> str:
    """The bare ranked index query the benchmarks compare against: the best 20 ids, with
    no joins, filters, counts or highlights."""
    if connection.vendor == "postgresql":
        return (
            "SELECT id FROM documents_searchentry, websearch_to_tsquery('english', %s) q "
            "WHERE search_vector @@ q ORDER BY ts_rank_cd(search_vector, q) DESC LIMIT 20"
        )
    return (
        "SELECT rowid FROM documents_search_fts WHERE documents_search_fts MATCH %s "
        "ORDER BY bm25(documents_search_fts, 8.0, 1.0) LIMIT 20"
    )
