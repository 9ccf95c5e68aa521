"""GetDeliveryBoardQuery: delivery orders ready to go or on the road — each column a screenful,
oldest first, with exact counts and each ticket's allowed actions.

Three SQL queries whatever the number of orders: counts, the oldest of each column (a window
function), their lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote_plus

from django.conf import settings

from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import RowNumber

from orders.models import ALLOWED_TRANSITIONS, Fulfilment, Order, OrderLine, OrderStatus
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler
from staff.boards import BoardColumnDto, BoardLimits, ClippedNotes, column, html_bytes

TAKE = "take"            # a driver takes a ready order nobody has
DEPART = "depart"        # leave with it (only its driver, once someone has it)
DELIVERED = "delivered"  # hand it to the customer (only its driver)

COLUMNS = (("waiting", "Ready to go", OrderStatus.READY), ("road", "On the road", OrderStatus.DELIVERING))

# Estimated HTML bytes of a ticket's markup around its text (measured on the template, rounded up;
# tests/boards checks that the estimate never falls below the rendered size).
TICKET_MARKUP_BYTES = 1000


@dataclass(frozen=True)
class DeliveryTicketDto(ClippedNotes):
    order_id: str
    number: int
    status: str
    customer_name: str
    customer_phone: str  # international format, for reading aloud: "+1 202-555-0142"
    delivery_address: str
    notes: str
    total_amount: Decimal
    collect_cash: bool
    item_summary: tuple[str, ...]  # the first lines, "2× Margherita"
    ready_at: datetime | None
    out_for_delivery_at: datetime | None
    driver_id: int | None
    driver_name: str  # shown only: drivers are told apart by ``driver_id`` (two may share a name)
    actions: frozenset[str] = field(default_factory=frozenset)  # DEPART and DELIVERED: its driver's only
    line_limit: int = 8
    line_count: int | None = None  # every line of the order (None: ``item_summary`` holds them all)
    phone_link: str = ""            # tel: with the country code (E.164)
    map_url: str = ""               # the address in the map app (PIZZERIA["MAP_URL"])
    arrives_at: datetime | None = None  # when the customer can expect it (leaving now, or left at)

    @property
    def is_taken(self) -> bool:
        return self.driver_id is not None

    @property
    def shown_items(self) -> tuple[str, ...]:
        return self.item_summary[:self.line_limit]

    @property
    def more_items(self) -> int:
        return (len(self.item_summary) if self.line_count is None else self.line_count) - len(self.shown_items)


@dataclass(frozen=True)
class DeliveryBoardDto:
    columns: tuple[BoardColumnDto[DeliveryTicketDto], ...]

    def column(self, key: str) -> BoardColumnDto[DeliveryTicketDto]:
        return next(c for c in self.columns if c.key == key)

    @property
    def waiting(self) -> tuple[DeliveryTicketDto, ...]:  # ready, not yet out (assigned or not)
        return self.column("waiting").tickets

    @property
    def on_the_road(self) -> tuple[DeliveryTicketDto, ...]:
        return self.column("road").tickets


@dataclass(frozen=True)
class GetDeliveryBoardQuery(Query[DeliveryBoardDto]):
    """Shared by every driver's screen (each screen highlights its own deliveries)."""


