"""StartCookingCommand: a cook takes an order; the estimate defaults from its items."""

from __future__ import annotations

from dataclasses import dataclass

from staff.directory import StaffDirectory
from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from orders.repositories import OrderRepository
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult

MAX_ESTIMATE_MINUTES = 180


@dataclass(frozen=True)
class StartCookingCommand(Command[OrderStatusChanged]):
    order_id: str
    cook_id: int | None = None
    cook_name: str = ""  # used when the cook has no account (e.g. an API client's staff id)
    estimated_cooking_time_minutes: int | None = None

    def validate(self) -> dict[str, list[str]]:
        minutes = self.estimated_cooking_time_minutes
        if minutes is not None and (
            isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_ESTIMATE_MINUTES
        ):
            return {"estimated_cooking_time_minutes": [f"The estimate must be 1 to {MAX_ESTIMATE_MINUTES} minutes."]}
        if self.cook_id is None and not (isinstance(self.cook_name, str) and self.cook_name.strip()):
            return {"cook": ["Say who is cooking."]}
        return {}


class StartCookingHandler(OrderChangeHandler, CommandHandler[StartCookingCommand, OrderStatusChanged]):
    def __init__(self, orders: OrderRepository, clock: Clock, staff: StaffDirectory) -> None:
        super().__init__(orders, clock)
        self.staff = staff

    def handle(self, command: StartCookingCommand) -> OperationResult[OrderStatusChanged]:
        cook = self.staff.get(command.cook_id)
        if command.cook_id is not None and cook is None:
            return OperationResult.not_found("That cook has no active account.")
        cook_name = self.staff.display_name(cook) if cook else command.cook_name.strip()

        def start(order, now):
            minutes = command.estimated_cooking_time_minutes or default_cooking_minutes(order)
            order.start_cooking(cook=cook, cook_name=cook_name, estimated_minutes=minutes, at=now)

        return self.change(command.order_id, start)


def default_cooking_minutes(order) -> int:
    """The slowest item's preparation time, plus 2 minutes for each further piece in the oven."""
    lines = order.line_list
    slowest = max(line.menu_item.preparation_minutes for line in lines)
    pieces = sum(line.quantity for line in lines)
    return slowest + 2 * (pieces - 1)
