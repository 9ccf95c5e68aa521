"""MarkOrderPickedUpCommand: the counter hands a ready pickup order to its customer."""

from __future__ import annotations

from dataclasses import dataclass

from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class MarkOrderPickedUpCommand(Command[OrderStatusChanged]):
    order_id: str


class MarkOrderPickedUpHandler(OrderChangeHandler, CommandHandler[MarkOrderPickedUpCommand, OrderStatusChanged]):
    def handle(self, command: MarkOrderPickedUpCommand) -> OperationResult[OrderStatusChanged]:
        return self.change(command.order_id, lambda order, now: order.mark_picked_up(at=now))
