"""The live parts of the customer's pages (an order, the menu), rendered for the page, its socket and
broadcasts."""

from __future__ import annotations

from dataclasses import replace

from django.template.loader import render_to_string

from menu.queries.get_menu import GetMenuQuery
from orders.access import SYSTEM_VIEWER, Viewer
from orders.queries.get_eta import GetEtaQuery
from orders.queries.get_online_ordering import GetOnlineOrderingQuery
from orders.queries.get_order_status import GetOrderStatusQuery, OrderDetailsDto
from pizzeria.application.mediator import get_mediator


def order_group(order_id: str, *, may_cancel: bool = True) -> str:
    """The sockets watching an order: those who may cancel it see the Cancel button, the others
    (kitchen staff, the order's driver) the same card without it."""
    return f"order-{order_id}" if may_cancel else f"order-{order_id}.view"


def _render(order: OrderDetailsDto) -> str:
    context = {"order": order}
    return (render_to_string("orders/order_detail.html#order-status", context)
            + render_to_string("orders/order_detail.html#order-timeline", context))


def render_order_live_parts(order_id: str, *, viewer: Viewer = SYSTEM_VIEWER) -> str:
    """The status card and the timeline, as two top-level elements swapped by id, as ``viewer`` sees them."""
    result = get_mediator().execute(GetOrderStatusQuery(order_id=order_id, viewer=viewer))
    if not result.is_success:
        return ""
    return _render(result.data)


def render_order_broadcast(order_id: str) -> list[tuple[str, str]]:
    """(group, html) for every audience of the order: one query, at most two renders."""
    result = get_mediator().execute(GetOrderStatusQuery(order_id=order_id, viewer=SYSTEM_VIEWER))
    if not result.is_success:
        return []
    with_cancel = _render(result.data)
    without = _render(replace(result.data, viewer_may_cancel=False)) if result.data.can_cancel else with_cancel
    return [(order_group(order_id), with_cancel), (order_group(order_id, may_cancel=False), without)]


MENU_STREAM = "menu"


def render_menu_live() -> str:
    """What open menus update live: busy mode's notice and the sold-out marks (shared by every
    customer: nothing in it is per person)."""
    mediator = get_mediator()
    context = {"menu": mediator.execute(GetMenuQuery()).data, "ordering": mediator.execute(GetOnlineOrderingQuery()).data,
               "eta": mediator.execute(GetEtaQuery()).data}
    return (render_to_string("orders/menu.html#ordering-status", context)
            + render_to_string("orders/menu.html#menu-availability", context)
            + render_to_string("orders/menu.html#eta-banner", context))


def render_eta_banner() -> str:
    """The promise shown before paying (one ordinary pizza), after the queue changed."""
    return render_to_string("orders/menu.html#eta-banner", {"eta": get_mediator().execute(GetEtaQuery()).data})
