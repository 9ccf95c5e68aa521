"""A staff board column holds a screenful: the oldest tickets that fit, and the exact count.

Shared by the kitchen and delivery boards. A column shows at most ``BOARD_COLUMN_LIMIT`` tickets
and at most ``BOARD_COLUMN_BYTES`` of estimated ticket HTML, oldest first (what is worked on next);
the rest are counted, never dropped silently ("+N more · showing the N oldest").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings

T = TypeVar("T")

# Characters that HTML escaping turns into entities of up to 6 bytes (&quot; &#x27; &amp; ...).
_ESCAPED = "&<>\"'"

NOTE_PREVIEW_CHARS = 120  # a longer note shows its start; the whole text sits in a <details>

# Used when ``settings.PIZZERIA`` leaves a limit out (e.g. a test's override of the whole dict).
DEFAULT_LIMITS = {"BOARD_COLUMN_LIMIT": 12, "BOARD_TICKET_LINES": 8, "BOARD_COLUMN_BYTES": 18_000}


@dataclass(frozen=True)
class BoardLimits:
    tickets: int
    lines: int
    column_bytes: int

    @classmethod
    def from_settings(cls) -> BoardLimits:
        pizzeria = {**DEFAULT_LIMITS, **settings.PIZZERIA}
        return cls(tickets=max(1, int(pizzeria["BOARD_COLUMN_LIMIT"])), lines=max(1, int(pizzeria["BOARD_TICKET_LINES"])),
                   column_bytes=max(1, int(pizzeria["BOARD_COLUMN_BYTES"])))


@dataclass(frozen=True)
class BoardColumnDto(Generic[T]):
    key: str
    label: str
    tickets: tuple[T, ...]  # the oldest that fit a screenful, oldest first
    total: int              # every ticket in this column, shown or not

    @property
    def hidden(self) -> int:
        return self.total - len(self.tickets)

    def __iter__(self):  # (key, label, tickets): the shape templates and callers used before
        return iter((self.key, self.label, self.tickets))


def html_bytes(text: str) -> int:
    """An upper bound of ``text``'s size once HTML-escaped and UTF-8 encoded."""
    return len(text.encode()) + 5 * sum(text.count(c) for c in _ESCAPED)


def clip(text: str, chars: int = NOTE_PREVIEW_CHARS) -> tuple[str, bool]:
    """(the start of ``text`` to show, whether it was cut)."""
    if len(text) <= chars:
        return text, False
    return text[:chars].rstrip() + "…", True


class ClippedNotes:
    """For a ticket DTO with ``notes``: the start a card shows, and whether the rest is folded away."""

    notes: str

    @property
    def notes_preview(self) -> str:
        return clip(self.notes)[0]

    @property
    def notes_clipped(self) -> bool:
        return clip(self.notes)[1]


def screenful(tickets: Iterable[T], *, weight: Callable[[T], int], limits: BoardLimits) -> tuple[T, ...]:
    """The oldest tickets that fit the column: by count, then by weight (the oldest always shows)."""
    shown: list[T] = []
    used = 0
    for ticket in tickets:
        if len(shown) >= limits.tickets:
            break
        cost = weight(ticket)
        if shown and used + cost > limits.column_bytes:
            break
        shown.append(ticket)
        used += cost
    return tuple(shown)


def column(key: str, label: str, candidates: Sequence[T], total: int, *, weight: Callable[[T], int],
           limits: BoardLimits) -> BoardColumnDto[T]:
    return BoardColumnDto(key=key, label=label, tickets=screenful(candidates, weight=weight, limits=limits),
                          total=total)
