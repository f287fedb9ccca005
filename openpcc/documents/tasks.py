"""Background work for documents: text extraction (run by the tasks worker)."""

from __future__ import annotations

import time

from django_tasks import task

from .extraction import ExtractionError, extract_limited
from .models import Document


@task()
def extract_document_text(document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    Document.objects.filter(pk=document_id).update(status=Document.Status.EXTRACTING)
    started = time.perf_counter()
    try:
        with document.file.open("rb") as fh:
            result = extract_limited(document.original_name, fh.read())
    except ExtractionError as exc:
        document.status, document.error = Document.Status.FAILED, str(exc)[:500]
    except Exception as exc:  # a damaged file must never leave the document "extracting" forever
        document.status, document.error = (
            Document.Status.FAILED,
            f"Unexpected error while reading the file: {exc}"[:500],
        )
    else:
        document.text, document.pages, document.text_truncated = result.text, result.pages, result.truncated
        document.status = (
            Document.Status.NO_TEXT if result.needs_ocr or not result.text.strip() else Document.Status.DONE
        )
        document.error = (
            "" if document.status == Document.Status.DONE else "The file has no text layer (a scan?): it needs OCR."
        )
    document.extraction_seconds = time.perf_counter() - started
    document.save(update_fields=["status", "error", "text", "text_truncated", "pages", "extraction_seconds"])
    return document.status
