"""Keeping the public search index current: each kind of searchable record (registered by its
domain in ``core.registry``) draws from its own *published* queryset, so the publication rules
stay where they are defined. Saving or deleting a record re-indexes the records it affects, in
the same transaction, so the index is never ahead of or behind a rolled-back change; a release
time in the future (an embargo) schedules the catch-up through the task queue (search.tasks)."""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager, nullcontext

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation
from django.utils.html import strip_tags

from openpcc.core import public_cache
from openpcc.core.progress import Progress, statement
from openpcc.core.registry import Searchable, searchables
from openpcc.core.writing import bulk_cache

from . import vocabulary
from .bulk import Row, bulk_rows, plain
from .models import SearchEntry

logger = logging.getLogger(__name__)


def join(*parts: str) -> str:
    """The text of an entry: its parts, without markup, a blank line apart (strip_tags leaves a
    part without "<" as it is, so only parts that may have markup go through it)."""
    return "\n\n".join((strip_tags(p) if "<" in p else p).strip() for p in parts if p and p.strip())


def as_date(value):
    """An entry's date from a date or a datetime."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def kind_labels() -> dict[str, str]:
    return {s.kind: s.label for s in searchables()}


def reindex(indexer: Searchable, ids: Iterable[int], *, words: bool = True) -> int:
    """Replace the entries of these records with what is public now (none if not public), and
    the vocabulary's counts with them (``words=False``: a rebuild counts it again at the end)."""
    ids = list(set(ids))
    if not ids:
        return 0
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            old = SearchEntry.objects.filter(kind=indexer.kind, object_id__in=chunk)
            before = vocabulary.count(old.values_list("title", "text")) if words else None
            old.delete()
            entries = [
                SearchEntry(kind=indexer.kind, object_id=obj.pk, **indexer.entry(obj))
                for obj in indexer.queryset().filter(pk__in=chunk)
            ]
            SearchEntry.objects.bulk_create(entries)
            if before is not None:
                vocabulary.apply(before, vocabulary.count((e.title, e.text) for e in entries))
            written += len(entries)
    return written


CHUNK = 2000  # records read (and entries written) at a time
# a full rebuild of at least this many records counts its vocabulary in a second process (below
# it, starting one costs more than it saves)
COUNT_ELSEWHERE_FROM = 20_000
# a full rebuild of at least this many records reads them a few chunks ahead, in a thread of its
# own on a connection of its own (``read_ahead``), while this one writes
READ_AHEAD_FROM = 20_000
READ_AHEAD_CHUNKS = 3
COLUMNS = ("kind", "object_id", "body_id", "title", "text", "url", "date")


def _insert(kind: str, rows: list[Row], vectors: list[str] | None = None) -> None:
    """Write entries in one statement (a rebuild writes hundreds of thousands: the ORM's
    bulk_create spends longer building its SQL than the database spends running it), on
    PostgreSQL with their search vectors when they were computed already (``read_ahead``)."""
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(SearchEntry._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: one stream, not a statement a row
            if vectors is not None:
                with cursor.cursor.copy(f"COPY {table} ({columns}, search_vector) FROM STDIN") as copy:
                    for (pk, body_id, title, text, url, day), vector in zip(rows, vectors, strict=True):
                        copy.write_row((kind, pk, body_id, title, text, url, day, vector))
                return
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for pk, body_id, title, text, url, day in rows:
                    copy.write_row((kind, pk, body_id, title, text, url, day))
            return
        # rows a statement, as many as SQLite takes parameters for: executemany() would run one
        # statement a row, and let go of Python's lock at each, which the reading thread
        # (read_ahead) then holds for up to a switch interval before this one gets it back
        per = max(1, connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(COLUMNS))
        one = f"({', '.join(['%s'] * len(COLUMNS))})"
        adapt = ops.adapt_datefield_value
        for start in range(0, len(rows), per):
            batch = rows[start : start + per]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))}",
                [v for pk, b, title, text, url, day in batch for v in (kind, pk, b, title, text, url, adapt(day))],
            )


_DONE = object()


def _writer_behind(ready: queue.Queue) -> bool:
    """Whether the writing is behind the reading: the chunks read ahead are waiting already."""
    return ready.full()


