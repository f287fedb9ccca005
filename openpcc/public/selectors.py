"""Reads for the public site's shared pages: the home pages and a body's feed, each made of what
the domains register (core.registry)."""

from __future__ import annotations

from openpcc.core.models import Body
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
