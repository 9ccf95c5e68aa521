"""ListOrdersQuery: the orders a viewer may see, newest first, optionally of one status.

Seed 003 ("Controller Security"): staff see all orders, a customer only their own. Here "staff" is
whoever ``Viewer`` lets see every order (Kitchen, Managers, superusers); a customer's own orders are
those of their session, their account and the links they opened; a driver adds the orders assigned
to them. Bounded: at most ``MAX_LIMIT`` orders per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from orders.access import Viewer
from orders.models import Order, OrderStatus
from orders.queries.get_order import OrderDto, lines_with_items, order_dto
from pizzeria.application import OperationResult, Query, QueryHandler

MAX_LIMIT = 100


@dataclass(frozen=True)
class ListOrdersQuery(Query[tuple[OrderDto, ...]]):
    viewer: Viewer
    status: str | None = None  # one of OrderStatus's values; None lists every status
    limit: int = 50

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.status is not None and self.status not in OrderStatus.values:
            errors["status"] = [f"Unknown status; choose one of {', '.join(OrderStatus.values)}."]
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            errors["limit"] = [f"The limit must be a whole number from 1 to {MAX_LIMIT}."]
        return errors


class ListOrdersHandler(QueryHandler[ListOrdersQuery, tuple[OrderDto, ...]]):
    def handle(self, query: ListOrdersQuery) -> OperationResult[tuple[OrderDto, ...]]:
        orders = Order.objects.filter(query.viewer.visible_orders())
        if query.status is not None:
            orders = orders.filter(status=query.status)
        orders = orders.order_by("-placed_at", "-pk").prefetch_related(lines_with_items())[: query.limit]
        return OperationResult.ok(tuple(order_dto(order) for order in orders))
