"""The kitchen board's HTML, rendered the same way for the page, the sockets and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from kitchen.queries.get_kitchen_ticket import GetKitchenTicketQuery
from pizzeria.application.mediator import get_mediator

KITCHEN_GROUP = "kitchen"

# Events after which a ticket sits in another column (or arrives): it is removed and re-added there.
# Other events change a ticket in place; an order that left the board is removed.
COLUMN_CHANGING_EVENTS = {"OrderPlaced", "CookingStarted", "OrderReady", "StepRecalled"}


def kitchen_board():
    return get_mediator().execute(GetKitchenQueueQuery()).data


def render_kitchen_board(board=None) -> str:
    """The whole board: for the page and for a (re)connecting screen."""
    return render_to_string("kitchen/board.html#board", {"board": board or kitchen_board()})


def render_ticket_update(order_id: str, event_type: str) -> str:
    """One order's change as out-of-band swaps: constant size, whatever the board holds."""
    result = get_mediator().execute(GetKitchenTicketQuery(order_id=order_id))
    if not result.is_success:
        return ""
    context = {"update": result.data, "moved": event_type in COLUMN_CHANGING_EVENTS}
    return render_to_string("kitchen/board.html#ticket-update", context)
