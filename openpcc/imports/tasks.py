"""Background work for imports: reading a batch's files (run by the tasks worker)."""

from __future__ import annotations

from django_tasks import task

from openpcc.core.permissions import system_actor

from .models import ImportBatch
from .reading import batch_run


@task()
def run_import_batch(batch_id: int) -> str:
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("body").first()
    if batch is None:
        return "gone"
    batch_run(batch=batch, user=system_actor("archive import"))
    return "done"
