"""MarkOrderReadyCommand: the whole order is ready, even if pizzas were not marked one by one."""

from __future__ import annotations

from dataclasses import dataclass

from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class MarkOrderReadyCommand(Command[OrderStatusChanged]):
    order_id: str


class MarkOrderReadyHandler(OrderChangeHandler, CommandHandler[MarkOrderReadyCommand, OrderStatusChanged]):
    def handle(self, command: MarkOrderReadyCommand) -> OperationResult[OrderStatusChanged]:
        return self.change(command.order_id, lambda order, now: order.mark_ready(at=now))
