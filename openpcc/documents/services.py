"""Writes for documents: upload (checked before anything is stored) and re-extraction."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from openpcc.core.models import User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.core.registry import paper_parent_for
from openpcc.core.writing import stamp

from .extraction import ExtractionError, check
from .models import Document
from .tasks import extract_document_text

MAX_BYTES = 50 * 1024 * 1024


@transaction.atomic
def document_add(*, parent, upload: UploadedFile, user: User, title: str = "") -> Document:
    """Attach a paper to a record of a kind registered to carry papers, and queue its text
    extraction. A file that cannot be read is refused with the reason, and nothing is stored."""
    kind = paper_parent_for(type(parent))
    body = parent.owning_body()
    require_role(user, body, kind.roles if kind else CLERK_ROLES, "upload a paper")
    if kind is None:
        raise ValidationError({"file": f"Papers cannot be attached to a {type(parent).__name__}."})
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    if upload.size and upload.size > MAX_BYTES:
        raise ValidationError({"file": f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB."})
    data = upload.read()
    try:
        file_kind, content_type, _pages = check(name, data)
    except ExtractionError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    digest = hashlib.sha256(data).hexdigest()
    parent_type = ContentType.objects.get_for_model(parent)
    existing = Document.objects.filter(sha256=digest, parent_type=parent_type, parent_id=parent.pk).first()
    if existing is not None:
        raise ValidationError({"file": f"{name} is already attached here (as “{existing.title}”)."})
    document = Document(
        body=body,
        parent_type=parent_type,
        parent_id=parent.pk,
        title=title.strip() or name,
        original_name=name,
        size=len(data),
        content_type=content_type,
        kind=file_kind,
        sha256=digest,
        uploaded_by=user,
    )
    document.file.save(name, ContentFile(data), save=False)
    stamp(document, user=user)
    document.save()
    # Enqueued in this transaction: a database-backed worker sees it only once the upload commits.
    extract_document_text.enqueue(document.pk)
    return document


@transaction.atomic
def document_reextract(*, document: Document, user: User) -> Document:
    require_role(user, document.body, CLERK_ROLES, "re-run text extraction")
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING, error="")
    extract_document_text.enqueue(document.pk)
    document.refresh_from_db()
    return document
