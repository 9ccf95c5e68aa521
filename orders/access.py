"""Who may see and who may cancel an order.

Seeing: the order's holder (the browser that placed it, its customer's account, a browser that
opened the signed link from its email, or an API client sending that link's token), Kitchen staff
and Managers (they "view all orders"), superusers, and a driver the order is assigned to (by user
id). Cancelling: the holder, Managers and superusers. Everyone else is told the order does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

from django.core import signing
from django.db.models import Q

KITCHEN, DELIVERY, MANAGER = "Kitchen", "Delivery", "Manager"
STAFF_GROUPS = (KITCHEN, DELIVERY, MANAGER)
_LINK_SALT = "orders.access-link"


class OrderKeys(Protocol):
    """What the rules read of an order (an ``Order`` has all of these)."""

    public_id: str
    browser_key: str
    customer_id: int | None
    driver_id: int | None


@dataclass(frozen=True)
class Viewer:
    browser_key: str = ""
    user_id: int | None = None
    opened_links: frozenset[str] = field(default_factory=frozenset)  # order ids this browser may see
    sees_every_order: bool = False   # Kitchen, Managers, superusers (and the app itself)
    cancels_any_order: bool = False  # Managers, superusers
    is_driver: bool = False          # Delivery: sees the orders assigned to them

    @classmethod
    def for_roles(cls, *, groups: set[str] | frozenset[str], is_superuser: bool = False, **identity) -> Viewer:
        """A signed-in viewer's rights, from their groups."""
        return cls(
            sees_every_order=is_superuser or bool({KITCHEN, MANAGER} & groups),
            cancels_any_order=is_superuser or MANAGER in groups,
            is_driver=DELIVERY in groups,
            **identity,
        )

    def with_opened_link(self, order_id: str) -> Viewer:
        return replace(self, opened_links=self.opened_links | {order_id})

    def holds(self, order: OrderKeys) -> bool:
        """The order's own customer, however they prove it."""
        return (
            (bool(self.browser_key) and self.browser_key == order.browser_key)
            or (self.user_id is not None and self.user_id == order.customer_id)
            or order.public_id in self.opened_links
        )

    def delivers(self, order: OrderKeys) -> bool:
        return self.is_driver and self.user_id is not None and self.user_id == order.driver_id

    def can_see(self, order: OrderKeys) -> bool:
        return self.sees_every_order or self.holds(order) or self.delivers(order)

    def visible_orders(self) -> Q:
        """``can_see`` as a filter on Order, for lists: every order, or those this viewer holds or delivers."""
        if self.sees_every_order:
            return Q()
        mine = Q(pk__in=[])
        if self.browser_key:
            mine |= Q(browser_key=self.browser_key)
        if self.user_id is not None:
            mine |= Q(customer_id=self.user_id)
            if self.is_driver:
                mine |= Q(driver_id=self.user_id)
        if self.opened_links:
            mine |= Q(public_id__in=sorted(self.opened_links))
        return mine

    def can_cancel(self, order: OrderKeys) -> bool:
        """Only asked once ``can_see`` is true (the others are told the order does not exist)."""
        return self.cancels_any_order or self.holds(order)


def link_token(order_id: str) -> str:
    """A token that proves the holder was sent this order's link (e.g. in the confirmation email)."""
    return signing.Signer(salt=_LINK_SALT).sign(order_id).rsplit(":", 1)[1]


def link_token_is_valid(order_id: str, token: str) -> bool:
    try:
        return signing.Signer(salt=_LINK_SALT).unsign(f"{order_id}:{token}") == order_id
    except signing.BadSignature:
        return False


SYSTEM_VIEWER = Viewer(sees_every_order=True, cancels_any_order=True)
"""The app itself (broadcasts render an order for the sockets already allowed to see it)."""
