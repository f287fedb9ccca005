"""Imports read on when the task worker starts: a batch its worker left unfinished (a restart, a
crash) continues from where it stopped, with no proposal stored twice, and nobody has to run
``import_resume``."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import get_commands
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as PackagedWorker

from openpcc.core.permissions import system_actor
from openpcc.imports import parsing, reading, selectors, services, tasks
from openpcc.imports.management.commands.db_worker import Command as WorkerCommand
from openpcc.imports.models import ImportBatch, Proposal
from tests.factories import actor

pytestmark = pytest.mark.django_db

# Written for these tests: three short sets of minutes of an invented group.
MINUTES = """Minutes of the meeting of the Harbour Lights Working Group held on {day} May 2019 at the Quay Office
Present: Councillor Ada Lantern (Chair) and Councillor Ben Wick
1. Apologies
There were none.
2. Repairs to the pier lamps
The group noted the report on the repairs to the pier lamps.
"""


class WorkerKilled(BaseException):  # not an Exception: nothing in the reader may swallow it
    pass


def _cut_off_batch(world, monkeypatch) -> tuple[ImportBatch, int, list]:
    """A three-file batch whose worker was killed half-way through its second file; the number of
    proposals one file makes; and the list recording which files the reader parses from now on."""
    files = [(f"minutes-{day}.txt", MINUTES.format(day=day).encode()) for day in (3, 4, 5)]
    batch = services.batch_create(body=world.body, files=files, source_name="harbour archive", user=actor())
    real_parse, calls = parsing.parse, []

    def parse(pages, lexicon):
        calls.append(pages[0][:60])
        if len(calls) == 2:
            real_parse(pages, lexicon)
            raise WorkerKilled
        return real_parse(pages, lexicon)

    monkeypatch.setattr(parsing, "parse", parse)
    with pytest.raises(WorkerKilled):
        reading.batch_run(batch=batch, user=actor())
    monkeypatch.setattr(parsing, "parse", real_parse)
    per_file = batch.files.order_by("order").first().proposals.count()
    assert per_file > 1
    assert list(batch.files.order_by("order").values_list("status", flat=True)) == ["read", "queued", "queued"]
    counting: list = []

    def counted(pages, lexicon):
        counting.append(pages[0][:60])
        return real_parse(pages, lexicon)

    monkeypatch.setattr(parsing, "parse", counted)
    return batch, per_file, counting


def _no_worker_loop(monkeypatch) -> list:
    """The packaged worker's loop, replaced by a note that it started (the test stops there)."""
    started: list = []
    monkeypatch.setattr(PackagedWorker, "handle", lambda self, *args, **options: started.append(options))
    return started


def _start_worker(out: io.StringIO) -> None:
    """``manage.py db_worker`` as the command runs it (its option parser wants the database task
    backend, which tests replace with one that runs tasks inline)."""
    WorkerCommand(stdout=out).handle(queue_names=["default"], reload=False)


def _assert_read_once(batch: ImportBatch, per_file: int) -> None:
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.files_done == batch.files_total == 3
    assert set(batch.files.values_list("status", flat=True)) == {"read"}
    for row in batch.files.all():
        assert row.proposals.count() == per_file
        assert row.proposals.filter(kind="meeting").count() == 1
    assert Proposal.objects.filter(file__batch=batch).count() == 3 * per_file


def test_db_worker_is_the_command_that_resumes_imports():
    assert get_commands()["db_worker"] == "openpcc.imports"


def test_starting_the_worker_reads_on_an_import_a_crash_left_unfinished(world, monkeypatch, settings):
    batch, per_file, parsed = _cut_off_batch(world, monkeypatch)
    # the crash was a while ago: the batch has reported nothing for longer than the limit
    long_ago = timezone.now() - timedelta(seconds=settings.OPENPCC_IMPORT_STALLED_SECONDS + 60)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat=long_ago)
    started = _no_worker_loop(monkeypatch)
    out = io.StringIO()
    _start_worker(out)  # tasks run inline in tests
    assert started, "the worker itself still starts"
    assert "Resumed: harbour archive (1 of 3 files read)" in out.getvalue()  # where it stopped
    assert len(parsed) == 2  # the file read before the crash was not read again
    _assert_read_once(batch, per_file)
    # starting again finds nothing to do, and reads nothing twice
    _start_worker(io.StringIO())
    assert len(parsed) == 2
    _assert_read_once(batch, per_file)


def test_an_import_cut_off_by_a_quick_restart_is_read_on_once_it_counts_as_stopped(world, monkeypatch, settings):
    batch, per_file, parsed = _cut_off_batch(world, monkeypatch)
    batch.refresh_from_db()
    heard = batch.heartbeat
    # a backend that runs work later, as the database worker does: the check is queued, not run
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    from django_tasks import default_task_backend

    started = _no_worker_loop(monkeypatch)
    out = io.StringIO()
    _start_worker(out)
    assert started and len(parsed) == 0  # restarted at once: its worker may still be alive, so wait
    queued = default_task_backend.results
    assert [r.task.name for r in queued] == ["watch_imports"]
    check_at = queued[0].task.run_after
    assert heard + selectors.stalled_after() < check_at <= heard + selectors.stalled_after() + timedelta(seconds=10)
    assert "checked again at" in out.getvalue()
    # when the check runs, the batch has reported nothing since: it is read on, each file once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    with time_machine.travel(check_at, tick=False):
        result = tasks.watch_imports.enqueue()  # runs inline here, as the worker runs it then
    assert result.return_value == "1 resumed; next check none"
    assert len(parsed) == 2
    _assert_read_once(batch, per_file)


def test_a_running_import_is_not_resumed_under_its_worker(world, monkeypatch, settings):
    batch, _per_file, parsed = _cut_off_batch(world, monkeypatch)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    resumed, next_check = services.imports_watch(user=system_actor("archive import"))
    assert resumed == [] and next_check is not None and len(parsed) == 0
    assert batch.files.filter(status="queued").count() == 2  # left to the worker still reading it


def test_only_the_workers_process_watches_every_bodys_imports(world):
    with pytest.raises(PermissionDenied):
        services.imports_watch(user=world.editor)
