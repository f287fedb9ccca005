"""Background work for imports: reading a batch's files (run by the tasks worker)."""

from __future__ import annotations

from django_tasks import task

from .models import ImportBatch


@task()
def run_import_batch(batch_id: int) -> str:
    from .services import batch_run

    batch = ImportBatch.objects.filter(pk=batch_id).select_related("body").first()
    if batch is None:
        return "gone"
    batch_run(batch=batch)
    return "done"
