"""Who may see an order: the browser that placed it, its account, a browser that opened the
signed link from its email, or pizzeria staff. Everyone else gets "not found"."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing

STAFF_GROUPS = ("Kitchen", "Delivery", "Manager")
_LINK_SALT = "orders.access-link"


@dataclass(frozen=True)
class Viewer:
    browser_key: str = ""
    user_id: int | None = None
    is_staff: bool = False
    opened_links: frozenset[str] = field(default_factory=frozenset)  # order ids this browser may see

    def can_see(self, *, order_id: str, browser_key: str, customer_id: int | None) -> bool:
        return (
            self.is_staff
            or (bool(self.browser_key) and self.browser_key == browser_key)
            or (self.user_id is not None and self.user_id == customer_id)
            or order_id in self.opened_links
        )


def link_token(order_id: str) -> str:
    """A token that proves the holder was sent this order's link (e.g. in the confirmation email)."""
    return signing.Signer(salt=_LINK_SALT).sign(order_id).rsplit(":", 1)[1]


def link_token_is_valid(order_id: str, token: str) -> bool:
    try:
        return signing.Signer(salt=_LINK_SALT).unsign(f"{order_id}:{token}") == order_id
    except signing.BadSignature:
        return False


SYSTEM_VIEWER = Viewer(is_staff=True)
"""The app itself (broadcasts render an order for the sockets already allowed to see it)."""

