"""RemoveFromCartCommand: take a line out of the browser's cart."""

from __future__ import annotations

from dataclasses import dataclass

from orders.cart_repository import CartRepository
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class RemoveFromCartCommand(Command[None]):
    browser_key: str
    line_id: str


class RemoveFromCartHandler(CommandHandler[RemoveFromCartCommand, None]):
    def __init__(self, carts: CartRepository) -> None:
        self.carts = carts

    def handle(self, command: RemoveFromCartCommand) -> OperationResult[None]:
        line = self.carts.line(command.browser_key, command.line_id)
        if line is None:
            return OperationResult.not_found("That item is no longer in your cart.")
        line.delete()
        self.carts.changed(command.browser_key)
        return OperationResult.ok()
