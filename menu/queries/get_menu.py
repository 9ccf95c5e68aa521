"""GetMenuQuery: the menu grouped by category, with a price per size. Cached until the menu changes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from menu.events import MenuChanged
from menu.line_pricing import takes_halves
from menu.pricing import half_topping_price
from menu.models import Category, MenuItem, Size, Topping
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class ToppingDto:
    slug: str
    name: str
    price: Decimal
    is_available: bool

    @property
    def half_price(self) -> Decimal:
        """On one half of a pizza: half the price, rounded up to the cent."""
        return half_topping_price(self.price)


@dataclass(frozen=True)
class SizePriceDto:
    size: str
    label: str
    price: Decimal


@dataclass(frozen=True)
class MenuItemDto:
    slug: str
    name: str
    category: str
    description: str
    base_price: Decimal
    prices: tuple[SizePriceDto, ...]
    preparation_minutes: int
    is_seasonal: bool
    is_available: bool
    toppings: tuple[ToppingDto, ...]

    @property
    def has_sizes(self) -> bool:
        return len(self.prices) > 1

    @property
    def takes_halves(self) -> bool:
        """Whether the add form offers toppings on one half (half-and-half)."""
        return takes_halves(self.category, bool(self.toppings))


@dataclass(frozen=True)
class MenuCategoryDto:
    slug: str
    label: str
    items: tuple[MenuItemDto, ...]


@dataclass(frozen=True)
class MenuDto:
    categories: tuple[MenuCategoryDto, ...]
    all_categories: tuple[tuple[str, str], ...]

    @property
    def sold_out_items(self) -> tuple[str, ...]:
        return tuple(item.slug for category in self.categories for item in category.items if not item.is_available)

    @property
    def sold_out_toppings(self) -> tuple[str, ...]:
        return tuple(sorted({topping.slug for category in self.categories for item in category.items
                             for topping in item.toppings if not topping.is_available}))

    def item(self, slug: str) -> MenuItemDto | None:
        for category in self.categories:
            for item in category.items:
                if item.slug == slug:
                    return item
        return None


def canonical_category(value):
    """The app's category value for any of its names: the value (``drink``) or the plural label the
    seeds use (``drinks``, seed 000; ``Pizza``, seed 001), in any case. Anything else is returned as
    it came, for ``validate`` to refuse."""
    if not isinstance(value, str):
        return value
    key = value.strip().lower()
    return next((choice for choice, label in Category.choices if key in (choice, label.lower())), value)


@dataclass(frozen=True)
class GetMenuQuery(Query[MenuDto]):
    category: str | None = None
    include_seasonal: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "category", canonical_category(self.category))

    cache_seconds = 300
    invalidated_by = (MenuChanged,)

    def validate(self) -> dict[str, list[str]]:
        if self.category is not None and self.category not in Category.values:
            return {"category": [f"Unknown category; choose one of {', '.join(Category.values)} (or their plurals)."]}
        return {}


class GetMenuHandler(QueryHandler[GetMenuQuery, MenuDto]):
    def handle(self, query: GetMenuQuery) -> OperationResult[MenuDto]:
        items = MenuItem.objects.prefetch_related(Prefetch("allowed_toppings", queryset=Topping.objects.order_by("name")))
        if query.category:
            items = items.filter(category=query.category)
        if not query.include_seasonal:
            items = items.filter(is_seasonal=False)
        by_category: dict[str, list[MenuItemDto]] = {}
        for item in items:
            by_category.setdefault(item.category, []).append(self._item(item))
        categories = tuple(
            MenuCategoryDto(slug=value, label=label, items=tuple(by_category[value]))
            for value, label in Category.choices
            if value in by_category
        )
        return OperationResult.ok(MenuDto(categories=categories, all_categories=tuple(Category.choices)))

    @staticmethod
    def _item(item: MenuItem) -> MenuItemDto:
        return MenuItemDto(
            slug=item.slug, name=item.name, category=item.category, description=item.description,
            base_price=item.base_price,
            prices=tuple(SizePriceDto(size, Size(size).label, item.price_for(size)) for size in item.offered_sizes),
            preparation_minutes=item.preparation_minutes, is_seasonal=item.is_seasonal,
            is_available=item.is_available,
            toppings=tuple(ToppingDto(t.slug, t.name, t.price, t.is_available) for t in item.allowed_toppings.all()),
        )
