"""Reads for a body's paper style: the style itself, its history, the look the renderer wears,
the fonts installed on the machine, and the sample paper its preview shows."""

from __future__ import annotations

import logging
import subprocess
from datetime import date
from functools import lru_cache

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    BulletList,
    Heading,
    Paper,
    PaperContent,
    PaperFrame,
    Paragraph,
    Section,
    StatusKey,
    Table,
)
from openpcc.core.history import HistoryEntry, history_entries
from openpcc.core.models import Body

from .models import PaperStyle
from .render import SAFE_FONT, PaperLook

log = logging.getLogger(__name__)

# Offered when fontconfig cannot be asked (no fc-list): names that are safe in a stylesheet and
# that WeasyPrint falls back from gracefully when one is missing.
FALLBACK_FONTS = ("DejaVu Sans", "DejaVu Serif", "Liberation Sans", "Liberation Serif")


@lru_cache(maxsize=1)
def available_fonts() -> tuple[str, ...]:
    """The font families installed on this machine (fontconfig's ``fc-list``), each name safe to
    put in a stylesheet (letters, digits, spaces, hyphens); a fixed list if fc-list cannot run."""
    try:
        listed = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("fc-list could not list the installed fonts (%s): offering the fixed list", exc)
        listed = ""
    names = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    names = {name for name in names if SAFE_FONT.match(name)}
    return tuple(sorted(names or FALLBACK_FONTS, key=str.lower))


def paper_style_get(*, body: Body) -> PaperStyle | None:
    """The body's saved paper style, or None while it has the house style."""
    return PaperStyle.objects.filter(body=body).first()


def paper_style_history(*, style: PaperStyle | None) -> list[HistoryEntry]:
    return history_entries(style) if style is not None else []


def stored_bytes(field) -> bytes:
    """A stored file's bytes, or nothing if it is missing from storage (logged, never a 500)."""
    if not field:
        return b""
    try:
        with field.storage.open(field.name, "rb") as handle:
            return handle.read()
    except OSError as exc:
        log.warning("paper style file %s could not be read: %s", field.name, exc)
        return b""


def paper_look(style: PaperStyle | None) -> PaperLook:
    """The look the renderer wears for a saved style (the house style for None)."""
    if style is None:
        return PaperLook()
    logo = stored_bytes(style.logo)
    return PaperLook(
        heading_colour=style.heading_colour,
        accent_colour=style.accent_colour,
        font_family=style.font_family,
        footer=style.footer,
        logo=logo,
        logo_type=style.logo_type if logo else "",
        logo_width=style.logo_width,
        logo_height=style.logo_height,
        word_template=stored_bytes(style.word_template),
    )


def paper_look_for(*, body: Body) -> PaperLook:
    """What every paper the body generates wears: pass it to the renderer's ``look``."""
    return paper_look(paper_style_get(body=body))


def sample_paper(*, body: Body, classification: str, today: date) -> Paper:
    """A short paper in the board-paper shape (written for the preview, about nothing real): a
    numbered section, a list, a heading, a status key and a table in an appendix."""
    frame = PaperFrame(
        body_name=body.name,
        to="The Board",
        author=body.display_name,
        date=today,
        contact_officer="The contact officer",
        classification=classification,
    )
    content = PaperContent(
        title="Sample paper: how your papers will look",
        purpose="To show the paper style of this body on a paper of the usual shape.",
        recommendations=("The Board is asked to note how the paper looks.",),
        sections=(
            Section(
                "The style",
                (
                    Paragraph("Headings take the heading colour; table headings sit on the accent colour."),
                    BulletList(("The logo is at the top of the first page.", "The footer is on every page.")),
                ),
            ),
        ),
        appendices=(
            Appendix(
                "A sample table",
                (
                    Heading("Theme 1: an example"),
                    StatusKey("Status key", (("Green", "On track"), ("Amber", "Some delay"))),
                    Table(
                        "Example activities",
                        ("Activity", "Lead", "Status", "Update"),
                        (
                            ("1.1", "An officer", "Green", "Work is going to plan."),
                            ("1.2", "A partner", "Amber", "A short delay, with a new date agreed."),
                        ),
                    ),
                ),
            ),
        ),
        background_documents=(BackgroundDocument("None"),),
    )
    return Paper(frame=frame, content=content, kind="sample")
