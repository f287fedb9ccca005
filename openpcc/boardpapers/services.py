"""Writes for board papers: a generated paper saved to a place (a report, an agenda item, a
meeting: a record registered to carry papers) as a new version, its files stored as that place's
papers through documents.services, its text kept and compared with the version before
(``changes``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, models, transaction

from openpcc.core.board_paper import Paper
from openpcc.core.models import Body, User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.core.registry import board_paper, paper_parent_for
from openpcc.core.writing import stamp
from openpcc.documents.services import document_add

from . import render as renderer
from .changes import paper_changes, paper_text
from .models import GeneratedPaper
from .selectors import generated_paper_latest
from .style_selectors import paper_look_for


@dataclass
class SavedPaper:
    version: GeneratedPaper  # the version saved, or the latest one when nothing changed
    saved: bool  # False: the paper says what the latest version says, so none was saved


def _withheld(parent: models.Model) -> bool:
    kind = paper_parent_for(type(parent))
    if kind is None or kind.papers_withheld is None:
        return False
    return type(parent)._default_manager.filter(kind.papers_withheld(), pk=parent.pk).exists()


def _publishable(parent: models.Model) -> bool:
    kind = paper_parent_for(type(parent))
    return kind is not None and type(parent)._default_manager.filter(kind.papers_public(), pk=parent.pk).exists()


def _value(v: object) -> str:
    return v.isoformat() if isinstance(v, date) else ("" if v is None else str(v))


def _frame_record(paper: Paper) -> dict:
    f = paper.frame
    return {
        "to": f.to,
        "author": f.author,
        "date": f.date.isoformat(),
        "contact_officer": f.contact_officer,
        "classification": f.classification,
        "private": f.private,
    }


def generated_paper_save(
    *, body: Body, paper: Paper, parameters: dict, parent: models.Model, user: User, word: bool = False
) -> SavedPaper:
    """Keep ``paper`` at ``parent`` (a record of ``body`` registered to carry papers) as the next
    version of that kind of paper there: its PDF (and its Word document when ``word``) stored as
    the parent's papers, with their checksum, extracted text and search entry, which the public
    sees exactly when the parent's papers are public. A paper that says what the latest version
    says is not saved again. A paper made for a private meeting is kept only where papers are never
    public. Raises ValidationError naming what is wrong (nothing is stored), PermissionDenied for
    a user without the roles."""
    kind = board_paper(paper.kind)
    require_role(user, body, kind.roles if kind else CLERK_ROLES, "save a board paper")
    if kind is None:
        raise ValidationError({"kind": f"There is no paper “{paper.kind[:60]}”."})
    place = paper_parent_for(type(parent))
    if place is None or parent.owning_body().pk != body.pk:
        raise ValidationError({"place": f"Choose a meeting, agenda item or report of {body.display_name}."})
    require_role(user, body, place.roles, "add papers there")
    label = place.label(parent)
    if paper.frame.private and (not _withheld(parent) or _publishable(parent)):
        raise ValidationError(
            {
                "place": f"This paper was made for a private meeting and may hold records that are not public, "
                f"so it can be kept only with a private briefing or an exempt item; the papers of “{label}” "
                "are public, or will be once its agenda is published. Choose a private place, or make the "
                "paper without private records."
            }
        )
    text = paper_text(paper)
    latest = generated_paper_latest(parent=parent, kind=kind.key)
    if latest is not None and latest.text == text:
        return SavedPaper(version=latest, saved=False)
    look = paper_look_for(body=body)  # the body's paper style, as the preview and downloads wear it
    pdf = renderer.paper_pdf(paper, look=look)
    docx = renderer.paper_docx(paper, look=look) if word else None
    number = (latest.version + 1) if latest else 1
    try:
        with transaction.atomic():
            # the record first: its unique version number is claimed before any file is stored
            record = GeneratedPaper(
                body=body,
                kind=kind.key,
                title=paper.content.title[:300],
                parent_type=ContentType.objects.get_for_model(type(parent)),
                parent_id=parent.pk,
                parameters={name: _value(v) for name, v in parameters.items()},
                frame=_frame_record(paper),
                private=paper.frame.private,
                version=number,
                text=text,
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                changes=paper_changes(latest.text, text) if latest else [],
                generated_by=user,
            )
            stamp(record, user=user)
            record.save()
            title = f"{paper.content.title} (version {number})"[:300]
            stem = renderer.paper_filename(paper, "").rstrip(".")
            record.pdf = document_add(
                parent=parent,
                upload=SimpleUploadedFile(f"{stem}-v{number}.pdf", pdf, "application/pdf"),
                title=title,
                user=user,
            )
            if docx is not None:
                record.docx = document_add(
                    parent=parent,
                    upload=SimpleUploadedFile(f"{stem}-v{number}.docx", docx),
                    title=title,
                    user=user,
                )
            record.save(update_fields=["pdf", "docx"])
    except IntegrityError as clash:
        raise ValidationError(
            {
                "place": f"Version {number} of this paper at “{label}” was saved by someone else a moment ago. "
                "Look at its versions, then save again if this one is still needed."
            }
        ) from clash
    return SavedPaper(version=record, saved=True)
