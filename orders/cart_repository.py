"""Carts by browser key."""

from __future__ import annotations

from django.db.models import F

from orders.models import Cart, CartLine


class CartRepository:
    def lines(self, browser_key: str) -> list[CartLine]:
        return list(
            CartLine.objects.filter(cart__browser_key=browser_key)
            .select_related("menu_item").order_by("added_at", "pk")
        )

    def find(self, browser_key: str) -> Cart | None:
        return Cart.objects.filter(browser_key=browser_key).first() if browser_key else None

    def get_or_create(self, browser_key: str) -> Cart:
        cart, _ = Cart.objects.get_or_create(browser_key=browser_key)
        return cart

    def lock(self, browser_key: str) -> Cart | None:
        """The cart, row-locked until the transaction ends (SQLite's write lock is already held)."""
        return Cart.objects.select_for_update().filter(browser_key=browser_key).first() if browser_key else None

    def line(self, browser_key: str, line_id: str) -> CartLine | None:
        return CartLine.objects.filter(cart__browser_key=browser_key, public_id=line_id).first()

    def changed(self, browser_key: str) -> None:
        """Record that the cart's contents changed (a checkout opened before now is out of date)."""
        Cart.objects.filter(browser_key=browser_key).update(version=F("version") + 1)

    def consume(self, cart: Cart, *, order_id: str) -> None:
        """The cart became order ``order_id``: empty it, in the order's transaction."""
        CartLine.objects.filter(cart=cart).delete()
        Cart.objects.filter(pk=cart.pk).update(version=F("version") + 1, ordered_as=order_id)
