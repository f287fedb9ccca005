"""Reading a board paper: which kinds a user may generate at a body, a paper built from the
records through its kind's registered ``build`` (core.registry.register_board_paper), where a
paper can be kept (core.registry's paper parents) and the versions kept."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.http import Http404

from openpcc.core.board_paper import CLASSIFICATIONS, Paper, PaperFrame
from openpcc.core.models import Body, OpenPCCQuerySet, User
from openpcc.core.paging import Paging, paging
from openpcc.core.permissions import has_role, require_role
from openpcc.core.registry import (
    BoardPaperKind,
    PaperParent,
    board_paper,
    board_papers,
    paper_parent,
    paper_parents,
)

from .models import GeneratedPaper


class PaperProblem(ValueError):
    """A paper could not be built from the values given: the message names the value."""


def paper_kind_list(*, body: Body, user: User | Any) -> list[BoardPaperKind]:
    """The kinds of paper ``user`` may generate at ``body`` (its kind of body, the user's roles)."""
    return [k for k in board_papers(body.kind) if has_role(user, body, k.roles)]


def paper_kind_get(*, body: Body, user: User | Any, key: str) -> BoardPaperKind:
    kind = board_paper(key)
    if kind is None or kind not in paper_kind_list(body=body, user=user):
        raise PaperProblem(f"kind: there is no paper “{key[:60]}” for {body.display_name}.")
    return kind


def paper_build(*, body: Body, user: User | Any, key: str, values: dict, frame: dict, private: bool = False) -> Paper:
    """The paper of kind ``key`` for ``values``, in the frame given (to, author, date, contact
    officer, classification). Only public records unless ``private``, which needs the kind's
    roles at the body (the roles that may generate it at all). Raises PaperProblem naming a value
    that cannot be used, PermissionDenied for a user without the roles."""
    kind = board_paper(key)
    if kind is not None:
        require_role(user, body, kind.roles, f"generate the paper “{kind.title}”")
    kind = paper_kind_get(body=body, user=user, key=key)
    if frame.get("classification") not in CLASSIFICATIONS:
        raise PaperProblem("classification: choose one of " + ", ".join(CLASSIFICATIONS) + ".")
    try:
        content = kind.build(body=body, values=values, private=private)
    except PermissionDenied:
        raise
    except ValueError as problem:
        raise PaperProblem(str(problem)) from problem
    return Paper(
        frame=PaperFrame(
            body_name=body.name,
            to=frame.get("to") or content.suggested_to or "The Board",
            author=frame.get("author") or body.display_name,
            date=frame["date"],
            contact_officer=frame.get("contact_officer", ""),
            classification=frame["classification"],
            private=private,
        ),
        content=content,
        kind=kind.key,
    )


# --- saved papers: where a paper can be kept, and the versions kept -------------------------------

PLACES_SHOWN = 100  # of each kind of place, newest first


def _place_kinds(*, private: bool) -> list[PaperParent]:
    """The kinds of record a paper can be kept with: those registered to carry papers; for a paper
    made for a private meeting, only those that say where papers are never public."""
    return [
        p
        for p in paper_parents()
        if hasattr(p.model._default_manager, "for_body") and (not private or p.papers_withheld)
    ]


def _kind_label(parent: PaperParent) -> str:
    return str(parent.model._meta.verbose_name).capitalize()


def place_choices(*, body: Body, private: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Where a paper can be kept at ``body``, grouped by kind of record (reports, agenda items,
    meetings ...), newest first: (group label, [("report:12", "Report: ..."), ...]). A paper for a
    private meeting is offered only places whose papers are never public. One query per kind."""
    groups = []
    for parent in _place_kinds(private=private):
        qs = parent.model._default_manager.for_body(body).select_related(*parent.related)
        if private:
            qs = qs.filter(parent.papers_withheld())
        if parent.date_path:
            qs = qs.order_by(F(parent.date_path).desc(nulls_last=True), "-pk")
        else:
            qs = qs.order_by("-pk")
        options = [(f"{parent.key}:{r.pk}", parent.label(r)) for r in qs[:PLACES_SHOWN]]
        if options:
            groups.append((_kind_label(parent) + "s", options))
    return groups


def place_get(*, body: Body, value: str) -> models.Model | None:
    """The record ``value`` ("report:12") names at ``body``, or None."""
    key, _, pk = (value or "").partition(":")
    parent = paper_parent(key)
    if parent is None or not pk.isdigit() or len(pk) > 18:
        return None
    manager = parent.model._default_manager
    if not hasattr(manager, "for_body"):
        return None
    return manager.for_body(body).filter(pk=int(pk)).select_related(*parent.related).first()


@dataclass
class SavedRow:
    paper: GeneratedPaper  # the latest version of a paper kept at a place
    kind_title: str
    place_label: str
    place_url: str | None


@dataclass
class SavedList:
    rows: list[SavedRow]
    paging: Paging


def _places(papers: list[GeneratedPaper]) -> dict[tuple[int, int], tuple[str, str | None]]:
    """Each paper's place: its label and staff address, one query per kind of place."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for p in papers:
        by_type[p.parent_type_id].append(p.parent_id)
    found: dict[tuple[int, int], tuple[str, str | None]] = {}
    for parent in paper_parents():
        type_id = ContentType.objects.get_for_model(parent.model).pk
        records = parent.model._default_manager.filter(pk__in=by_type.get(type_id) or [0]).select_related(
            *parent.related
        )
        for record in records:
            found[(type_id, record.pk)] = (parent.label(record), parent.staff_url(record))
    return found


def _visible(*, body: Body, user: User | Any) -> OpenPCCQuerySet:
    """The versions kept at ``body`` of the kinds ``user`` may generate there."""
    keys = [k.key for k in paper_kind_list(body=body, user=user)]
    return GeneratedPaper.objects.for_body(body).filter(kind__in=keys)


def saved_paper_list(*, body: Body, user: User | Any, page: str = "") -> SavedList:
    """The papers kept at ``body`` (the latest version of each kind of paper at each place), newest
    first, a page at a time, in a fixed number of queries."""
    newer = GeneratedPaper.objects.filter(
        parent_type=OuterRef("parent_type"),
        parent_id=OuterRef("parent_id"),
        kind=OuterRef("kind"),
        version__gt=OuterRef("version"),
    )
    qs = _visible(body=body, user=user).exclude(Exists(newer)).defer("text")
    shown = paging(qs.count(), page)
    papers = list(qs.select_related("generated_by").order_by("-generated_at", "-id")[shown.start : shown.end])
    places = _places(papers)
    rows = []
    for p in papers:
        kind = board_paper(p.kind)
        label, url = places.get((p.parent_type_id, p.parent_id), ("(no longer there)", None))
        rows.append(SavedRow(paper=p, kind_title=kind.title if kind else p.kind, place_label=label, place_url=url))
    return SavedList(rows=rows, paging=shown)


@dataclass
class SavedVersions:
    latest: GeneratedPaper
    versions: list[GeneratedPaper]  # newest first
    kind_title: str
    place_label: str
    place_url: str | None


def saved_paper_versions(*, body: Body, user: User | Any, pk: int) -> SavedVersions:
    """Every version of the paper that version ``pk`` is one of, newest first, with their files
    and what changed in each; Http404 for a paper not at ``body`` or of a kind ``user`` may not
    generate there (a paper for a private meeting is theirs only)."""
    one = _visible(body=body, user=user).filter(pk=pk).only("parent_type_id", "parent_id", "kind").first()
    if one is None:
        raise Http404("No such paper.")
    versions = list(
        _visible(body=body, user=user)
        .filter(parent_type_id=one.parent_type_id, parent_id=one.parent_id, kind=one.kind)
        .defer("text")
        .select_related("pdf", "docx", "generated_by")
        .order_by("-version")
    )
    kind = board_paper(one.kind)
    label, url = _places(versions[:1]).get((one.parent_type_id, one.parent_id), ("(no longer there)", None))
    return SavedVersions(
        latest=versions[0],
        versions=versions,
        kind_title=kind.title if kind else one.kind,
        place_label=label,
        place_url=url,
    )


def generated_paper_latest(*, parent: models.Model, kind: str) -> GeneratedPaper | None:
    """The latest version of the paper of ``kind`` kept with ``parent``, or None."""
    return (
        GeneratedPaper.objects.filter(
            parent_type=ContentType.objects.get_for_model(type(parent)), parent_id=parent.pk, kind=kind
        )
        .order_by("-version")
        .first()
    )
