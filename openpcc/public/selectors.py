"""Reads for the public site's shared pages: the home pages and a body's feed, each made of what
the domains register (core.registry)."""

from __future__ import annotations

import re

from django.db import DatabaseError

from openpcc.core.models import RESERVED_SLUGS, Body
from openpcc.core.registry import FeedEntry, body_home_sections, body_summaries, feed_providers
from openpcc.core.selectors import body_public_list


def home_entry_list() -> list[dict]:
    """Each active body, with what each domain says of it on the home page (core.registry)."""
    bodies = list(body_public_list())
    per_domain = [(summary.template, summary.context(bodies=bodies)) for summary in body_summaries()]
    return [
        {
            "body": body,
            "lines": [
                {"template": template, "context": contexts[body.pk]}
                for template, contexts in per_domain
                if body.pk in contexts
            ],
        }
        for body in bodies
    ]


def body_overview_get(*, body: Body) -> dict:
    """The sections each domain adds to a body's public home page (core.registry)."""
    sections = []
    for section in body_home_sections():
        context = section.context(body=body)
        if context:
            sections.append({"template": section.template, "context": context})
    return {"sections": sections}


def feed_entry_list(*, body: Body, limit: int = 50) -> list[FeedEntry]:
    """The newest of every domain's feed entries for the body (core.registry), newest first."""
    entries = [entry for provider in feed_providers() for entry in provider(body=body, limit=limit)]
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:limit]


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def body_for_path(path: str) -> Body | None:
    """The active body a web address is under (``/<body>/...`` or ``/staff/<body>/...``), if any:
    for the error pages, so they can offer the way back to that body's pages."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["staff"]:
        parts = parts[1:]
    if not parts or parts[0] in RESERVED_SLUGS or not _SLUG.match(parts[0]) or len(parts[0]) > 60:
        return None
    try:
        return Body.objects.filter(slug=parts[0], is_active=True).first()
    except DatabaseError:  # an error page must never fail for want of the database
        return None
