"""GetKitchenTicketQuery: one order's change as the board shows it — the ticket, whether its
column shows it, the exact counts, and the screenful of any columns the change reshuffled.

Feeds live updates: the size of an update is bounded by a few columns' screenfuls, whatever the
number of orders on the board.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitchen.queries.get_kitchen_queue import (
    COLUMN_STATUSES, BoardCountsDto, TicketDto, board_counts, column_of, columns_of, load_candidates, load_ticket,
)
from orders.models import Order
from orders.scheduling import held_back_ids, is_held_back
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler
from staff.boards import BoardColumnDto


@dataclass(frozen=True)
class KitchenTicketUpdateDto:
    number: int
    ticket: TicketDto | None  # None: the order has left the board (or never was on it)
    column: str | None
    counts: BoardCountsDto
    columns: tuple[BoardColumnDto[TicketDto], ...]  # the ticket's column first (when on the board), then those asked for

    @property
    def is_shown(self) -> bool:
        """Whether the ticket is within its column's screenful (a hidden ticket changes nothing visible)."""
        if self.ticket is None or not self.columns or self.columns[0].key != self.column:
            return False
        return any(shown.number == self.number for shown in self.columns[0].tickets)


@dataclass(frozen=True)
class GetKitchenTicketQuery(Query[KitchenTicketUpdateDto]):
    order_id: str
    columns: tuple[str, ...] = ()  # further columns to return whole (those the change may have reshuffled)

    def validate(self) -> dict[str, list[str]]:
        unknown = [key for key in self.columns if key not in COLUMN_STATUSES]
        return {"columns": [f"No such column: {', '.join(map(str, unknown))}."]} if unknown else {}


class GetKitchenTicketHandler(QueryHandler[GetKitchenTicketQuery, KitchenTicketUpdateDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetKitchenTicketQuery) -> OperationResult[KitchenTicketUpdateDto]:
        found = Order.objects.filter(public_id=query.order_id).values_list("pk", "status", "scheduled_for")[:1]
        if not found:
            return OperationResult.not_found("There is no such order.")
        [(number, status, scheduled_for)] = found
        now = self.clock.now()
        # An order ahead is not on the board before its release (orders.scheduling).
        key = None if is_held_back(status, scheduled_for, now) else column_of(status)
        held = held_back_ids(now)
        counts = board_counts(now=now, held=held)
        wanted = [k for k in (key, *query.columns) if k is not None]
        candidates = load_candidates(wanted, counts=counts, now=now, held=held) if wanted else {}
        this = None
        if key:
            # Usually among its column's oldest, loaded just now; else (far down the column) alone.
            this = next((t for t in candidates[key] if t.number == number), None) or load_ticket(number, now=now)
        columns = columns_of(candidates, counts)
        return OperationResult.ok(KitchenTicketUpdateDto(
            number=number, ticket=this, column=key, counts=counts,
            columns=tuple(columns[k] for k in dict.fromkeys(wanted)),
        ))
