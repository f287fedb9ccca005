"""A full rebuild writes the index in one pass and leaves exactly what row-by-row indexing leaves;
the triggers (SQLite) or indexes (PostgreSQL) that keep it current afterwards are as they were; an
interrupted rebuild changes nothing; and it says how far it has got."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from openpcc.core import progress as progress_module
from openpcc.core import registry
from openpcc.search import bulk, index
from openpcc.search.backends import search
from openpcc.search.index import rebuild
from openpcc.search.models import SearchEntry, Term
from tests.factories import actor

pytestmark = pytest.mark.django_db


def _item(meeting, number: str, title: str, purpose: str = ""):
    from openpcc.meetings import services as m

    return m.agenda_item_add(meeting=meeting, number=number, title=title, purpose=purpose, user=actor())


def _entries() -> set[tuple]:
    return set(SearchEntry.objects.values_list("kind", "object_id", "body_id", "title", "text", "url", "date"))


def _upkeep() -> list[str]:
    """What keeps the full-text index current on saves, and the entries' indexes and
    constraints: trigger, index or constraint definitions."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'documents_searchentry' UNION ALL "
                "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'documents_searchentry'::regclass UNION ALL "
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgrelid = 'documents_searchentry'::regclass AND NOT tgisinternal ORDER BY 1"
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'documents_searchentry' "
                "AND type IN ('trigger', 'index') ORDER BY type, name"
            )
        return [row[0] for row in cursor.fetchall()]


def _queries() -> list[str]:
    """Words to search for: the commonest of the index and some rare ones, and a phrase."""
    common = list(Term.objects.order_by("-entries", "word").values_list("word", flat=True)[:15])
    rare = list(Term.objects.filter(entries=1).order_by("word").values_list("word", flat=True)[:10])
    assert len(common) >= 10 and rare, "the world should have words to search for"
    return [*common, *rare, f"{common[0]} {common[1]}", '"rural crime"']


def _found(queries: list[str]) -> dict[str, tuple[int, Counter]]:
    """Each query's total and hits (with their ranks: the same index ranks the same)."""
    out = {}
    for q in queries:
        results = search(q, per_page=1000)
        hits = Counter((h.kind, h.title, h.url, h.date, str(h.snippet), round(h.rank, 6)) for h in results.hits)
        out[q] = (results.total, hits)
    return out


def _check_full_text_index() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # FTS5 checks its index against the entries table
            cursor.execute("INSERT INTO documents_search_fts(documents_search_fts, rank) VALUES('integrity-check', 1)")


@pytest.mark.whole_world
def test_a_rebuild_finds_what_row_by_row_indexing_found(world):
    _item(world.meetings.held, "30", "Fenland rural crime patrols", "Quad bikes and farm thefts.")
    entries, upkeep = _entries(), _upkeep()
    assert len(entries) >= 20 and upkeep
    queries = _queries()
    found = _found(queries)
    assert sum(total for total, _ in found.values()) > 30
    vocabulary = dict(Term.objects.values_list("word", "entries"))

    counts = rebuild()

    assert sum(counts.values()) == len(entries) and _entries() == entries
    assert _found(queries) == found
    assert dict(Term.objects.values_list("word", "entries")) == vocabulary
    assert _upkeep() == upkeep
    _check_full_text_index()


def test_saves_keep_the_index_current_after_a_rebuild(world):
    rebuild()
    item = _item(world.meetings.held, "31", "Zephyrquartz bridge inspection", "Bridges.")
    assert search("zephyrquartz").total == 1
    item.title = "Quorvale bridge inspection"
    item.save()
    assert search("zephyrquartz").total == 0 and search("quorvale").total == 1
    item.delete()
    assert search("quorvale").total == 0
    _check_full_text_index()


def test_a_large_rebuild_counts_the_vocabulary_in_a_second_process(world, monkeypatch):
    vocabulary = dict(Term.objects.values_list("word", "entries"))
    started = []
    real = index.vocabulary.CountingElsewhere

    def counting():
        started.append(real())
        return started[-1]

    monkeypatch.setattr(index, "COUNT_ELSEWHERE_FROM", 1)
    monkeypatch.setattr(index.vocabulary, "CountingElsewhere", counting)
    rebuild()
    assert len(started) == 1 and started[0]._process.returncode == 0  # counted, then stopped
    assert dict(Term.objects.values_list("word", "entries")) == vocabulary
    monkeypatch.setattr(index, "COUNT_ELSEWHERE_FROM", 10**9)
    rebuild()
    assert len(started) == 1 and dict(Term.objects.values_list("word", "entries")) == vocabulary


