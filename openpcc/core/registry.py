"""How a domain plugs in: the registries the shared apps read, filled by each domain app's
``AppConfig.ready()``. The shared apps (core, search, documents, public) know no domain app; a
new domain registers what it offers here and edits no other app (docs/architecture.md).

- ``register_searchable``: how the domain's published records become search index entries;
- ``register_paper_parent``: which of its records can carry papers (documents), and when those
  papers are public;
- ``register_dashboard_panel``: what it shows on the staff dashboard (and the links on each body);
- ``register_feed``: the entries it adds to a body's Atom feed;
- ``register_board_paper``: the board papers it can write from its records (core.board_paper);
- ``register_annual_report_section``: its section of a body's annual report (the figures of a
  financial year), which the annual report paper puts together.

The golden thread (``core.golden_thread``) and a body's public navigation (``core.navigation``)
are registries of the same kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

# --- search -------------------------------------------------------------------------------------

Roots = dict[type[models.Model], Callable[[Any], Iterable[int]]]


@dataclass
class Searchable:
    """A kind of record in the public search index.

    ``queryset()`` gives the records that are public now (their model's own public rule, so no
    rule is written twice); ``entry(record)`` gives the entry's body_id, title, text, url and
    date; ``roots`` maps each model whose change can change an entry to a function giving the
    ids of the records affected (a meeting's change re-indexes its items), or is a function
    giving that map when it depends on other registrations (papers follow their parents)."""

    kind: str
    label: str
    queryset: Callable[[], models.QuerySet]
    entry: Callable[[Any], dict]
    roots: Roots | Callable[[], Roots] = field(default_factory=dict)

    def root_finders(self) -> Roots:
        return self.roots() if callable(self.roots) else self.roots


_SEARCHABLES: dict[str, Searchable] = {}


def register_searchable(searchable: Searchable) -> None:
    _SEARCHABLES[searchable.kind] = searchable


def searchables() -> list[Searchable]:
    return list(_SEARCHABLES.values())


# --- papers (documents attached to records) ------------------------------------------------------


@dataclass
class PaperParent:
    """A kind of record that can carry papers.

    ``key`` names it in URLs (``/staff/<body>/documents/upload/<key>/<id>/``); ``papers_public``
    is the query over the parent model for "its papers are public" (the parent's own public rule,
    plus anything more, such as an agenda being released); ``affected_by`` maps each model whose
    change can change that to the ids of the parents affected; ``label`` and ``public_url``
    describe a parent on a paper's page; ``roles`` are the roles that may upload to it.
    For a body's list of papers: ``date_path`` is the path from the parent to the date that
    places it (and its papers) in time, such as ``"meeting__date"``; ``related`` is what
    ``label`` and ``public_url`` follow from it, loaded with it (``select_related``).
    ``papers_withheld`` is the query for "its papers are never public" (a private briefing, an
    exempt item): only there may a paper holding records that are not public be kept (None:
    nowhere)."""

    key: str
    model: type[models.Model]
    papers_public: Callable[[], models.Q]
    label: Callable[[Any], str]
    public_url: Callable[[Any], str | None]
    staff_url: Callable[[Any], str | None]
    roles: frozenset[str]
    affected_by: dict[type[models.Model], Callable[[Any], Iterable[int]]] = field(default_factory=dict)
    date_path: str = ""
    related: tuple[str, ...] = ()
    papers_withheld: Callable[[], models.Q] | None = None


_PAPER_PARENTS: dict[str, PaperParent] = {}


def register_paper_parent(parent: PaperParent) -> None:
    _PAPER_PARENTS[parent.key] = parent


def paper_parents() -> list[PaperParent]:
    return list(_PAPER_PARENTS.values())


def paper_parent(key: str) -> PaperParent | None:
    return _PAPER_PARENTS.get(key)


def paper_parent_for(model: type[models.Model]) -> PaperParent | None:
    return next((p for p in _PAPER_PARENTS.values() if p.model is model), None)


# --- the staff dashboard --------------------------------------------------------------------------


@dataclass
class DashboardPanel:
    """A panel on the staff dashboard: ``context(user, bodies)`` gives the template's context, or
    None when there is nothing to show (a fixed number of queries, whatever the data)."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 50


@dataclass
class StaffSection:
    """A link on each body's card on the dashboard: the domain's staff pages at that body, for
    users with one of ``roles`` there, at bodies of ``kinds`` (None: every kind)."""

    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 50
    kinds: frozenset[str] | None = None


_PANELS: dict[str, DashboardPanel] = {}
_SECTIONS: dict[str, StaffSection] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    _PANELS[panel.key] = panel


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_PANELS.values(), key=lambda p: p.order)


def register_staff_section(section: StaffSection) -> None:
    _SECTIONS[section.url_name] = section


def staff_sections() -> list[StaffSection]:
    return sorted(_SECTIONS.values(), key=lambda s: s.order)


# --- a body's feed ---------------------------------------------------------------------------------


@dataclass
class FeedEntry:
    title: str
    url: str
    updated: datetime
    summary: str
    kind: str