def read_ahead(
    chunks: list[tuple[Searchable, list[int]]],
    meanwhile: Callable[[], bool] | None = None,
) -> Iterator[tuple[Searchable, list[int], list[Row], list[str] | None]]:
    """Each chunk of records with its entry rows (``entry_rows``), read by a thread of its own on
    a database connection of its own, up to READ_AHEAD_CHUNKS ahead of the caller: while the
    caller's connection writes one chunk's entries, the next chunks are being read.

    On PostgreSQL the writing is mostly the server computing the entries' search vectors, one
    backend, one row after another. So whenever the writing is behind (the chunks read ahead are
    waiting already), the reading thread, rather than wait, has its own connection's backend
    compute the vectors of the chunk in hand (``backends.search_vectors``) and hands them on with
    it: the two backends share the vectors between them as the two cores allow, however the
    kinds differ in size. With each chunk comes its vectors, or None (the trigger computes them).
    The other way round, whenever the reading is behind (no chunk is waiting), the caller's
    connection does what it can of the index meanwhile (``meanwhile()``, until it says there is
    nothing more: on SQLite, filling the full-text index with the entries written so far).

    The thread reads what is committed, so the caller's transaction must have changed none of
    the records it reads. It reads with the caller's script prefix and language (both are per
    thread), and its first error is raised here; stopping early (an error in the caller) stops
    it, and its connection is closed either way."""
    from .backends import search_vectors

    ready: queue.Queue = queue.Queue(maxsize=READ_AHEAD_CHUNKS)
    stopped = threading.Event()
    prefix, language = get_script_prefix(), translation.get_language()

    def hand_on(item) -> bool:
        while not stopped.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        set_script_prefix(prefix)
        try:
            if connection.vendor == "postgresql":
                # a table the caller's transaction locked would make this wait for it for ever:
                # an error instead (the rebuild stops and rolls back)
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '30s'")
            with translation.override(language):
                for indexer, chunk in chunks:
                    rows = entry_rows(indexer, chunk)
                    vectors = search_vectors([(r[2], r[3]) for r in rows]) if _writer_behind(ready) else None
                    if not hand_on((indexer, chunk, rows, vectors)):
                        return
            hand_on(_DONE)
        except BaseException as error:  # handed to the caller, which raises it
            hand_on(error)
        finally:
            connections.close_all()  # this thread's own connections

    reader = threading.Thread(target=read, name="search-index-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            while meanwhile is not None and ready.empty() and meanwhile():
                pass
            if (item := ready.get()) is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopped.set()
        reader.join()


def entry_rows(indexer: Searchable, ids: list[int]) -> list[Row]:
    """The entries of these records that are public now, as rows: through the kind's bulk path
    (search.bulk) when it has one, else its ``entry()`` record by record.

    ``ids`` is a run of the kind's ids in order with none of its records left out between the
    first and the last (a rebuild's chunk of every id), so the records are read as the range
    between them: a range scan for the database, and no work per id for Django (building
    ``pk IN (…two thousand ids…)`` cost a rebuild more than reading the rows did).

    The bulk path reads the records by id, each kept only if the kind's published queryset has
    it (asked per record, EXISTS ... WHERE pk = the record's): the public rule as written, and a
    plan that starts from the ids whatever the database knows of its tables (with the rule's
    conditions beside the ids, SQLite without statistics read every published meeting for each
    chunk of reports)."""
    if not ids:
        return []
    run = {"pk__gte": ids[0], "pk__lte": ids[-1]}
    fast = bulk_rows(indexer.kind)
    if fast is None:
        return [
            (obj.pk, e["body_id"], e["title"], e.get("text") or "", e["url"], e.get("date"))
            for obj in indexer.queryset().filter(**run)
            for e in (indexer.entry(obj),)
        ]
    public = plain(indexer.queryset())
    records = public.model._default_manager.filter(**run).filter(Exists(public.filter(pk=OuterRef("pk"))))
    return list(fast(records))


def rebuild(kinds: Iterable[str] | None = None, *, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Rebuild the whole index (or some kinds) from the records, in one transaction.

    A full rebuild writes the entries with the full-text index's row-by-row upkeep switched off
    and then builds that index once over all of them (``backends.bulk_index``), and counts the
    vocabulary from the entries as it writes them (a large one in a second process); a kind's
    entries come from its bulk path (search.bulk) when it has one. An interrupted rebuild changes
    nothing (the transaction rolls back to the old index, which searches go on using), so it can
    simply be run again. A large full rebuild in a transaction of its own reads the records a few
    chunks ahead of the writing (``read_ahead``), and each side takes on work of the other's
    while it would wait: the reading computes PostgreSQL's search vectors, the writing fills
    SQLite's full-text index with what is written so far. Some kinds alone (``kinds``) are
    re-indexed row by row, as a save would.
    ``progress`` gets a line at least every 10 seconds: records read, rate and time left."""
    from .backends import bulk_index

    chosen = [i for i in searchables() if not kinds or i.kind in kinds]
    full = {i.kind for i in chosen} == {i.kind for i in searchables()}
    counts: dict[str, int] = {}
    emit = progress or (lambda line: None)
    # reading ahead on a second connection sees what is committed: only when this rebuild's
    # transaction is the outermost (it has written nothing the records' readers must see)
    outermost = not connection.in_atomic_block
    with transaction.atomic(), bulk_cache():
        # every record's id, public or not: reading a chunk keeps the public ones (``entry_rows``
        # asks the kind's published queryset), so listing them through it would ask it twice
        ids = {i.kind: sorted(i.queryset().model._base_manager.values_list("pk", flat=True)) for i in chosen}
        ticker = Progress(emit, total=sum(map(len, ids.values())), unit="records")
        ticker.line(f"search index: {len(chosen)} kind(s) to index")
        # a large rebuild counts the vocabulary in a process of its own, a batch at a time as the
        # entries are written, on the second core while this one writes and SQLite tokenizes
        elsewhere = full and ticker.total >= COUNT_ELSEWHERE_FROM
        ahead = full and outermost and ticker.total >= READ_AHEAD_FROM
        counting = vocabulary.CountingElsewhere() if elsewhere else vocabulary.Counting()
        try:
            with bulk_index(emit) if full else nullcontext() as meanwhile:
                table = connection.ops.quote_name(SearchEntry._meta.db_table)
                with connection.cursor() as cursor:
                    # raw SQL: a queryset's delete() would fetch every entry to send signals nobody needs
                    if full:
                        # PostgreSQL: TRUNCATE, transactional there and no stronger a lock than
                        # dropping the GIN indexes took already; DELETE would leave every old row to
                        # vacuum. It refuses while this transaction's deferred foreign-key checks on
                        # the entries are pending: they are run first.
                        postgres = connection.vendor == "postgresql"
                        with statement(emit, "search index: removing the old entries"):
                            if postgres:
                                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            cursor.execute(f"{'TRUNCATE' if postgres else 'DELETE FROM'} {table}")
                            if postgres:
                                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    else:
                        cursor.execute(
                            f"DELETE FROM {table} WHERE kind IN ({', '.join(['%s'] * len(chosen))})",
                            [i.kind for i in chosen],
                        )
                ticker.begin()  # the rate and time left from the first record read, not from the removal
                chunks = [
                    (indexer, ids[indexer.kind][start : start + CHUNK])
                    for indexer in chosen
                    for start in range(0, len(ids[indexer.kind]), CHUNK)
                ]
                counts.update((i.kind, 0) for i in chosen)
                in_line = ((i, c, entry_rows(i, c), None) for i, c in chunks)
                reading = read_ahead(chunks, meanwhile) if ahead else in_line
                with closing(reading):
                    for n, (indexer, chunk, rows, vectors) in enumerate(reading):
                        _insert(indexer.kind, rows, vectors)
                        if full:
                            counting.add([(r[2], r[3]) for r in rows])
                        counts[indexer.kind] += len(rows)
                        ticker.add(len(chunk), f"search index: {indexer.kind}")
                        if n + 1 == len(chunks) or chunks[n + 1][0] is not indexer:
                            emit(f"  {indexer.kind:<10} {counts[indexer.kind]:>8,} entries  ({ticker.elapsed:.1f} s)")
                if full:
                    emit("search index: building the full-text index over the entries")
                building = time.monotonic()
            if full:
                emit(f"search index: full-text index built ({time.monotonic() - building:.1f} s)")
                # statistics of the new entries, so the planner picks their indexes on the new sizes
                with connection.cursor() as cursor, statement(emit, "statistics: the search index"):
                    cursor.execute(f"ANALYZE {table}")
                vocabulary.replace(counting.result())
            else:
                vocabulary.rebuild()
        finally:
            if elsewhere:
                counting.close()
    public_cache.bump()
    return counts


# --- keeping it current ---------------------------------------------------------------------------

_state = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """Collect changes and index them once at the end (bulk loads, demo data)."""
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = defaultdict(set)
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    by_kind = {i.kind: i for i in searchables()}
    for kind, ids in pending.items():
        reindex(by_kind[kind], ids)


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    pending = getattr(_state, "pending", None)
    for indexer in searchables():
        find = indexer.root_finders().get(sender)
        if find is None:
            continue
        try:
            affected = list(find(instance))
        except Exception:  # a parent already deleted in a cascade: nothing left to find
            affected = [instance.pk] if sender is type(instance) and instance.pk else []
        if pending is not None:
            pending[indexer.kind].update(affected)
        else:
            reindex(indexer, affected)


def refresh(instance) -> None:
    """Index again whatever ``instance`` is part of (when its embargo has passed)."""
    _changed(type(instance), instance)


def connect_signals() -> None:
    """Every model's saves and deletes are heard (a domain registers its kinds after this app is
    ready); ``_changed`` looks the sender up among the registered roots."""
    post_save.connect(_changed, dispatch_uid="search-save")
    post_delete.connect(_changed, dispatch_uid="search-delete")
