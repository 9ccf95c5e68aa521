"""Carts by browser key."""

from __future__ import annotations

from orders.models import Cart, CartLine


class CartRepository:
    def lines(self, browser_key: str) -> list[CartLine]:
        return list(
            CartLine.objects.filter(cart__browser_key=browser_key)
            .select_related("menu_item").order_by("added_at", "pk")
        )

    def get_or_create(self, browser_key: str) -> Cart:
        cart, _ = Cart.objects.get_or_create(browser_key=browser_key)
        return cart

    def line(self, browser_key: str, line_id: str) -> CartLine | None:
        return CartLine.objects.filter(cart__browser_key=browser_key, public_id=line_id).first()

    def empty(self, browser_key: str) -> None:
        CartLine.objects.filter(cart__browser_key=browser_key).delete()