@pytest.mark.whole_world
@pytest.mark.parametrize("where", ["writing the last kind", "after the full-text build", "counting elsewhere"])
def test_an_interrupted_rebuild_changes_nothing_and_can_be_run_again(world, monkeypatch, where):
    entries, upkeep = _entries(), _upkeep()
    before = _found(["victim", "police"])
    vocabulary_before = dict(Term.objects.values_list("word", "entries"))
    # the last kind written that has records: the kinds before it are written when it fails
    last = [s for s in registry.searchables() if s.queryset().exists()][-1]
    assert SearchEntry.objects.exclude(kind=last.kind).exists()
    written = []

    def broken_insert(kind, rows, vectors=None, real=index._insert):
        if kind == last.kind:
            raise RuntimeError("interrupted")
        written.append(kind)
        real(kind, rows, vectors)

    def broken_vocabulary(counted):
        written.append("vocabulary")
        raise RuntimeError("interrupted")

    started = []
    if where == "writing the last kind":
        monkeypatch.setattr(index, "_insert", broken_insert)
    elif where == "after the full-text build":
        monkeypatch.setattr(index.vocabulary, "replace", broken_vocabulary)
    else:  # the counting process fails midway: the rebuild stops, the process is not left behind
        real = index.vocabulary.CountingElsewhere

        def counting():
            started.append(real())
            started[-1]._process.kill()
            return started[-1]

        monkeypatch.setattr(index, "COUNT_ELSEWHERE_FROM", 1)
        monkeypatch.setattr(index.vocabulary, "CountingElsewhere", counting)
        monkeypatch.setattr(
            index,
            "_insert",
            lambda kind, rows, vectors=None, real=index._insert: (written.append(kind), real(kind, rows, vectors)),
        )
    with pytest.raises(RuntimeError, match=r"interrupted|counting process stopped"):
        rebuild()
    assert written  # it was interrupted midway, after writing something
    assert all(counting._process.poll() is not None for counting in started)
    # the old index, whole and in use; the triggers or indexes back as they were
    assert _entries() == entries and _upkeep() == upkeep
    assert _found(["victim", "police"]) == before
    assert dict(Term.objects.values_list("word", "entries")) == vocabulary_before
    _check_full_text_index()

    monkeypatch.undo()
    rebuild()
    assert _entries() == entries and _found(["victim", "police"]) == before
    assert dict(Term.objects.values_list("word", "entries")) == vocabulary_before


def _reading_threads(monkeypatch) -> list[str]:
    """The names of the threads that read each chunk of records (search.index.entry_rows)."""
    names: list[str] = []

    def entry_rows(indexer, ids, real=index.entry_rows):
        names.append(threading.current_thread().name)
        return real(indexer, ids)

    monkeypatch.setattr(index, "entry_rows", entry_rows)
    return names


def _reader_left() -> bool:
    return any(t.name == "search-index-read-ahead" for t in threading.enumerate())


