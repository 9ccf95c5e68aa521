"""GetEtaQuery: what a customer is promised before paying — when an order placed now would be
ready (and arrive, for a delivery), whether the kitchen is busy, paused or closed, and today's
order-ahead slots with their room.

Without a cart (the menu, shared by every customer's socket) the estimate is for one ordinary
pizza; with the browser's cart it is for that cart, exactly as ``PlaceOrderCommand`` will promise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import time_format

from orders.cart_repository import CartRepository
from orders.eta import EtaSettings, Estimate, OrderShape, estimate
from orders.kitchen_load import KitchenLoadRepository
from orders.queries.get_online_ordering import online_ordering_dto
from orders.repositories import OnlineOrderingRepository
from orders.scheduling import ScheduleSettings, SlotDto, earliest_slot, slot_starts
from orders.services import Clock, OpeningHours
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class EtaDto:
    now: datetime
    is_open: bool
    is_paused: bool
    notice: str               # busy, paused or closed, in the customer's words ("" when nothing to say)
    estimate: Estimate        # as soon as possible, from now
    extra_minutes: int
    slots: tuple[SlotDto, ...]  # today's order-ahead times (empty when none is left)
    for_cart: bool            # the estimate is this browser's cart's, not one ordinary pizza's

    @property
    def ready_label(self) -> str:
        return time_format(timezone.localtime(self.estimate.ready_at), "g:i A")

    @property
    def arrives_label(self) -> str:
        return time_format(timezone.localtime(self.estimate.arrives_at), "g:i A")

    @property
    def can_order_now(self) -> bool:
        return self.is_open and not self.is_paused

    @property
    def open_slots(self) -> tuple[SlotDto, ...]:
        return tuple(slot for slot in self.slots if not slot.is_full)

    def slot(self, value: str) -> SlotDto | None:
        return next((slot for slot in self.slots if slot.value == value), None)


@dataclass(frozen=True)
class GetEtaQuery(Query[EtaDto]):
    browser_key: str = ""  # the cart to estimate for; "" for one ordinary pizza


class GetEtaHandler(QueryHandler[GetEtaQuery, EtaDto]):
    def __init__(self, clock: Clock, opening_hours: OpeningHours, loads: KitchenLoadRepository,
                 carts: CartRepository, online_ordering: OnlineOrderingRepository) -> None:
        self.clock, self.opening_hours, self.loads = clock, opening_hours, loads
        self.carts, self.online_ordering = carts, online_ordering

    def handle(self, query: GetEtaQuery) -> OperationResult[EtaDto]:
        now = self.clock.now()
        ordering = online_ordering_dto(self.online_ordering.current(), now)
        model, schedule = EtaSettings.from_settings(), ScheduleSettings.from_settings()
        lines = self.carts.lines(query.browser_key) if query.browser_key else []
        shape = OrderShape.of(lines, model=model)
        soonest = estimate(now=now, load=self.loads.load(now, extra_minutes=ordering.extra_minutes),
                           own_preparation_minutes=shape.preparation_minutes, own_pizzas=shape.pizzas, model=model)
        starts = slot_starts(now=now, earliest=earliest_slot(soonest.ready_at, ordering.paused_until, schedule),
                             schedule=schedule)
        taken = self.loads.taken_per_slot(starts)
        is_open = self.opening_hours.is_open()
        notice = ordering.notice
        if not is_open:
            notice = (f"We're closed right now: we take orders {self.opening_hours.describe()}."
                      + (" You can order ahead for later today." if starts else ""))
        return OperationResult.ok(EtaDto(
            now=now, is_open=is_open, is_paused=ordering.is_paused, notice=notice, estimate=soonest,
            extra_minutes=ordering.extra_minutes, for_cart=bool(lines),
            slots=tuple(SlotDto(starts_at=s, taken=taken.get(s, 0), capacity=schedule.slot_capacity) for s in starts),
        ))
