"""Kitchen stations: each menu category's items are made at one station (settings
PIZZERIA["STATIONS"]), and a screen can show one station's work, or the expo's hand-off view."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

DEFAULT_STATIONS = {
    "oven": ("Oven", ("pizza", "appetizer")),
    "cold": ("Cold", ("salad", "drink")),
    "desserts": ("Desserts", ("dessert",)),
}
EXPO = "expo"  # not a station: the orders whose items are all ready, for the hand-off


@dataclass(frozen=True)
class StationDto:
    key: str
    label: str
    categories: tuple[str, ...]


def stations() -> tuple[StationDto, ...]:
    configured = settings.PIZZERIA.get("STATIONS", DEFAULT_STATIONS)
    return tuple(StationDto(key, label, tuple(categories)) for key, (label, categories) in configured.items())


def station(key: str) -> StationDto | None:
    return next((s for s in stations() if s.key == key), None)


def is_view(key: str) -> bool:
    """A board view a screen may ask for: "" (everything), a station, or the expo."""
    return key in ("", EXPO) or station(key) is not None
