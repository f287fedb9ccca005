"""Reads every app shares: the public body lookup and the staff's bodies."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import Body


def body_public_get(*, slug: str) -> Body:
    body = Body.objects.filter(slug=slug, is_active=True).first()
    if body is None:
        raise Http404("There is no body with that address.")
    return body


def body_public_list() -> QuerySet[Body]:
    return Body.objects.filter(is_active=True).order_by("name")
