"""Writes for documents: upload (checked before anything is stored) and re-extraction."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from openpcc.core.models import User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.core.services import stamp

from .extraction import ExtractionError, check
from .models import Document

MAX_BYTES = 50 * 1024 * 1024


def _owner_body(parent):
    return getattr(parent, "body", None) or parent.meeting.body


@transaction.atomic
def document_add(*, parent, upload: UploadedFile, title: str = "", user: User) -> Document:
    """Attach a paper to a report, agenda item, meeting or decision and queue its text extraction.
    A file that cannot be read is refused with the reason, and nothing is stored."""
    from openpcc.decisions.models import Decision
    from openpcc.meetings.models import AgendaItem, Meeting, Report

    body = _owner_body(parent)
    require_role(user, body, CLERK_ROLES, "upload a paper")
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError({"file": f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB."})
    data = upload.read()
    try:
        kind, content_type, _pages = check(name, data)
    except ExtractionError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    digest = hashlib.sha256(data).hexdigest()
    links = {
        "report": parent if isinstance(parent, Report) else None,
        "agenda_item": parent if isinstance(parent, AgendaItem) else None,
        "meeting": parent if isinstance(parent, Meeting) else None,
        "decision": parent if isinstance(parent, Decision) else None,
    }
    existing = Document.objects.filter(sha256=digest, **{k: v for k, v in links.items() if v is not None}).first()
    if existing is not None:
        raise ValidationError({"file": f"{name} is already attached here (as “{existing.title}”)."})
    document = Document(
        body=body,
        title=title.strip() or name,
        original_name=name,
        size=len(data),
        content_type=content_type,
        kind=kind,
        sha256=digest,
        uploaded_by=user,
        **links,
    )
    document.file.save(name, ContentFile(data), save=False)
    stamp(document, user=user)
    document.save()
    from .tasks import extract_document_text

    # Enqueued in this transaction: a database-backed worker sees it only once the upload commits.
    extract_document_text.enqueue(document.pk)
    return document


@transaction.atomic
def document_reextract(*, document: Document, user: User) -> Document:
    require_role(user, document.body, CLERK_ROLES, "re-run text extraction")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING, error="")
    from .tasks import extract_document_text

    extract_document_text.enqueue(document.pk)
    document.refresh_from_db()
    return document
