"""GetReadyBoardQuery: the shop's public screen, for customers waiting to collect. Pickup orders
only (a delivery order is never collected at the counter), by number and nothing else: no names,
nothing a passer-by could learn about a customer.

"In the oven" is the pickup orders being cooked, oldest first; "Ready" is those waiting at the
counter, the most recently ready first (the number a customer is looking for has just appeared).
Each column is capped at a screenful, with the exact count of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from orders.models import Fulfilment, Order, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler

SHOWN_PER_COLUMN = 30
JUST_READY = timedelta(minutes=2)  # a number this fresh is highlighted (the customer looks for it)


@dataclass(frozen=True)
class ReadyBoardNumberDto:
    number: int
    just_ready: bool = False


@dataclass(frozen=True)
class ReadyBoardColumnDto:
    key: str  # "oven" | "ready"
    label: str
    numbers: tuple[ReadyBoardNumberDto, ...]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.numbers)


@dataclass(frozen=True)
class ReadyBoardDto:
    columns: tuple[ReadyBoardColumnDto, ...]


@dataclass(frozen=True)
class GetReadyBoardQuery(Query[ReadyBoardDto]):
    pass


class GetReadyBoardHandler(QueryHandler[GetReadyBoardQuery, ReadyBoardDto]):
    def handle(self, query: GetReadyBoardQuery) -> OperationResult[ReadyBoardDto]:
        pickups = Order.objects.filter(fulfilment=Fulfilment.PICKUP)
        cooking = pickups.filter(status=OrderStatus.COOKING).order_by("cooking_started_at", "pk")
        ready = pickups.filter(status=OrderStatus.READY).order_by("-ready_at", "-pk")
        return OperationResult.ok(ReadyBoardDto(columns=(
            _column("oven", "In the oven", cooking),
            _column("ready", "Ready for pickup", ready, highlight_fresh=True),
        )))


def _column(key: str, label: str, orders, *, highlight_fresh: bool = False) -> ReadyBoardColumnDto:
    fresh_since = timezone.now() - JUST_READY if highlight_fresh else None
    numbers = tuple(
        ReadyBoardNumberDto(number=pk, just_ready=bool(fresh_since and ready_at and ready_at >= fresh_since))
        for pk, ready_at in orders.values_list("pk", "ready_at")[:SHOWN_PER_COLUMN]
    )
    total = len(numbers) if len(numbers) < SHOWN_PER_COLUMN else orders.count()
    return ReadyBoardColumnDto(key=key, label=label, numbers=numbers, total=total)
