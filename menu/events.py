"""Events about the menu."""

from __future__ import annotations

from dataclasses import dataclass

from pizzeria.application import DomainEvent


@dataclass(frozen=True, kw_only=True)
class MenuChanged(DomainEvent):
    """An item or topping was edited (``aggregate_id`` is its slug): menus must be re-read."""