class GetDeliveryBoardHandler(QueryHandler[GetDeliveryBoardQuery, DeliveryBoardDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetDeliveryBoardQuery) -> OperationResult[DeliveryBoardDto]:
        limits = BoardLimits.from_settings()
        statuses = [status for _, _, status in COLUMNS]
        on_board = Order.objects.filter(fulfilment=Fulfilment.DELIVERY, status__in=statuses)
        totals = dict(on_board.values_list("status").annotate(n=Count("pk")))
        # Rank on the narrow columns only, then load the chosen rows whole (texts can be long).
        oldest = (
            on_board.annotate(column_rank=Window(RowNumber(), partition_by=[F("status")],
                                                 order_by=[F("ready_at").asc(), F("pk").asc()]))
            .filter(column_rank__lte=limits.tickets)
            .values("pk")
        )
        lines = OrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
        orders = (
            Order.objects.filter(pk__in=Subquery(oldest))
            .annotate(line_count=Subquery(lines.annotate(n=Count("pk")).values("n")))
            .order_by("ready_at", "pk")
            # only the lines a ticket can show (positions run 0, 1, 2... in each order)
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.filter(position__lt=limits.lines)
                                       .order_by("position")))
        )
        candidates: dict[str, list[DeliveryTicketDto]] = {status: [] for status in statuses}
        now = self.clock.now()
        for order in orders:
            candidates[order.status].append(delivery_ticket(order, line_limit=limits.lines, now=now))
        return OperationResult.ok(DeliveryBoardDto(columns=tuple(
            column(key, label, candidates[status], totals.get(status, 0), weight=ticket_weight, limits=limits)
            for key, label, status in COLUMNS
        )))


def delivery_actions(order: Order) -> frozenset[str]:
    """From the aggregate's rules (``assign_driver``, ``send_out_for_delivery``, ``mark_delivered``)."""
    moves = ALLOWED_TRANSITIONS.get(order.status, set())
    actions = set()
    if order.fulfilment == Fulfilment.DELIVERY and order.status == OrderStatus.READY and order.driver_id is None:
        actions.add(TAKE)
    if order.fulfilment == Fulfilment.DELIVERY and OrderStatus.DELIVERING in moves:
        actions.add(DEPART)
    if OrderStatus.DELIVERED in moves:
        actions.add(DELIVERED)
    return frozenset(actions)


DEFAULT_MAP_URL = "https://www.google.com/maps/search/?api=1&query={address}"


def arrival_estimate(order: Order, *, now: datetime) -> datetime | None:
    """Out for delivery: when it left plus the drive; still here: now plus the drive."""
    drive = timedelta(minutes=settings.PIZZERIA.get("DELIVERY_MINUTES", 20))
    if order.status == OrderStatus.DELIVERING and order.out_for_delivery_at:
        return order.out_for_delivery_at + drive
    return now + drive if order.status == OrderStatus.READY else None


def delivery_ticket(order: Order, *, line_limit: int, now: datetime) -> DeliveryTicketDto:
    phone = order.customer_phone
    map_url = settings.PIZZERIA.get("MAP_URL", DEFAULT_MAP_URL)
    return DeliveryTicketDto(
        order_id=order.public_id, number=order.pk, status=order.status, customer_name=order.customer_name,
        customer_phone=phone.as_international if phone else "",
        phone_link=f"tel:{phone.as_e164}" if phone else "",
        map_url=map_url.format(address=quote_plus(" ".join(order.delivery_address.split()))) if order.delivery_address else "",
        arrives_at=arrival_estimate(order, now=now),
        delivery_address=order.delivery_address, notes=order.notes, total_amount=order.total_amount,
        collect_cash=order.payment_method == "cash",
        item_summary=tuple(f"{line.quantity}× {line.item_name}" for line in order.lines.all()),
        ready_at=order.ready_at, out_for_delivery_at=order.out_for_delivery_at,
        driver_id=order.driver_id, driver_name=order.driver_name,
        actions=delivery_actions(order), line_limit=line_limit, line_count=getattr(order, "line_count", None),
    )


def ticket_weight(ticket: DeliveryTicketDto) -> int:
    """An upper bound of the ticket's rendered bytes (what the column's byte budget counts)."""
    text = (ticket.customer_name + ticket.delivery_address + 2 * ticket.customer_phone + ticket.phone_link
            + ticket.map_url + ticket.driver_name
            + ticket.notes_preview + ", ".join(ticket.shown_items))
    if ticket.notes_clipped:
        text += ticket.notes
    # linebreaksbr turns each newline of the address into "<br>" (4 bytes more)
    return TICKET_MARKUP_BYTES + html_bytes(text) + 4 * ticket.delivery_address.count("\n")
