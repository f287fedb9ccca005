"""Template tags for plan pages."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def status_badge(status) -> SafeString:
    """A delivery status as a coloured label: a DeliveryStatus, or the dict a snapshot keeps.
    A tag rather than an included template: plan pages show it by the hundred."""
    if not status:
        return mark_safe('<span class="opcc-status opcc-status--none">No status reported</span>')
    if isinstance(status, dict):
        colour, label = status.get("colour", ""), status.get("label", "")
        colour_label = status.get("colour_label") or colour
    else:
        colour, label, colour_label = status.colour, status.label, status.colour_label
    return format_html(
        '<span class="opcc-status opcc-status--{}">{}: {}</span>',
        colour,
        (colour_label or "")[:1].upper() + (colour_label or "")[1:],
        label,
    )
