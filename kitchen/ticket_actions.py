"""What the kitchen may do with a ticket right now, asked of the Order aggregate's own rules.

The board renders exactly these buttons, so a button is offered only when the command behind it
would be accepted (the domain remains the judge when it is pressed).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from orders.models import ALLOWED_TRANSITIONS, Fulfilment, Order, OrderStatus

START = "start"
PIZZA_READY = "pizza_ready"  # per line: see ``line_can_be_marked_ready``
READY = "ready"
PICKED_UP = "picked_up"
RECALL = "recall"


def _may_move(order: Order, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(order.status, set())


def kitchen_actions(order: Order, *, now: datetime, recall_window: timedelta) -> frozenset[str]:
    actions = set()
    if order.status != OrderStatus.COOKING and _may_move(order, OrderStatus.COOKING):
        actions.add(START)
    if order.status == OrderStatus.COOKING:
        actions.add(PIZZA_READY)
    if _may_move(order, OrderStatus.READY):
        actions.add(READY)
    if order.fulfilment == Fulfilment.PICKUP and _may_move(order, OrderStatus.PICKED_UP):
        actions.add(PICKED_UP)
    if can_recall(order, now=now, window=recall_window):
        actions.add(RECALL)
    return frozenset(actions)


def can_recall(order: Order, *, now: datetime, window: timedelta) -> bool:
    """The aggregate's recall rule: a last kitchen step exists (none once a driver has the order)
    and it was taken within the window. ``_last_kitchen_step`` is the very function
    ``Order.recall_last_step`` consults, called without running its undo."""
    step_at, _undo, _description = order._last_kitchen_step()
    return step_at is not None and now - step_at <= window


def line_can_be_marked_ready(order: Order, line) -> bool:
    return order.status == OrderStatus.COOKING and not line.is_ready
