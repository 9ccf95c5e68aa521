"""MarkPizzaReadyCommand: one line of an order is out of the oven (the last one readies the order)."""

from __future__ import annotations

from dataclasses import dataclass

from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class MarkPizzaReadyCommand(Command[OrderStatusChanged]):
    order_id: str
    pizza_index: int  # position of the line in the order, from 0

    def validate(self) -> dict[str, list[str]]:
        if isinstance(self.pizza_index, bool) or not isinstance(self.pizza_index, int) or self.pizza_index < 0:
            return {"pizza_index": ["Say which pizza (0 for the first line)."]}
        return {}


class MarkPizzaReadyHandler(OrderChangeHandler, CommandHandler[MarkPizzaReadyCommand, OrderStatusChanged]):
    def handle(self, command: MarkPizzaReadyCommand) -> OperationResult[OrderStatusChanged]:
        return self.change(command.order_id, lambda order, now: order.mark_line_ready(position=command.pizza_index, at=now))
