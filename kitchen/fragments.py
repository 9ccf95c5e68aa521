"""The kitchen board's HTML, rendered the same way for the page, the sockets and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from kitchen.stations import EXPO
from kitchen.queries.get_kitchen_ticket import GetKitchenTicketQuery
from pizzeria.application.mediator import get_mediator

KITCHEN_GROUP = "kitchen"

# Events after which a ticket sits in another column, arrives or leaves, with the columns it may
# have left (besides the one it is in now). Those columns are re-sent whole: a ticket leaving a
# full column lets the next hidden one into view, and one arriving takes its place by age.
# A new order is the newest ticket: added at the end of New when it fits the screenful, otherwise
# only counted. Other events change a ticket in place (when it is on screen).
COLUMNS_LEFT = {
    "CookingStarted": ("new",),
    "OrderReady": ("cooking",),
    "OrderPickedUp": ("ready",),
    "OrderOutForDelivery": ("ready",),
    "OrderCancelled": ("new",),
}
# A recall moves a ticket back one column (or keeps it in place): it left the next column along.
RECALLED_FROM = {"new": ("cooking",), "cooking": ("ready",), "ready": ()}
COLUMN_CHANGING_EVENTS = {*COLUMNS_LEFT, "StepRecalled"}
PLACED = "OrderPlaced"
# In-place changes that resize a ticket (a line's button goes, a driver's name comes): its column's
# screenful may gain or lose its last ticket, so a shown ticket's whole column is re-sent.
RESIZING_EVENTS = {"PizzaReady", "DriverAssigned"}


def kitchen_board(view: str = ""):
    """The board as a screen shows it: everything, one station's work, or the expo (all of it; the
    page shows the expo only the Ready column)."""
    station = "" if view == EXPO else view
    return get_mediator().execute(GetKitchenQueueQuery(station=station)).data


def render_kitchen_board(board=None, *, view: str = "") -> str:
    """The whole board: for the page and for a (re)connecting screen."""
    return render_to_string("kitchen/board.html#board", {"board": board or kitchen_board(view), "view": view})


def render_ticket_update(order_id: str, event_type: str) -> str:
    """One order's change as out-of-band swaps, bounded by a few columns' screenfuls."""
    mediator = get_mediator()
    if event_type == "StepRecalled":
        # Which column it came from depends on where it is now: one query to learn, then the update.
        probe = mediator.execute(GetKitchenTicketQuery(order_id=order_id))
        if not probe.is_success:
            return ""
        left = RECALLED_FROM.get(probe.data.column, ())
    else:
        left = COLUMNS_LEFT.get(event_type, ())
    result = mediator.execute(GetKitchenTicketQuery(order_id=order_id, columns=left))
    if not result.is_success:
        return ""
    update = result.data
    if event_type in COLUMN_CHANGING_EVENTS:
        columns = update.columns
    elif event_type in RESIZING_EVENTS and update.is_shown:
        columns = update.columns[:1]
    else:
        columns = ()
    in_place = not columns and event_type != PLACED and update.is_shown
    context = {
        "update": update,
        "columns": columns,
        "appended_ticket": update.ticket if event_type == PLACED and update.is_shown else None,
        "more_column": update.columns[0] if event_type == PLACED and update.columns else None,  # "+N more"
        "changed_ticket": update.ticket if in_place else None,
    }
    return render_to_string("kitchen/board.html#ticket-update", context)
