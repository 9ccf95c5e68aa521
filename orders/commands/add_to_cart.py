"""AddToCartCommand: put a customised item in the browser's cart (checked against the menu)."""

from __future__ import annotations

from dataclasses import dataclass

from orders.cart_repository import CartRepository
from orders.commands.place_order import MAX_LINES, OrderLineRequest
from menu.line_pricing import MenuPricer
from orders.models import CartLine
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class AddToCartCommand(Command[str]):
    browser_key: str
    line: OrderLineRequest

    def validate(self) -> dict[str, list[str]]:
        return self.line.validate()


class AddToCartHandler(CommandHandler[AddToCartCommand, str]):
    def __init__(self, carts: CartRepository, pricer: MenuPricer) -> None:
        self.carts, self.pricer = carts, pricer

    def handle(self, command: AddToCartCommand) -> OperationResult[str]:
        (priced,), problems = self.pricer.price([command.line])
        if problems:
            field_errors = {field: [message] for field, message in problems[0].items()}
            return OperationResult.bad_request(next(iter(field_errors.values()))[0], field_errors=field_errors)
        if len(self.carts.lines(command.browser_key)) >= MAX_LINES:
            return OperationResult.conflict(f"Your cart is full ({MAX_LINES} lines). Check out or remove something.")
        line = CartLine.objects.create(
            cart=self.carts.get_or_create(command.browser_key), menu_item=priced.menu_item, size=priced.size,
            topping_slugs=[t.slug for t in priced.toppings], quantity=priced.quantity,
            left_topping_slugs=[t.slug for t in priced.left_toppings],
            right_topping_slugs=[t.slug for t in priced.right_toppings],
            special_instructions=priced.special_instructions,
        )
        self.carts.changed(command.browser_key)
        return OperationResult.created(line.public_id)
