"""The shared path of every command that moves an existing order through its states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from orders.access import Viewer
from orders.models import IllegalTransition, Order
from orders.repositories import OrderRepository
from orders.services import Clock
from pizzeria.application import OperationResult


@dataclass(frozen=True)
class OrderStatusChanged:
    order_id: str
    number: int
    status: str
    estimated_ready_at: datetime


class OrderChangeHandler:
    """Base for handlers that lock an order, apply one domain method, and save it."""

    def __init__(self, orders: OrderRepository, clock: Clock) -> None:
        self.orders, self.clock = orders, clock

    def refusal(self, order: Order, viewer: Viewer) -> str:
        """Why ``viewer``, who may see ``order``, may not make this change ("" when they may)."""
        return ""

    def change(
        self, order_id: str, apply: Callable[[Order, datetime], None], *, viewer: Viewer | None = None,
    ) -> OperationResult[OrderStatusChanged]:
        """``viewer`` (when a person acts through a front door) must be allowed to see the order, or it
        is "not found"; one who sees it but may not make the change is refused (403)."""
        order = self.orders.get(order_id, for_update=True)
        if order is None or (viewer is not None and not viewer.can_see(order)):
            return OperationResult.not_found(f"There is no order {order_id}.")
        if viewer is not None and (refused := self.refusal(order, viewer)):
            return OperationResult.forbidden(refused)
        try:
            apply(order, self.clock.now())
        except IllegalTransition as refused:
            return OperationResult.conflict(str(refused))
        self.orders.save(order)
        return OperationResult.ok(OrderStatusChanged(
            order_id=order.public_id, number=order.pk, status=order.status,
            estimated_ready_at=order.estimated_ready_at,
        ))
