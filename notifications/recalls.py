"""Which earlier event a kitchen recall undid, read from the order's timeline."""

from __future__ import annotations

from orders.domain_events import StepRecalled
from orders.models import OrderStatus, OrderTimelineEntry

# A recall that leaves the order in this status undid the step that led out of it.
UNDONE_STEP = {OrderStatus.READY: "OrderPickedUp", OrderStatus.COOKING: "OrderReady"}


def undone_event_id(recalled: StepRecalled) -> tuple[str, str] | None:
    """(event type, event id) of the "ready" or "picked up" event ``recalled`` undid, or None
    when it undid another step (a pizza, the start of cooking).

    Replays the order's steps as a stack: each recall pops the step it undid, so a second recall
    undoes the step before (picked up, then ready).
    """
    stack: list[tuple[str, str]] = []
    entries = OrderTimelineEntry.objects.filter(
        order__public_id=recalled.aggregate_id, event_type__in=(*UNDONE_STEP.values(), "StepRecalled"),
    ).order_by("occurred_at", "pk")
    for entry in entries:
        event_id = entry.payload.get("event_id", "")
        if entry.event_type != "StepRecalled":
            stack.append((entry.event_type, event_id))
            continue
        undone_type = UNDONE_STEP.get(entry.payload.get("status_now"))
        undone = stack.pop() if stack and stack[-1][0] == undone_type else None
        if event_id == recalled.event_id:
            return undone
    return None
