"""MarkOrderDeliveredCommand: the customer has their pizza."""

from __future__ import annotations

from dataclasses import dataclass

from orders.models import IllegalTransition
from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class MarkOrderDeliveredCommand(Command[OrderStatusChanged]):
    order_id: str
    driver_id: int | None = None  # when a driver acts, only their own delivery


class MarkOrderDeliveredHandler(OrderChangeHandler, CommandHandler[MarkOrderDeliveredCommand, OrderStatusChanged]):
    def handle(self, command: MarkOrderDeliveredCommand) -> OperationResult[OrderStatusChanged]:
        def deliver(order, now):
            if command.driver_id is not None and order.driver_id not in (None, command.driver_id):
                raise IllegalTransition(f"Order #{order.pk} is being delivered by {order.driver_name}.")
            order.mark_delivered(at=now)

        return self.change(command.order_id, deliver)
