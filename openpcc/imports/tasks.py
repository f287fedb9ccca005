"""Background work for imports: reading a batch's files (run by the tasks worker)."""

from __future__ import annotations

from django_tasks import default_task_backend, task

from openpcc.core.permissions import system_actor

from . import reading, selectors
from .models import ImportBatch


@task()
def run_import_batch(batch_id: int) -> str:
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("body").first()
    if batch is None:
        return "gone"
    reading.batch_run(batch=batch, user=system_actor("archive import"))
    return "done"


@task()
def watch_imports() -> str:
    """Read on, here, every import whose worker stopped (queued by ``services.imports_watch`` when
    a worker starts); then look again later while imports are unfinished."""
    user = system_actor("archive import")
    resumed = 0
    for batch in selectors.batches_stalled():
        reading.batch_run(batch=batch, user=user)  # from where it stopped: read files are kept
        resumed += 1
    check_at = selectors.imports_next_check()
    if check_at is not None and default_task_backend.supports_defer:
        watch_imports.using(run_after=check_at).enqueue()
    return f"{resumed} resumed; next check {check_at.isoformat() if check_at else 'none'}"
