"""AssignOrderToDeliveryCommand: a driver takes a ready delivery order."""

from __future__ import annotations

from dataclasses import dataclass

from staff.directory import StaffDirectory
from orders.order_changes import OrderChangeHandler, OrderStatusChanged
from orders.repositories import OrderRepository
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class AssignOrderToDeliveryCommand(Command[OrderStatusChanged]):
    order_id: str
    driver_id: int


class AssignOrderToDeliveryHandler(OrderChangeHandler, CommandHandler[AssignOrderToDeliveryCommand, OrderStatusChanged]):
    def __init__(self, orders: OrderRepository, clock: Clock, staff: StaffDirectory) -> None:
        super().__init__(orders, clock)
        self.staff = staff

    def handle(self, command: AssignOrderToDeliveryCommand) -> OperationResult[OrderStatusChanged]:
        driver = self.staff.get(command.driver_id)
        if driver is None:
            return OperationResult.not_found("That driver has no active account.")
        name = self.staff.display_name(driver)
        return self.change(command.order_id, lambda order, now: order.assign_driver(
            driver=driver, driver_name=name, at=now))
