"""Template filters and tags every app may use."""

from __future__ import annotations

from datetime import timedelta

from django import template

from openpcc.core.navigation import body_open_data

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A period in words: "15 minutes", "1 hour", "2 hours 30 minutes"."""
    if not value:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@register.simple_tag
def open_data_for(body) -> list[dict]:
    """The open data files a body's domains publish (core.navigation.register_open_data)."""
    return body_open_data(body)
