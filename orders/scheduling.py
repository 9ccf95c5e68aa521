"""Order ahead: today's time slots, their capacity, and when a scheduled order reaches the kitchen.

A slot is the time the order should be ready (picked up, or leaving with a driver). Slots start
every ``SLOT_MINUTES`` from midnight, today only, within the opening hours (all day when
``ALWAYS_OPEN``), never in the past nor before the order could be ready as soon as possible. Each
holds at most ``SLOT_CAPACITY`` orders. A scheduled order stays off the kitchen board until
``SCHEDULE_LEAD_MINUTES`` before its slot (its *release*); a task wakes the board then.
Pure but for ``held_back_ids``: the other database reads are in ``orders.kitchen_load``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format

from orders.models import OrderStatus
from orders.services import parse_opening_hours

DEFAULTS = {"SLOT_MINUTES": 15, "SLOT_CAPACITY": 4, "SCHEDULE_LEAD_MINUTES": 30}
NOT_STARTED = (OrderStatus.PENDING, OrderStatus.CONFIRMED)
MAX_SLOTS = 96  # a day of 15-minute slots: the select never grows past this


@dataclass(frozen=True)
class ScheduleSettings:
    slot_minutes: int
    slot_capacity: int
    lead_minutes: int

    @classmethod
    def from_settings(cls) -> ScheduleSettings:
        pizzeria = {**DEFAULTS, **settings.PIZZERIA}
        return cls(slot_minutes=min(max(5, int(pizzeria["SLOT_MINUTES"])), 240),
                   slot_capacity=max(1, int(pizzeria["SLOT_CAPACITY"])),
                   lead_minutes=max(0, int(pizzeria["SCHEDULE_LEAD_MINUTES"])))

    @property
    def lead(self) -> timedelta:
        return timedelta(minutes=self.lead_minutes)


@dataclass(frozen=True)
class SlotDto:
    starts_at: datetime
    taken: int
    capacity: int

    @property
    def value(self) -> str:
        """What the checkout form posts (an ISO time with its offset: no clock needed to read it)."""
        return timezone.localtime(self.starts_at).isoformat()

    @property
    def label(self) -> str:
        return time_format(timezone.localtime(self.starts_at), "g:i A")

    @property
    def is_full(self) -> bool:
        return self.taken >= self.capacity

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def hint(self) -> str:
        """What the select says beside the time: full, or the last place once others are booked."""
        if self.is_full:
            return "full"
        return "1 place left" if self.taken and self.places_left == 1 else ""


def release_at(scheduled_for: datetime, schedule: ScheduleSettings) -> datetime:
    """When a scheduled order appears on the kitchen board."""
    return scheduled_for - schedule.lead


def held_back(now: datetime, schedule: ScheduleSettings | None = None) -> Q:
    """Orders the kitchen does not see yet at ``now``: scheduled, not started, before their release.
    (One the kitchen started early, e.g. through the API, is on the board like any other.)"""
    schedule = schedule or ScheduleSettings.from_settings()
    return Q(status__in=NOT_STARTED, scheduled_for__gt=now + schedule.lead)


def held_back_sql(now: datetime, schedule: ScheduleSettings | None = None, *, table: str = "") -> tuple[str, list]:
    """``held_back`` as an SQL condition on the orders table (``table``: its alias in the query),
    with its parameters, for the reads written as SQL (Django took ~0.3 ms to build this filter
    for ~0.03 ms of SQL; tests/eta/test_kitchen_load_sql.py holds them to ``held_back``)."""
    from django.db import connection

    schedule = schedule or ScheduleSettings.from_settings()
    column = f"{table}." if table else ""
    statuses = ", ".join(["%s"] * len(NOT_STARTED))
    condition = (f'({column}"status" IN ({statuses}) AND {column}"scheduled_for" IS NOT NULL '
                 f'AND {column}"scheduled_for" > %s)')
    return condition, [*map(str, NOT_STARTED), connection.ops.adapt_datetimefield_value(now + schedule.lead)]


def held_back_ids(now: datetime, schedule: ScheduleSettings | None = None) -> tuple[int, ...]:
    """The orders held back at ``now``, by id: one query on the ``scheduled_for`` index, and
    usually none (every board query and live ticket asks this first)."""
    from django.db import connection

    from orders.models import Order

    condition, params = held_back_sql(now, schedule)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "id" FROM "{Order._meta.db_table}" WHERE {condition} ORDER BY "id"', params)
        return tuple(pk for (pk,) in cursor.fetchall())


def released(now: datetime, schedule: ScheduleSettings | None = None, *, held: tuple[int, ...] | None = None) -> Q:
    """Every order but those held back (``held``, when the caller has looked them up already):
    what the kitchen board and the promise model count.

    The few held back are found first and left out by id. The board's queries keep reading only
    their (status, placed_at) index instead of every order's row (measured: 2x the board's CPU at
    1,000 big orders when the filter read ``scheduled_for`` from each row), and they stay cheap
    to build: as a subquery inside a negation, this filter cost ~1 ms of Django's query
    compiling in each query that used it, three of them per order placed and shown."""
    ids = held_back_ids(now, schedule) if held is None else held
    return ~Q(pk__in=ids) if ids else Q()


def is_held_back(status: str, scheduled_for: datetime | None, now: datetime,
                 schedule: ScheduleSettings | None = None) -> bool:
    schedule = schedule or ScheduleSettings.from_settings()
    return status in NOT_STARTED and scheduled_for is not None and release_at(scheduled_for, schedule) > now


def opening_window(now: datetime) -> tuple[datetime, datetime] | None:
    """Today's opening hours as aware datetimes (local day); None when today's hours are over."""
    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end_of_day = midnight + timedelta(days=1)
    if settings.PIZZERIA.get("ALWAYS_OPEN"):
        start, end = midnight, end_of_day
    else:
        opens, closes = parse_opening_hours(settings.PIZZERIA["OPENING_HOURS"])
        start = _at(midnight, opens)
        end = _at(midnight, closes) if closes > opens else end_of_day  # open past midnight: until midnight
    return (start, end) if local < end else None


def _at(midnight: datetime, moment: time) -> datetime:
    return midnight.replace(hour=moment.hour, minute=moment.minute)


def earliest_slot(ready_at: datetime, paused_until: datetime | None, schedule: ScheduleSettings) -> datetime:
    """The earliest an order ahead may be for: when its food could be ready (``ready_at``) and,
    while online ordering is paused, late enough to reach the kitchen (a lead time before its
    slot) once the pause is over. A pause is for the rush now, not for this evening's orders."""
    return ready_at if paused_until is None else max(ready_at, paused_until + schedule.lead)


