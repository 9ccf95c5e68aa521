"""The menu: categories, sizes, toppings and items, with what each item is offered in.

Its tables keep the names they had when the menu lived in ``orders`` (see migration 0001).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from menu.events import AvailabilityChanged
from menu.pricing import SIZE_MULTIPLIERS, size_price
from pizzeria.application.aggregates import AggregateRoot


class Category(models.TextChoices):
    PIZZA = "pizza", "Pizzas"
    APPETIZER = "appetizer", "Appetizers"
    SALAD = "salad", "Salads"
    DRINK = "drink", "Drinks"
    DESSERT = "dessert", "Desserts"


class Size(models.TextChoices):
    SMALL = "small", "Small"
    MEDIUM = "medium", "Medium"
    LARGE = "large", "Large"


# Pizzas and drinks come in three sizes; everything else in one ("medium" priced at 1.0x base).
SIZED_CATEGORIES = {Category.PIZZA, Category.DRINK}


class Topping(AggregateRoot, models.Model):
    slug = models.SlugField(unique=True, help_text="Public id used by forms and the API, e.g. extra_cheese.")
    name = models.CharField(max_length=60)
    price = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    is_available = models.BooleanField(default=True)

    class Meta:
        db_table = "orders_topping"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def set_available(self, available: bool, *, by: str = "") -> None:
        _set_available(self, "topping", available, by)


class MenuItem(AggregateRoot, models.Model):
    slug = models.SlugField(unique=True, help_text="Public id used by forms and the API, e.g. margherita.")
    name = models.CharField(max_length=80)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PIZZA)
    description = models.TextField(blank=True)
    base_price = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Price of a medium; small is 0.8x and large 1.3x.",
    )
    preparation_minutes = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    is_seasonal = models.BooleanField("seasonal", default=False)
    is_available = models.BooleanField("available", default=True)
    allowed_toppings = models.ManyToManyField(
        Topping, blank=True, related_name="menu_items", db_table="orders_menuitem_allowed_toppings"
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its category.")

    class Meta:
        db_table = "orders_menuitem"
        ordering = ["category", "position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def offered_sizes(self) -> list[str]:
        if self.category in SIZED_CATEGORIES:
            return list(SIZE_MULTIPLIERS)
        return [Size.MEDIUM]

    def price_for(self, size: str) -> Decimal:
        return size_price(self.base_price, size)

    def set_available(self, available: bool, *, by: str = "") -> None:
        _set_available(self, "item", available, by)


def _set_available(thing: MenuItem | Topping, kind: str, available: bool, by: str) -> None:
    """86 it (sold out) or bring it back; nothing happens, and no event, when nothing changes."""
    if thing.is_available == available:
        return
    thing.is_available = available
    thing.record_event(AvailabilityChanged(aggregate_id=thing.slug, kind=kind, name=thing.name,
                                           is_available=available, changed_by=by))
