"""GetKitchenQueueQuery: the kitchen board — new, cooking and ready columns, each a screenful,
oldest first, with exact counts and each ticket's allowed actions.

Three SQL queries whatever the queue's size: the per-status counts, the oldest
``BOARD_COLUMN_LIMIT`` orders of each column (a window function), and their lines (a fourth
only when a ticket has more lines than a ticket shows: their totals).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.db.models import (
    Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When, Window,
)
from django.db.models.functions import RowNumber

from kitchen.stations import station as station_named
from kitchen.ticket_actions import kitchen_actions, line_can_be_marked_ready
from menu.models import SIZED_CATEGORIES, Size
from orders.halves import ToppingHalves
from orders.models import Order, OrderLine, OrderStatus
from orders.scheduling import held_back_ids, released
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler
from staff.boards import BoardColumnDto, BoardLimits, ClippedNotes, clip, column, html_bytes

NEW_STATUSES = (OrderStatus.PENDING, OrderStatus.CONFIRMED)
BOARD_STATUSES = (*NEW_STATUSES, OrderStatus.COOKING, OrderStatus.READY)
COLUMNS = (("new", "New"), ("cooking", "Cooking"), ("ready", "Ready"))
COLUMN_STATUSES = {"new": NEW_STATUSES, "cooking": (OrderStatus.COOKING,), "ready": (OrderStatus.READY,)}

# What a ticket and its actions read (prices, phone and address stay unloaded: fewer conversions).
ORDER_FIELDS = ("public_id", "status", "fulfilment", "customer_name", "notes", "allergens", "placed_at", "confirmed_at",
                "cooking_started_at", "ready_at", "completed_at", "promised_at", "estimated_ready_at", "cook_name", "driver_name",
                "driver_id")
LINE_FIELDS = ("order_id", "position", "item_name", "size", "toppings", "quantity", "special_instructions",
               "is_ready", "ready_at")

# Estimated HTML bytes of a ticket's markup around its text (measured on the template, rounded
# up; tests/boards checks that the estimate never falls below the rendered size).
TICKET_MARKUP_BYTES = 560      # the card, its header, timestamps and meta line
ACTION_MARKUP_BYTES = 120      # one action button (its URL holds the 22-character order id)
EXTRA_MARKUP_BYTES = 120       # each of: the cook, the note's wrapper, "+N more lines", the driver
LINE_MARKUP_BYTES = 200        # one line, with its toppings and instructions wrappers
LINE_BUTTON_MARKUP_BYTES = 150  # a line's "Ready" button
HALVES_MARKUP_BYTES = 320      # a half-and-half line's two labelled halves


@dataclass(frozen=True)
class TicketLineDto:
    position: int
    item_name: str
    size_label: str
    has_sizes: bool
    toppings: tuple[str, ...]
    quantity: int
    special_instructions: str
    is_ready: bool
    can_mark_ready: bool = False
    topping_halves: ToppingHalves = ToppingHalves()  # how the ticket shows them: whole, left half, right half


@dataclass(frozen=True)
class TicketDto(ClippedNotes):
    order_id: str
    number: int
    status: str
    status_label: str
    fulfilment: str
    customer_name: str
    notes: str
    placed_at: datetime
    cooking_started_at: datetime | None
    ready_at: datetime | None
    estimated_ready_at: datetime
    cook_name: str
    driver_name: str
    lines: tuple[TicketLineDto, ...]
    allergens: tuple[str, ...] = ()      # allergy words the customer wrote: flagged on the ticket
    promised_at: datetime | None = None  # the checkout's promise: the ticket's timer runs against it
    warn_at: datetime | None = None      # from here the ticket shows "warning" (settings), "late" after the promise  # the first lines (all when asked); the board shows ``shown_lines``
    driver_id: int | None = None  # who has a ready delivery (by id; the name is for display)
    line_count: int | None = None  # every line of the order, loaded or not (None: ``lines`` are all)
    items: int | None = None       # pieces over every line, loaded or not
    actions: frozenset[str] = field(default_factory=frozenset)  # what the kitchen may do now
    line_limit: int = 8  # lines shown: at most BOARD_TICKET_LINES, and what fits the column's bytes

    @property
    def has_driver(self) -> bool:
        return self.driver_id is not None

    @property
    def item_count(self) -> int:
        return self.items if self.items is not None else sum(line.quantity for line in self.lines)

    @property
    def shown_lines(self) -> tuple[TicketLineDto, ...]:
        return self.lines[:self.line_limit]

    @property
    def more_lines(self) -> int:
        return (len(self.lines) if self.line_count is None else self.line_count) - len(self.shown_lines)


@dataclass(frozen=True)
class BoardCountsDto:
    new: int
    cooking: int
    ready: int
    capacity: int
    ahead: int = 0  # orders ahead (scheduled) not on the board until their release

    @property
    def active_orders(self) -> int:
        return self.new + self.cooking  # placed, confirmed and cooking orders hold kitchen capacity

    @property
    def is_at_capacity(self) -> bool:
        return self.active_orders >= self.capacity


@dataclass(frozen=True)
class KitchenBoardDto:
    columns: tuple[BoardColumnDto[TicketDto], ...]
    capacity: int
    ahead: int = 0  # orders ahead, off the board until their release

    def column(self, key: str) -> BoardColumnDto[TicketDto]:
        return next(c for c in self.columns if c.key == key)

    @property
    def new(self) -> tuple[TicketDto, ...]:
        return self.column("new").tickets

    @property
    def cooking(self) -> tuple[TicketDto, ...]:
        return self.column("cooking").tickets

    @property
    def ready(self) -> tuple[TicketDto, ...]:
        return self.column("ready").tickets

    @property
    def counts(self) -> BoardCountsDto:
        return BoardCountsDto(new=self.column("new").total, cooking=self.column("cooking").total,
                              ready=self.column("ready").total, capacity=self.capacity, ahead=self.ahead)

    @property
    def active_orders(self) -> int:
        return self.counts.active_orders

    @property
    def is_at_capacity(self) -> bool:
        return self.counts.is_at_capacity


@dataclass(frozen=True)
class GetKitchenQueueQuery(Query[KitchenBoardDto]):
    """The whole board: every column's screenful and exact counts."""

    all_lines: bool = False  # every line of each ticket (the API lists them), not only the first screenful
    station: str = ""  # one station's work only: its orders, and only their lines made there

    def validate(self) -> dict[str, list[str]]:
        if self.station and station_named(self.station) is None:
            return {"station": ["There is no such station."]}
        return {}

