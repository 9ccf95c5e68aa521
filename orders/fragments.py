"""The live parts of the customer's order page, rendered for the page, its socket and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from orders.access import SYSTEM_VIEWER
from orders.queries.get_order_status import GetOrderStatusQuery
from pizzeria.application.mediator import get_mediator


def order_group(order_id: str) -> str:
    return f"order-{order_id}"


def render_order_live_parts(order_id: str) -> str:
    """The status card and the timeline, as two top-level elements swapped by id."""
    result = get_mediator().execute(GetOrderStatusQuery(order_id=order_id, viewer=SYSTEM_VIEWER))
    if not result.is_success:
        return ""
    context = {"order": result.data}
    return (render_to_string("orders/order_detail.html#order-status", context)
            + render_to_string("orders/order_detail.html#order-timeline", context))
