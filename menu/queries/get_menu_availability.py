"""GetMenuAvailabilityQuery: every item and topping with whether it can be ordered now (the
kitchen's 86 screen), in menu order."""

from __future__ import annotations

from dataclasses import dataclass

from menu.events import MenuChanged
from menu.models import Category, MenuItem, Topping
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class AvailabilityRowDto:
    kind: str  # "item" or "topping"
    slug: str
    name: str
    group: str  # the category's label, or "Toppings"
    is_available: bool


@dataclass(frozen=True)
class MenuAvailabilityDto:
    items: tuple[AvailabilityRowDto, ...]
    toppings: tuple[AvailabilityRowDto, ...]

    @property
    def sold_out(self) -> tuple[AvailabilityRowDto, ...]:
        return tuple(row for row in (*self.items, *self.toppings) if not row.is_available)


@dataclass(frozen=True)
class GetMenuAvailabilityQuery(Query[MenuAvailabilityDto]):
    cache_seconds = 300
    invalidated_by = (MenuChanged,)


class GetMenuAvailabilityHandler(QueryHandler[GetMenuAvailabilityQuery, MenuAvailabilityDto]):
    def handle(self, query: GetMenuAvailabilityQuery) -> OperationResult[MenuAvailabilityDto]:
        labels = dict(Category.choices)
        order = {value: index for index, value in enumerate(Category.values)}
        items = sorted(MenuItem.objects.only("slug", "name", "category", "position", "is_available"),
                       key=lambda item: (order.get(item.category, len(order)), item.position, item.name))
        return OperationResult.ok(MenuAvailabilityDto(
            items=tuple(AvailabilityRowDto("item", i.slug, i.name, labels.get(i.category, i.category), i.is_available)
                        for i in items),
            toppings=tuple(AvailabilityRowDto("topping", t.slug, t.name, "Toppings", t.is_available)
                           for t in Topping.objects.only("slug", "name", "is_available").order_by("name")),
        ))
