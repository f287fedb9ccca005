"""What documents plugs into the public site: a section of a body's home page with its newest
papers (core.registry), and "Papers" in the body's navigation (core.navigation)."""

from __future__ import annotations

from openpcc.core.navigation import register_section
from openpcc.core.registry import BodyHomeSection, register_body_home_section

from . import selectors


def register() -> None:
    register_section(key="documents", label="Papers", url_name="documents:list", order=45)
    register_body_home_section(
        BodyHomeSection(
            key="documents", template="documents/_body_home.html", context=selectors.body_home_section, order=60
        )
    )
