"""The golden thread: later apps (meetings, decisions, grants) register what links to a
plan priority, so the priority page lists them without the plans app knowing each one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class LinkedRecord:
    title: str
    url: str
    date: date | None = None
    meta: str = ""


@dataclass
class LinkSection:
    heading: str
    records: list[LinkedRecord] = field(default_factory=list)


_PROVIDERS: list[Callable[..., LinkSection]] = []


def register_priority_links(provider: Callable[..., LinkSection]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def priority_links(priority: object, *, public: bool = True) -> list[LinkSection]:
    """Each provider makes a fixed number of queries, so the priority page stays bounded."""
    return [provider(priority, public=public) for provider in _PROVIDERS]
