"""ChangeCartQuantityCommand: set how many of a cart line the customer wants."""

from __future__ import annotations

from dataclasses import dataclass

from orders.cart_repository import CartRepository
from orders.commands.place_order import MAX_QUANTITY
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class ChangeCartQuantityCommand(Command[int]):
    browser_key: str
    line_id: str
    quantity: int

    def validate(self) -> dict[str, list[str]]:
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or not 1 <= self.quantity <= MAX_QUANTITY:
            return {"quantity": [f"Quantity must be a whole number from 1 to {MAX_QUANTITY}."]}
        return {}


class ChangeCartQuantityHandler(CommandHandler[ChangeCartQuantityCommand, int]):
    def __init__(self, carts: CartRepository) -> None:
        self.carts = carts

    def handle(self, command: ChangeCartQuantityCommand) -> OperationResult[int]:
        line = self.carts.line(command.browser_key, command.line_id)
        if line is None:
            return OperationResult.not_found("That item is no longer in your cart.")
        line.quantity = command.quantity
        line.save(update_fields=["quantity"])
        self.carts.changed(command.browser_key)
        return OperationResult.ok(line.quantity)