def slot_starts(*, now: datetime, earliest: datetime, schedule: ScheduleSettings) -> list[datetime]:
    """Today's slot times a customer may choose: aligned, within the opening hours, not before
    ``earliest`` (the as-soon-as-possible time) nor ``now``."""
    window = opening_window(now)
    if window is None:
        return []
    start, end = window
    first = max(start, earliest, now)
    midnight = timezone.localtime(first).replace(hour=0, minute=0, second=0, microsecond=0)
    step = schedule.slot_minutes * 60
    offset = math.ceil((first - midnight).total_seconds() / step) * step
    slot = midnight + timedelta(seconds=offset)
    starts = []
    while slot < end and len(starts) < MAX_SLOTS:
        starts.append(slot)
        slot += timedelta(seconds=step)
    return starts


def slot_problem(*, scheduled_for: datetime, now: datetime, earliest: datetime, schedule: ScheduleSettings) -> str:
    """Why ``scheduled_for`` can't be chosen now ("" when it can), in the customer's words."""
    if scheduled_for <= now:
        return "That time has passed: choose a later one, or as soon as possible."
    if timezone.localtime(scheduled_for).date() != timezone.localtime(now).date():
        return "Orders ahead are for today only: choose a time today."
    if scheduled_for in slot_starts(now=now, earliest=earliest, schedule=schedule):
        return ""
    window = opening_window(now)
    if window is None or not window[0] <= scheduled_for < window[1]:
        return "We're closed at that time: choose a time within our opening hours."
    if scheduled_for < earliest:
        ready = time_format(timezone.localtime(earliest), "g:i A")
        return f"Your order can't be ready that early: the earliest is about {ready}."
    return f"Choose one of the offered times (every {schedule.slot_minutes} minutes)."


def full_slot_message(scheduled_for: datetime) -> str:
    label = time_format(timezone.localtime(scheduled_for), "g:i A")
    return f"The {label} slot is full: please choose another time (or as soon as possible)."
