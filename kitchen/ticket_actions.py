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
    if order.can_recall(at=now, window=recall_window):
        actions.add(RECALL)
    return frozenset(actions)


def line_can_be_marked_ready(order: Order, line) -> bool:
    return order.status == OrderStatus.COOKING and not line.is_ready
