"""Reading a board paper: which kinds a user may generate at a body, and a paper built from the
records through its kind's registered ``build`` (core.registry.register_board_paper)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from openpcc.core.board_paper import CLASSIFICATIONS, Paper, PaperFrame
from openpcc.core.models import Body, User
from openpcc.core.permissions import has_role, require_role
from openpcc.core.registry import BoardPaperKind, board_paper, board_papers


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
