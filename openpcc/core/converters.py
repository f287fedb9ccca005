"""URL converters shared by every app."""

from __future__ import annotations


class RecordId:
    """A record's id in a URL: at most 18 digits, so it always fits the database's 64-bit key (a
    longer number is a 404 like any other unknown record, never an overflow)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
