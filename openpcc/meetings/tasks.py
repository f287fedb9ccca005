"""Background work for meetings: building an agenda pack (run by the tasks worker)."""

from __future__ import annotations

from django_tasks import task

from .pack import pack_build


@task()
def build_agenda_pack(pack_id: int) -> str:
    pack = pack_build(pack_id)
    return pack.status if pack is not None else "gone"
