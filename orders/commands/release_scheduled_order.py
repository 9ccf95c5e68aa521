"""ReleaseScheduledOrderCommand: a scheduled order's lead time has come — put it on the kitchen board.

Run by the task ``orders.tasks.release_scheduled_order`` at the release time. The board itself
shows an order by time (``orders.scheduling.released``); this command raises the event that makes
every kitchen screen learn of it: its frame where the committing process has the sockets, and
otherwise the kitchen stream's bumped number, which the heartbeat of every Daphne process reads
(a screen behind it resyncs and finds the order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from orders.models import ACTIVE_STATUSES, OrderTimelineEntry
from orders.repositories import OrderRepository
from orders.scheduling import ScheduleSettings, release_at
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class ReleaseOutcome:
    order_id: str
    released: bool        # False: nothing to do (cancelled, finished, not scheduled, done before)
    release_at: datetime | None
    reason: str = ""


@dataclass(frozen=True)
class ReleaseScheduledOrderCommand(Command[ReleaseOutcome]):
    order_id: str

    def validate(self) -> dict[str, list[str]]:
        if not isinstance(self.order_id, str) or not 0 < len(self.order_id) <= 32:
            return {"order_id": ["Give the order's id."]}
        return {}


class ReleaseScheduledOrderHandler(CommandHandler[ReleaseScheduledOrderCommand, ReleaseOutcome]):
    def __init__(self, orders: OrderRepository, clock: Clock) -> None:
        self.orders, self.clock = orders, clock

    def handle(self, command: ReleaseScheduledOrderCommand) -> OperationResult[ReleaseOutcome]:
        order = self.orders.get(command.order_id, for_update=True)
        if order is None:
            return OperationResult.not_found(f"There is no order {command.order_id}.")
        if order.scheduled_for is None:
            return OperationResult.ok(ReleaseOutcome(order.public_id, False, None, "not scheduled"))
        due = release_at(order.scheduled_for, ScheduleSettings.from_settings())
        if order.status not in ACTIVE_STATUSES:
            return OperationResult.ok(ReleaseOutcome(order.public_id, False, due, order.get_status_display().lower()))
        if self.clock.now() < due:
            return OperationResult.conflict(f"Order #{order.pk} is released at {due.isoformat()}, not yet.")
        if OrderTimelineEntry.objects.filter(order=order, event_type="OrderReleasedToKitchen").exists():
            return OperationResult.ok(ReleaseOutcome(order.public_id, False, due, "already released"))
        order.release_to_kitchen(at=self.clock.now())
        self.orders.save(order)
        return OperationResult.ok(ReleaseOutcome(order.public_id, True, due))
