"""Events about the menu."""

from __future__ import annotations

from dataclasses import dataclass

from pizzeria.application import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MenuChanged(DomainEvent):
    """An item or topping was edited (``aggregate_id`` is its slug): menus must be re-read."""


@dataclass(frozen=True, kw_only=True)
class AvailabilityChanged(MenuChanged):
    """An item or a topping was marked sold out ("86'd") or back (``aggregate_id`` is its slug)."""

    kind: str  # "item" or "topping"
    name: str
    is_available: bool
    changed_by: str = ""
