"""What other domains add to meeting pages, without the meetings app knowing them: a section
under each agenda item (loaded with the items, in a fixed number of queries) and a button on the
staff meeting page. Decisions uses both for "Decisions by the Commissioner"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch


@dataclass
class ItemSection:
    """``prefetch()`` loads what the section shows for every item of a meeting at once; the
    template is included under each item with ``item`` in its context."""

    key: str
    prefetch: Callable[[], Prefetch]
    template: str


@dataclass
class MeetingAction:
    """A button on the staff meeting page, to ``url_name`` (taking the body's slug and the
    meeting's id), shown when ``shown(meeting, body)``."""

    label: str
    url_name: str
    shown: Callable[..., bool]


_ITEM_SECTIONS: dict[str, ItemSection] = {}
_MEETING_ACTIONS: dict[str, MeetingAction] = {}


def register_item_section(section: ItemSection) -> None:
    _ITEM_SECTIONS[section.key] = section


def item_sections() -> list[ItemSection]:
    return list(_ITEM_SECTIONS.values())


def register_meeting_action(action: MeetingAction) -> None:
    _MEETING_ACTIONS[action.url_name] = action


def meeting_actions() -> list[MeetingAction]:
    return list(_MEETING_ACTIONS.values())
