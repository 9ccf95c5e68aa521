"""GetKitchenTicketQuery: one order's ticket as the board shows it, plus the board's counts.

Feeds live updates: a change re-renders one ticket, not the whole board, so the cost of an
update does not grow with the number of orders on the board.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch

from kitchen.queries.get_kitchen_queue import BOARD_STATUSES, NEW_STATUSES, BoardCountsDto, TicketDto, ticket
from orders.models import Order, OrderLine, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler


def column_of(status: str) -> str | None:
    if status in NEW_STATUSES:
        return "new"
    return {OrderStatus.COOKING: "cooking", OrderStatus.READY: "ready"}.get(status)


@dataclass(frozen=True)
class KitchenTicketUpdateDto:
    number: int
    ticket: TicketDto | None  # None: the order has left the board (or never was on it)
    column: str | None
    counts: BoardCountsDto


@dataclass(frozen=True)
class GetKitchenTicketQuery(Query[KitchenTicketUpdateDto]):
    order_id: str


class GetKitchenTicketHandler(QueryHandler[GetKitchenTicketQuery, KitchenTicketUpdateDto]):
    def handle(self, query: GetKitchenTicketQuery) -> OperationResult[KitchenTicketUpdateDto]:
        order = (
            Order.objects.filter(public_id=query.order_id)
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("menu_item").order_by("position")))
            .first()
        )
        if order is None:
            return OperationResult.not_found("There is no such order.")
        column = column_of(order.status)
        per_status = dict(
            Order.objects.filter(status__in=BOARD_STATUSES).values_list("status").annotate(n=Count("pk"))
        )
        counts = BoardCountsDto(
            new=sum(per_status.get(status, 0) for status in NEW_STATUSES),
            cooking=per_status.get(OrderStatus.COOKING, 0), ready=per_status.get(OrderStatus.READY, 0),
            capacity=settings.PIZZERIA["KITCHEN_CAPACITY"],
        )
        return OperationResult.ok(KitchenTicketUpdateDto(
            number=order.pk, ticket=ticket(order) if column else None, column=column, counts=counts,
        ))
