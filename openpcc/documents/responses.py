"""The file of a paper, as a download: the same for the public and staff, with the one
difference of what a missing file says."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404

from . import selectors
from .extraction import MAX_TEXT_CHARS
from .models import Document

logger = logging.getLogger(__name__)
# What the paper's page says of its text: how much is shown, and how much was read at most.
TEXT = {"text_shown": selectors.TEXT_SHOWN, "text_limit": MAX_TEXT_CHARS}


def file_response(document: Document, *, public: bool) -> FileResponse:
    try:
        # Asked first: an object store opens a missing file without complaint and fails mid-download.
        if not document.file.storage.exists(document.file.name):
            raise FileNotFoundError(document.file.name)
        handle = document.file.open("rb")
    except OSError:
        # A database restored without its media folder, or a file lost from storage: a clear 404
        # for the public, the way to mend it for staff, and an error in the log for whoever runs it.
        logger.error("The stored file of document %s (%s) is missing.", document.pk, document.file.name)
        raise Http404(
            "The file of this paper is missing. The office that published it has been told."
            if public
            else f"The stored file {document.file.name} is missing: restore the media folder from the latest "
            "backup (see docs/deploy.md)."
        ) from None
    response = FileResponse(
        handle, as_attachment=False, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
