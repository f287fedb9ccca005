"""Fetch pages as the public through Django's test client and print each one's status and SHA-256,
as JSON: used by tests/test_backup.py to compare an installation restored into another database
(another process, with its own DATABASE_URL and OPENPCC_MEDIA_ROOT) with the one backed up.

    python -m tests.page_digest URLS.json --at 2026-06-17T09:30:00+00:00
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import zipfile
from datetime import datetime

# An Office file (xlsx, docx) is a zip whose entries carry the time they were written, and whose
# core properties say when it was made: compare what it holds, not when it was made.
MADE_AT = "docProps/core.xml"


def _content(body: bytes) -> bytes:
    if not body.startswith(b"PK"):
        return body
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = sorted(n for n in archive.namelist() if n != MADE_AT)
        return b"".join(n.encode() + b"\0" + archive.read(n) for n in names)


def digests(urls: list[str]) -> dict[str, list]:
    from django.test import Client

    client = Client()
    out = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        out[url] = [response.status_code, hashlib.sha256(_content(body)).hexdigest()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls")
    parser.add_argument("--at", required=True, help="the moment to fetch the pages at")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
    import django
    import time_machine

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    with open(args.urls) as fh:
        urls = json.load(fh)
    with time_machine.travel(datetime.fromisoformat(args.at), tick=False):
        print(json.dumps(digests(urls)))


if __name__ == "__main__":
    main()