def _vectors_disagreeing() -> int:
    """On PostgreSQL, entries whose search vector is not what the trigger's function makes of
    their title and text (none may be)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM documents_searchentry "
            "WHERE search_vector IS DISTINCT FROM openpcc_search_vector(title, text)"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)  # the records committed, as a rebuild in production finds them
@pytest.mark.whole_world
@pytest.mark.parametrize("writer_behind", [True, False])
def test_a_large_rebuild_reads_ahead_on_a_connection_of_its_own(world, monkeypatch, writer_behind):
    rebuild()  # small: read and written on this connection
    entries, upkeep = _entries(), _upkeep()
    queries = _queries()
    found = _found(queries)
    vocabulary = dict(Term.objects.values_list("word", "entries"))
    names = _reading_threads(monkeypatch)
    monkeypatch.setattr(index, "READ_AHEAD_FROM", 1)
    monkeypatch.setattr(index, "READ_AHEAD_CHUNKS", 1)
    monkeypatch.setattr(index, "CHUNK", 3)  # many chunks: the reader waits for the writer
    # on PostgreSQL, when the writing is behind, the reading thread computes the chunks' vectors
    monkeypatch.setattr(index, "_writer_behind", lambda ready: writer_behind)
    handed: list[bool] = []

    def insert(kind, rows, vectors=None, real=index._insert):
        handed.append(vectors is not None)
        real(kind, rows, vectors)

    monkeypatch.setattr(index, "_insert", insert)

    counts = rebuild()

    assert len(names) > 5 and set(names) == {"search-index-read-ahead"}
    assert set(handed) == {writer_behind and connection.vendor == "postgresql"}
    assert not _reader_left()
    assert sum(counts.values()) == len(entries) and _entries() == entries
    assert _found(queries) == found
    assert dict(Term.objects.values_list("word", "entries")) == vocabulary
    assert _upkeep() == upkeep
    if connection.vendor == "postgresql":
        assert _vectors_disagreeing() == 0
    _check_full_text_index()


@pytest.mark.django_db(transaction=True)
@pytest.mark.whole_world
def test_while_the_reading_is_behind_the_writer_fills_the_full_text_index(world, monkeypatch):
    """On SQLite the writing connection takes in the entries written so far while it waits for
    the next chunk to be read; each entry once, the same index as filled after the writing."""
    from openpcc.search import backends

    rebuild()
    entries, upkeep = _entries(), _upkeep()
    queries = _queries()
    found = _found(queries)
    monkeypatch.setattr(index, "READ_AHEAD_FROM", 1)
    monkeypatch.setattr(index, "CHUNK", 3)
    monkeypatch.setattr(backends, "FTS_CHUNK", 2)

    def slow_reading(indexer, ids, real=index.entry_rows):
        time.sleep(0.02)  # the writer is left waiting for each chunk
        return real(indexer, ids)

    monkeypatch.setattr(index, "entry_rows", slow_reading)
    taken: list[bool] = []

    def step(self, real=backends.FullTextFiller.step):
        taken.append(real(self))
        return taken[-1]

    monkeypatch.setattr(backends.FullTextFiller, "step", step)
    rebuild()
    # PostgreSQL has nothing to do meanwhile (its GIN index is made over the finished table)
    assert (True in taken) == (connection.vendor == "sqlite")
    assert _entries() == entries and _found(queries) == found and _upkeep() == upkeep
    _check_full_text_index()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the search vector's trigger is PostgreSQL's")
def test_the_trigger_keeps_each_entry_s_vector_with_its_text(world):
    """Every entry written without a vector gets one, and changing its title or text computes it
    again; what was computed for the same text stays."""
    _item(world.meetings.held, "34", "Quillbrook footpath lighting", "Lamps on the towpath.")
    assert search("quillbrook").total == 1 and _vectors_disagreeing() == 0
    entry = SearchEntry.objects.get(title__contains="Quillbrook")
    SearchEntry.objects.filter(pk=entry.pk).update(title="Marshgate footpath lighting")
    SearchEntry.objects.filter(pk=entry.pk).update(url=entry.url)  # neither title nor text: kept
    assert search("quillbrook").total == 0 and search("marshgate").total == 1
    assert _vectors_disagreeing() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.whole_world
@pytest.mark.parametrize("where", ["reading", "writing"])
def test_a_rebuild_reading_ahead_stops_whole_on_an_error(world, monkeypatch, where):
    rebuild()
    entries, upkeep = _entries(), _upkeep()
    last = [s for s in registry.searchables() if s.queryset().exists()][-1]
    monkeypatch.setattr(index, "READ_AHEAD_FROM", 1)
    monkeypatch.setattr(index, "CHUNK", 2)
    if where == "reading":  # an error in the reading thread is raised in the rebuild

        def entry_rows(indexer, ids, real=index.entry_rows):
            if indexer.kind == last.kind:
                raise RuntimeError("interrupted")
            return real(indexer, ids)

        monkeypatch.setattr(index, "entry_rows", entry_rows)
    else:  # an error in the writing stops the reading thread

        def broken_insert(kind, rows, vectors=None, real=index._insert):
            if kind == last.kind:
                raise RuntimeError("interrupted")
            real(kind, rows, vectors)

        monkeypatch.setattr(index, "_insert", broken_insert)
    with pytest.raises(RuntimeError, match="interrupted"):
        rebuild()
    assert not _reader_left()
    assert _entries() == entries and _upkeep() == upkeep
    _check_full_text_index()


def test_a_rebuild_inside_a_transaction_reads_on_its_own_connection(world, monkeypatch):
    """Inside another transaction a second connection would not see that transaction's records:
    however large, the rebuild reads them itself."""
    _item(world.meetings.held, "33", "Quillbrook footpath lighting", "Lamps.")
    names = _reading_threads(monkeypatch)
    monkeypatch.setattr(index, "READ_AHEAD_FROM", 1)
    rebuild()
    assert names and set(names) == {threading.current_thread().name}
    assert search("quillbrook").total == 1


@pytest.mark.whole_world
def test_a_kind_without_a_bulk_path_is_indexed_record_by_record(world, monkeypatch):
    entries = _entries()
    monkeypatch.setattr(bulk, "_BULK", {})
    rebuild()
    assert _entries() == entries


def test_some_kinds_alone_are_rebuilt_row_by_row(world):
    _item(world.meetings.held, "32", "Xylophonic drainage survey", "Culverts.")
    entries, upkeep = _entries(), _upkeep()
    SearchEntry.objects.filter(kind="item").delete()
    assert search("xylophonic").total == 0
    counts = rebuild(["item"])
    assert search("xylophonic").total == 1
    assert list(counts) == ["item"] and _entries() == entries and _upkeep() == upkeep
    _check_full_text_index()


def test_progress_lines_at_least_every_ten_seconds(world, monkeypatch):
    monkeypatch.setattr(progress_module, "EVERY_SECONDS", 0.0)  # a line for every chunk written
    lines: list[str] = []
    rebuild(progress=lines.append)
    # every record of each kind is read (the public ones become entries)
    total = sum(s.queryset().model._base_manager.count() for s in registry.searchables())
    assert total > SearchEntry.objects.count()
    ticks = [line for line in lines if line.startswith("[")]
    assert ticks[0] == f"[0/{total:,} records] search index: {len(registry.searchables())} kind(s) to index"
    tick = re.compile(r"^\[([\d,]+)/([\d,]+) records\] search index: \w+ \([\d,]+ records/s, about .+ left\)$")
    fulltext = re.compile(
        r"^\[([\d,]+)/([\d,]+) entries\] search index: full-text index \([\d,]+ entries/s, about .+ left\)$"
    )
    writing = [line for line in ticks[1:] if tick.match(line)]
    building = [line for line in ticks[1:] if fulltext.match(line)]
    assert writing and len(writing) + len(building) == len(ticks) - 1, ticks
    assert any(line.startswith("search index: full-text index built (") for line in lines)
    _check_full_text_index()  # made as the entries were written, whole


def test_the_full_text_pass_alone_says_how_far_it_has_got(world, monkeypatch):
    """bulk_index() with no entries written inside makes the full-text index from every entry,
    a range at a time, with a line for each (SQLite)."""
    from django.db import transaction

    from openpcc.search.backends import bulk_index

    monkeypatch.setattr(progress_module, "EVERY_SECONDS", 0.0)
    monkeypatch.setattr("openpcc.search.backends.FTS_CHUNK", 3)
    rebuild()
    total = SearchEntry.objects.count()
    lines: list[str] = []
    with transaction.atomic(), bulk_index(lines.append):
        pass
    if connection.vendor == "sqlite":
        assert len(lines) > 2 and lines[-1].startswith(f"[{total:,}/{total:,} entries] search index: full-text index")
    _check_full_text_index()
    common = Term.objects.order_by("-entries", "word").first()
    assert search(common.word).total == min(common.entries, 1000)


def test_the_command_says_how_far_it_got_and_refuses_unknown_kinds(world, capsys):
    call_command("rebuild_search_index")
    out = capsys.readouterr().out
    assert "records] search index:" in out and "full-text index built" in out and "Indexed" in out
    with pytest.raises(CommandError, match=r"Unknown kind.*nonsense"):
        call_command("rebuild_search_index", "--kind", "nonsense")