class GetKitchenQueueHandler(QueryHandler[GetKitchenQueueQuery, KitchenBoardDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetKitchenQueueQuery) -> OperationResult[KitchenBoardDto]:
        categories = station_named(query.station).categories if query.station else None
        now = self.clock.now()
        held = held_back_ids(now)
        counts = board_counts(categories, now=now, held=held)
        columns = load_columns([key for key, _ in COLUMNS], counts=counts, now=now,
                               all_lines=query.all_lines, categories=categories, held=held)
        return OperationResult.ok(KitchenBoardDto(columns=tuple(columns[key] for key, _ in COLUMNS),
                                                  capacity=counts.capacity, ahead=counts.ahead))


# --- shared with GetKitchenTicketQuery ----------------------------------------------------------
def column_of(status: str) -> str | None:
    for key, statuses in COLUMN_STATUSES.items():
        if status in statuses:
            return key
    return None


def _at_station(orders, categories: tuple[str, ...] | None):
    """Orders with at least one line made at the station (all orders when no station)."""
    if categories is None:
        return orders
    return orders.filter(Exists(OrderLine.objects.filter(order=OuterRef("pk"), menu_item__category__in=categories)))


def board_counts(categories: tuple[str, ...] | None = None, *, now: datetime | None = None,
                 held: tuple[int, ...] | None = None) -> BoardCountsDto:
    """Exact counts per column, and the orders ahead held back until their release (``held``: their
    ids, when the caller has looked them up already)."""
    if held is None:
        held = held_back_ids(now or timezone.now())
    on_board = board_orders(BOARD_STATUSES, categories)
    shown = dict(on_board.filter(released(now, held=held)).order_by().values_list("status").annotate(n=Count("pk")))
    ahead = (on_board.filter(pk__in=held).count() if categories else len(held)) if held else 0
    return BoardCountsDto(
        new=sum(shown.get(status, 0) for status in NEW_STATUSES),
        cooking=shown.get(OrderStatus.COOKING, 0), ready=shown.get(OrderStatus.READY, 0),
        capacity=settings.PIZZERIA["KITCHEN_CAPACITY"], ahead=ahead,
    )


def _column_expression() -> Case:
    return Case(*(When(status__in=statuses, then=Value(key)) for key, statuses in COLUMN_STATUSES.items()),
                output_field=CharField())


def board_orders(statuses: Iterable[str], categories: tuple[str, ...] | None = None, *, now: datetime | None = None,
                 held: tuple[int, ...] | None = None):
    """The one place the board's orders are chosen: those in ``statuses`` (at a station, those with
    a line made there); with ``now``, only those released to the kitchen by then (an order ahead
    appears a lead time before its slot, see orders.scheduling; ``held``: the ids held back then,
    when already looked up). Every board query starts here."""
    orders = Order.objects.filter(status__in=list(statuses))
    if now is not None:
        orders = orders.filter(released(now, held=held))
    return _at_station(orders, categories)


def _attach_lines(orders: list[Order], *, first: int | None, categories: tuple[str, ...] | None) -> None:
    """Each order's lines (the first ``first`` and any ready one; all with ``first`` None) as its
    ``line_list`` (what the aggregate's rules read, e.g. recall's last readied line), and, where
    lines were left out, the totals over all of them. One query for all the orders' lines."""
    if not orders:
        return
    lines = (OrderLine.objects.filter(order_id__in=[order.pk for order in orders]).only(*LINE_FIELDS)
             .annotate(menu_category=F("menu_item__category")).order_by("order_id", "position"))
    if categories is not None:
        lines, first = lines.filter(menu_item__category__in=categories), None  # a station's lines are few
    elif first is not None:
        lines = lines.filter(Q(position__lt=first) | Q(is_ready=True))
    by_order: dict[int, list[OrderLine]] = {order.pk: [] for order in orders}
    for line in lines:
        by_order[line.order_id].append(line)
    cut = []
    for order in orders:
        order.__dict__["_lines"] = by_order[order.pk]  # Order.line_list's cache
        if first is not None and sum(line.position < first for line in order.line_list) >= first:
            cut.append(order)  # it may have more lines than were loaded: count them all
        else:
            order.line_count, order.items = None, None
    if cut:
        totals = {row["order_id"]: row for row in OrderLine.objects.filter(order_id__in=[o.pk for o in cut])
                  .order_by().values("order_id").annotate(n=Count("pk"), pieces=Sum("quantity"))}
        for order in cut:
            order.line_count, order.items = totals[order.pk]["n"], totals[order.pk]["pieces"]


def load_columns(keys: Iterable[str], *, counts: BoardCountsDto, now: datetime, all_lines: bool = False,
                 categories: tuple[str, ...] | None = None,
                 held: tuple[int, ...] | None = None) -> dict[str, BoardColumnDto[TicketDto]]:
    """The screenful of each column in ``keys``."""
    candidates = load_candidates(keys, counts=counts, now=now, all_lines=all_lines, categories=categories, held=held)
    return columns_of(candidates, counts)


def columns_of(candidates: dict[str, list[TicketDto]], counts: BoardCountsDto) -> dict[str, BoardColumnDto[TicketDto]]:
    limits = BoardLimits.from_settings()
    totals = {"new": counts.new, "cooking": counts.cooking, "ready": counts.ready}
    labels = dict(COLUMNS)
    return {key: column(key, labels[key], tickets, totals[key], weight=ticket_weight, limits=limits)
            for key, tickets in candidates.items()}


def load_candidates(keys: Iterable[str], *, counts: BoardCountsDto, now: datetime, all_lines: bool = False,
                    categories: tuple[str, ...] | None = None,
                    held: tuple[int, ...] | None = None) -> dict[str, list[TicketDto]]:
    """The tickets that may fill each column in ``keys``: the oldest ``BOARD_COLUMN_LIMIT`` orders of
    each, with their lines (and, only for orders with more lines than a ticket shows, their totals).

    One column (a live update) is a plain ordered slice; several rank per column in one query
    (a window function). Django builds both in well under a millisecond of SQL but several of
    Python: a live update asks for one column, so it takes the cheap shape.
    """
    keys = list(dict.fromkeys(keys))
    limits = BoardLimits.from_settings()
    totals = {"new": counts.new, "cooking": counts.cooking, "ready": counts.ready}
    keys_with_tickets = [key for key in keys if totals[key]]
    orders: list[Order] = []
    if len(keys_with_tickets) == 1:
        orders = list(board_orders(COLUMN_STATUSES[keys_with_tickets[0]], categories, now=now, held=held).only(*ORDER_FIELDS)
                      .order_by("placed_at", "pk")[:limits.tickets])
        for order in orders:
            order.board_column = keys_with_tickets[0]
    elif keys_with_tickets:
        statuses = [status for key in keys_with_tickets for status in COLUMN_STATUSES[key]]
        # Rank on the narrow columns only, then load the chosen rows whole (texts can be long).
        oldest = (
            board_orders(statuses, categories, now=now, held=held)
            .annotate(column_rank=Window(RowNumber(), partition_by=[_column_expression()],
                                         order_by=[F("placed_at").asc(), F("pk").asc()]))
            .filter(column_rank__lte=limits.tickets)
            .values("pk")
        )
        orders = list(Order.objects.filter(pk__in=Subquery(oldest)).only(*ORDER_FIELDS)
                      .annotate(board_column=_column_expression()).order_by("placed_at", "pk"))
    _attach_lines(orders, first=None if all_lines else limits.lines, categories=categories)
    window = timedelta(seconds=settings.PIZZERIA["RECALL_SECONDS"])
    candidates: dict[str, list[TicketDto]] = {key: [] for key in keys}
    for order in orders:
        candidates[order.board_column].append(ticket(order, now=now, recall_window=window, limits=limits))
    return candidates


def load_ticket(order_pk: int, *, now: datetime) -> TicketDto:
    """One order's ticket as its column shows it (for an order past the column's screenful)."""
    limits = BoardLimits.from_settings()
    order = Order.objects.only(*ORDER_FIELDS).get(pk=order_pk)
    _attach_lines([order], first=limits.lines, categories=None)
    return ticket(order, now=now, recall_window=timedelta(seconds=settings.PIZZERIA["RECALL_SECONDS"]), limits=limits)


def ticket_warning() -> timedelta:
    """How long before its promise a ticket turns to "warning" (PIZZERIA["TICKET_WARNING_MINUTES"])."""
    return timedelta(minutes=settings.PIZZERIA.get("TICKET_WARNING_MINUTES", 5))


def ticket(order: Order, *, now: datetime, recall_window: timedelta, limits: BoardLimits) -> TicketDto:
    whole = _ticket(order, now=now, recall_window=recall_window, line_limit=limits.lines)
    # One ticket never outweighs its column: huge lines give way to "+N more lines".
    used, shown = _base_weight(whole), 0
    for line in whole.shown_lines:
        used += _line_weight(line)
        if shown and used > limits.column_bytes:
            break
        shown += 1
    return whole if shown == whole.line_limit else replace(whole, line_limit=shown)


def _ticket(order: Order, *, now: datetime, recall_window: timedelta, line_limit: int) -> TicketDto:
    return TicketDto(
        order_id=order.public_id, number=order.pk, status=order.status, status_label=order.get_status_display(),
        fulfilment=order.fulfilment, customer_name=order.customer_name, notes=order.notes,
        placed_at=order.placed_at, cooking_started_at=order.cooking_started_at, ready_at=order.ready_at,
        estimated_ready_at=order.estimated_ready_at, cook_name=order.cook_name, driver_name=order.driver_name,
        promised_at=order.promised_at, warn_at=order.promised_at - ticket_warning(),
        allergens=tuple(order.allergens or ()),
        driver_id=order.driver_id, actions=kitchen_actions(order, now=now, recall_window=recall_window),
        line_limit=line_limit, line_count=getattr(order, "line_count", None), items=getattr(order, "items", None),
        lines=tuple(
            TicketLineDto(
                position=line.position, item_name=line.item_name, size_label=Size(line.size).label,
                has_sizes=line.menu_category in SIZED_CATEGORIES, toppings=tuple(line.topping_names),
                topping_halves=line.topping_halves,
                quantity=line.quantity, special_instructions=line.special_instructions, is_ready=line.is_ready,
                can_mark_ready=line_can_be_marked_ready(order, line),
            )
            for line in order.line_list
        ),
    )


def ticket_weight(ticket: TicketDto) -> int:
    """An upper bound of the ticket's rendered bytes (what the column's byte budget counts)."""
    return _base_weight(ticket) + sum(_line_weight(line) for line in ticket.shown_lines)


def _base_weight(ticket: TicketDto) -> int:
    preview, clipped = clip(ticket.notes)
    text = (ticket.customer_name + ticket.cook_name + ticket.driver_name + preview + (ticket.notes if clipped else "")
            + " ".join(ticket.allergens))
    # "+N more lines" counted whenever lines could be cut, so cutting them never makes room
    extras = sum(map(bool, (ticket.cook_name, ticket.notes, len(ticket.lines) > 1 or ticket.more_lines,
                            ticket.driver_name, ticket.allergens)))
    return (TICKET_MARKUP_BYTES + ACTION_MARKUP_BYTES * len(ticket.actions) + EXTRA_MARKUP_BYTES * extras
            + html_bytes(text))


def _line_weight(line: TicketLineDto) -> int:
    weight = LINE_MARKUP_BYTES + html_bytes(line.item_name + line.special_instructions + ", ".join(line.toppings))
    if line.topping_halves.is_split:
        weight += HALVES_MARKUP_BYTES
    if line.can_mark_ready:
        weight += LINE_BUTTON_MARKUP_BYTES + html_bytes(line.item_name)
    return weight
