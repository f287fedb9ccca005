"""``{% papers_of record public as papers %}``: the papers of one record shown on its page (a
meeting, a decision), for ``documents/_papers.html``. One query; lists of records load theirs with
``documents.selectors.papers_prefetch`` instead."""

from __future__ import annotations

from django import template

from openpcc.documents.selectors import papers_of as _papers_of

register = template.Library()


@register.simple_tag
def papers_of(record, public=True):
    if record is None or not getattr(record, "pk", None):
        return []
    return _papers_of(record, public=bool(public))