_FEEDS: dict[str, Callable[..., list[FeedEntry]]] = {}


def register_feed(key: str, provider: Callable[..., list[FeedEntry]]) -> None:
    """``provider(body=..., limit=...)`` gives the newest public entries of one kind, newest first."""
    _FEEDS[key] = provider


def feed_providers() -> list[Callable[..., list[FeedEntry]]]:
    return list(_FEEDS.values())


# --- the public home pages -------------------------------------------------------------------------


@dataclass
class BodyHomeSection:
    """A section of a body's public home page: ``context(body=...)`` gives the template's context,
    or None when the domain has nothing public at that body yet."""

    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 50


@dataclass
class BodySummary:
    """A line on each body's card on the site's home page: ``context(bodies=...)`` gives, in a
    fixed number of queries, a context per body id (bodies with nothing to say are left out)."""

    key: str
    template: str
    context: Callable[..., dict[int, dict]]
    order: int = 50


_HOME_SECTIONS: dict[str, BodyHomeSection] = {}
_SUMMARIES: dict[str, BodySummary] = {}


def register_body_home_section(section: BodyHomeSection) -> None:
    _HOME_SECTIONS[section.key] = section


def body_home_sections() -> list[BodyHomeSection]:
    return sorted(_HOME_SECTIONS.values(), key=lambda s: s.order)


def register_body_summary(summary: BodySummary) -> None:
    _SUMMARIES[summary.key] = summary


def body_summaries() -> list[BodySummary]:
    return sorted(_SUMMARIES.values(), key=lambda s: s.order)


# --- board papers out (openpcc.boardpapers renders them) ----------------------------------------


@dataclass(frozen=True)
class PaperParam:
    """A parameter a paper kind takes: a choice of records at the body (a reporting round, a
    committee, a meeting) or a date. ``choices(body=, private=)`` gives (value, label) pairs of the
    records allowed (only public ones unless ``private``); a date parameter has none."""

    name: str
    label: str
    kind: str = "choice"  # "choice" or "date"
    choices: Callable[..., list[tuple[str, str]]] | None = None
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class BoardPaperKind:
    """A paper a domain can write from its records.

    ``build(body=, values=, private=)`` returns the paper's ``core.board_paper.PaperContent`` for
    ``values`` (each parameter's cleaned value: a record id as text, or a date). It reads only
    public records unless ``private`` (a paper for a private meeting, asked for by staff allowed to
    see the records); it raises ``ValueError`` naming the parameter when a value is not usable.
    ``body_kinds`` are the kinds of body that write it (None: every kind); ``roles`` may generate it."""

    key: str
    title: str
    description: str
    build: Callable[..., Any]
    params: tuple[PaperParam, ...] = ()
    body_kinds: frozenset[str] | None = None
    roles: frozenset[str] = frozenset()
    order: int = 50


_BOARD_PAPERS: dict[str, BoardPaperKind] = {}


def register_board_paper(kind: BoardPaperKind) -> None:
    _BOARD_PAPERS[kind.key] = kind


def board_papers(body_kind: str | None = None) -> list[BoardPaperKind]:
    """Every registered paper kind (for ``body_kind``, those that body writes), in order."""
    kinds = [
        k for k in _BOARD_PAPERS.values() if body_kind is None or k.body_kinds is None or body_kind in k.body_kinds
    ]
    return sorted(kinds, key=lambda k: (k.order, k.title))


def board_paper(key: str) -> BoardPaperKind | None:
    return _BOARD_PAPERS.get(key)


# --- the annual report (a board paper composed from every domain's figures) ----------------------


@dataclass(frozen=True)
class AnnualReportSection:
    """A numbered section of a body's annual report, written by a domain from its records.

    ``build(body=, start=, end=, private=)`` gives the section's blocks (``core.board_paper``
    paragraphs, tables ...) with the domain's figures for the financial year ``start`` to ``end``,
    or ``()`` when the domain has nothing at that body. Like a paper kind's ``build`` it reads only
    public records unless ``private``, in a fixed number of queries whatever the data.
    ``years(body=, private=)`` gives the financial years (each by the year it starts in, see
    ``core.board_paper.financial_year_of``) in which the domain has such records at the body, in a
    fixed number of queries: the report offers those years. ``body_kinds`` are the kinds of body whose report has
    it (None: every kind)."""

    key: str
    title: str
    build: Callable[..., tuple]
    years: Callable[..., Iterable[int]]
    body_kinds: frozenset[str] | None = None
    order: int = 50


_ANNUAL_SECTIONS: dict[str, AnnualReportSection] = {}


def register_annual_report_section(section: AnnualReportSection) -> None:
    _ANNUAL_SECTIONS[section.key] = section


def annual_report_sections(body_kind: str | None = None) -> list[AnnualReportSection]:
    """Every registered section (for ``body_kind``, those its report has), in order."""
    sections = [
        s for s in _ANNUAL_SECTIONS.values() if body_kind is None or s.body_kinds is None or body_kind in s.body_kinds
    ]
    return sorted(sections, key=lambda s: (s.order, s.title))
