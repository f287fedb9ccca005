"""The one place the rules for payments to individuals live. A line that matches any rule is
published with the supplier as "Redacted: personal data", the reason shown, and no description
(which may name the person); the name stays with staff. An installation may replace any list
with a setting of the same name (``settings.OPENPCC_SPENDING_REDACTION``, a dict)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings

from .models import REDACTED_SUPPLIER

DEFAULTS = {
    # a supplier type or category column saying the payee is a person
    "supplier_types": ["individual", "personal", "person", "private individual", "sole trader (individual)"],
    # expense types only ever paid to people
    "expense_types": [
        "compensation payment",
        "compensation",
        "personal injury",
        "ex gratia payment",
        "witness expenses",
        "victim payment",
        "volunteer expenses",
        "independent custody visitor expenses",
        "payroll",
        "salary",
        "pension",
    ],
    # the start of a supplier name that is a person's title
    "name_prefixes": ["Mr ", "Mrs ", "Ms ", "Miss ", "Mx ", "Dr ", "Prof ", "Rev ", "Sir ", "Dame ", "Lady ", "Lord "],
}


@dataclass(frozen=True)
class Rules:
    supplier_types: tuple[str, ...]
    expense_types: tuple[str, ...]
    name_prefixes: tuple[str, ...]
    _prefix: re.Pattern = field(init=False, repr=False, compare=False)
    _types: frozenset[str] = field(init=False, repr=False, compare=False)
    _expenses: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # normalised once: the rules are applied to every line of a file
        object.__setattr__(self, "_types", frozenset(_norm(t) for t in self.supplier_types))
        object.__setattr__(self, "_expenses", frozenset(_norm(t) for t in self.expense_types))
        words = "|".join(re.escape(p.strip().rstrip(".")) for p in self.name_prefixes if p.strip())
        # "Mr J Smith", "MR. SMITH", "mrs smith": a title, an optional full stop, then a space
        object.__setattr__(self, "_prefix", re.compile(rf"^\s*(?:{words})\.?\s+\S", re.IGNORECASE))

    def reason(self, *, supplier: str, supplier_type: str = "", expense_type: str = "") -> str:
        """Why this line is redacted, or "" when it is not a payment to an individual."""
        kind = _norm(supplier_type)
        if kind and kind in self._types:
            return (
                f"Payment to an individual (supplier type “{supplier_type.strip()}”): personal data is not published."
            )
        expense = _norm(expense_type)
        if expense and expense in self._expenses:
            return f"Payment to an individual ({expense_type.strip()}): personal data is not published."
        if self._prefix.match(supplier or ""):
            return "Payment to an individual (the supplier is a person): personal data is not published."
        return ""

    def describe(self) -> list[tuple[str, list[str]]]:
        """The rules in words, for the staff preview."""
        return [
            ("Supplier type is one of", list(self.supplier_types)),
            ("Expense type is one of", list(self.expense_types)),
            ("Supplier name starts with a title", [p.strip() for p in self.name_prefixes]),
        ]


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


def rules() -> Rules:
    configured = {**DEFAULTS, **getattr(settings, "OPENPCC_SPENDING_REDACTION", {})}
    return Rules(
        supplier_types=tuple(configured["supplier_types"]),
        expense_types=tuple(configured["expense_types"]),
        name_prefixes=tuple(configured["name_prefixes"]),
    )


def public_values(*, supplier: str, description: str, reason: str) -> tuple[str, str]:
    """What the public sees of a line's supplier and description."""
    return (REDACTED_SUPPLIER, "") if reason else (supplier, description)
