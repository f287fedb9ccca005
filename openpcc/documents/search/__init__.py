"""One search interface over the public index, with a backend per database."""

from .backends import Hit, Results, search

__all__ = ["Hit", "Results", "search"]
