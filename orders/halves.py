"""Toppings on the whole pizza, its left half and its right half: one value every screen and
receipt shows the same way ("+ Olives · Left half: Mushrooms · Right half: Pepperoni")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEFT, RIGHT, WHOLE = "left", "right", "whole"
HALF_LABELS = {LEFT: "Left half", RIGHT: "Right half"}
PLAIN_HALF = "nothing extra"


@dataclass(frozen=True)
class ToppingHalves:
    whole: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()

    @classmethod
    def from_order_toppings(cls, toppings: Iterable[Mapping]) -> ToppingHalves:
        """From an OrderLine's JSON, [{slug, name, price, half?}], ``half`` absent (or "whole") for the whole pizza."""
        placed: dict[str, list[str]] = {WHOLE: [], LEFT: [], RIGHT: []}
        for topping in toppings or ():
            placed.get(topping.get("half") or WHOLE, placed[WHOLE]).append(topping.get("name", ""))
        return cls(whole=tuple(placed[WHOLE]), left=tuple(placed[LEFT]), right=tuple(placed[RIGHT]))

    @property
    def is_split(self) -> bool:
        return bool(self.left or self.right)

    @property
    def names(self) -> tuple[str, ...]:
        """Every topping, wherever it goes."""
        return self.whole + self.left + self.right

    def __bool__(self) -> bool:
        return bool(self.names)

    @property
    def halves(self) -> tuple[tuple[str, str, str], ...]:
        """(side, label, "A, B" or "nothing extra") for each half of a split pizza; () when not split."""
        if not self.is_split:
            return ()
        return tuple((side, HALF_LABELS[side], ", ".join(names) or PLAIN_HALF)
                     for side, names in ((LEFT, self.left), (RIGHT, self.right)))

    def __str__(self) -> str:
        parts = [f"+ {', '.join(self.whole)}"] if self.whole else []
        parts += [f"{label}: {names}" for _side, label, names in self.halves]
        return " · ".join(parts)
