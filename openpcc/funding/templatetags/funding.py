"""``{{ amount|pounds }}``: money as the funding pages show it (£1,234.50; £1,234 for whole pounds)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from openpcc.funding.models import pounds as _pounds

register = template.Library()


@register.filter
def pounds(value) -> str:
    if value is None or value == "":
        return "–"
    return _pounds(Decimal(value))


@register.filter
def money(value) -> str:
    """Always pounds and pence, as a board paper appendix gives them: £3,460,000.00."""
    if value is None or value == "":
        return "–"
    return f"£{Decimal(value):,.2f}"
