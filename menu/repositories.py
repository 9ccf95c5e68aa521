"""Reads of the menu used by command handlers (pricing a cart or an order)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from menu.models import MenuItem, Topping


class MenuRepository:
    def items_by_slug(self, slugs: Iterable[str], *, toppings: Iterable[str] | None = None) -> dict[str, MenuItem]:
        """The items, each with its allowed toppings: all of them, or (``toppings``) only those of
        these slugs, which is all that pricing a request needs (no second query when there are none)."""
        if toppings is None:
            allowed = Topping.objects.all()
        else:
            wanted = set(toppings)
            allowed = Topping.objects.filter(slug__in=wanted) if wanted else Topping.objects.none()
        items = MenuItem.objects.filter(slug__in=set(slugs)).prefetch_related(Prefetch("allowed_toppings", queryset=allowed))
        return {item.slug: item for item in items}

    def toppings_by_slug(self, slugs: Iterable[str]) -> dict[str, Topping]:
        return {topping.slug: topping for topping in Topping.objects.filter(slug__in=set(slugs))}
