"""CancelOrderCommand: the order's holder (or a manager) cancels an order the kitchen has not started."""

from __future__ import annotations

from dataclasses import dataclass

from orders.access import Viewer
from orders.models import Order
from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from orders.validation import text_errors
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class CancelOrderCommand(Command[OrderStatusChanged]):
    order_id: str
    reason: str = ""
    viewer: Viewer | None = None  # who asks (every front door passes it); None: the pizzeria itself

    def validate(self) -> dict[str, list[str]]:
        if problems := text_errors(self.reason, label="Reason", max_length=200):
            return {"reason": problems}
        return {}


class CancelOrderHandler(OrderChangeHandler, CommandHandler[CancelOrderCommand, OrderStatusChanged]):
    def refusal(self, order: Order, viewer: Viewer) -> str:
        if viewer.can_cancel(order):
            return ""
        return f"Only the customer who placed order #{order.pk} or a manager can cancel it."

    def handle(self, command: CancelOrderCommand) -> OperationResult[OrderStatusChanged]:
        return self.change(
            command.order_id, lambda order, now: order.cancel(reason=command.reason.strip(), at=now),
            viewer=command.viewer,
        )
