"""Reads of the menu used by command handlers (pricing a cart or an order)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from menu.models import MenuItem, Topping


class MenuRepository:
    def items_by_slug(self, slugs: Iterable[str]) -> dict[str, MenuItem]:
        items = MenuItem.objects.filter(slug__in=set(slugs)).prefetch_related(
            Prefetch("allowed_toppings", queryset=Topping.objects.all())
        )
        return {item.slug: item for item in items}

    def toppings_by_slug(self, slugs: Iterable[str]) -> dict[str, Topping]:
        return {topping.slug: topping for topping in Topping.objects.filter(slug__in=set(slugs))}
