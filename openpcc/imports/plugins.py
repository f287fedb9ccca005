"""What the archive importer plugs into the shared apps (core.registry): its staff section."""

from __future__ import annotations

from openpcc.core.permissions import CLERK_ROLES
from openpcc.core.registry import StaffSection, register_staff_section


def register() -> None:
    register_staff_section(
        StaffSection(label="Import papers from an archive", url_name="imports_staff:index", roles=CLERK_ROLES, order=40)
    )
