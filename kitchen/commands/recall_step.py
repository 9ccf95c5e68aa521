"""RecallStepCommand: undo a ticket's last step within a short window (a mis-tap on the tablet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class RecallStepCommand(Command[OrderStatusChanged]):
    order_id: str


class RecallStepHandler(OrderChangeHandler, CommandHandler[RecallStepCommand, OrderStatusChanged]):
    def handle(self, command: RecallStepCommand) -> OperationResult[OrderStatusChanged]:
        window = timedelta(seconds=settings.PIZZERIA["RECALL_SECONDS"])
        return self.change(command.order_id, lambda order, now: order.recall_last_step(at=now, window=window))
