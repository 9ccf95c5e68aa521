"""ClaimBrowserOrdersCommand: on sign-in, orders this browser placed as a guest join the account."""

from __future__ import annotations

from dataclasses import dataclass

from orders.models import Order
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class ClaimBrowserOrdersCommand(Command[int]):
    browser_key: str
    user_id: int


class ClaimBrowserOrdersHandler(CommandHandler[ClaimBrowserOrdersCommand, int]):
    def handle(self, command: ClaimBrowserOrdersCommand) -> OperationResult[int]:
        if not command.browser_key:
            return OperationResult.ok(0)
        claimed = Order.objects.filter(browser_key=command.browser_key, customer__isnull=True).update(
            customer_id=command.user_id
        )
        return OperationResult.ok(claimed)
