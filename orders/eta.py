"""The promise model: when an order placed now will be ready (and, for a delivery, arrive).

Pure arithmetic over what the kitchen holds right now; the inputs are read by
``orders.queries.get_eta`` and by ``PlaceOrderCommand`` (the same function, so the time a customer
is shown before paying is the time stored as the order's promise):

    ready in = ⌈pizzas ahead × PREP_MINUTES_PER_PIZZA ÷ OVEN_CAPACITY⌉   (the oven's queue)
             + the order's own slowest item (its preparation time)      (its own bake)
             + busy mode's extra minutes                                 (the kitchen's say)
    arrives  = ready + DELIVERY_MINUTES                                  (deliveries only)

"Pizzas ahead" are the pieces still to make on the open tickets the kitchen can see (placed,
confirmed or cooking; released to the board; lines not yet ready), plus this order's own pieces
after its first: a ten-pizza order waits for its own oven loads too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

PIZZA = "pizza"  # menu.models.Category.PIZZA: what goes in the oven
DEFAULTS = {"OVEN_CAPACITY": 4, "PREP_MINUTES_PER_PIZZA": 12, "DELIVERY_MINUTES": 20}


@dataclass(frozen=True)
class EtaSettings:
    oven_capacity: int            # pizzas in the oven at once
    minutes_per_pizza: int        # how long one pizza holds its place in the oven
    delivery_minutes: int         # from the kitchen's door to the customer's

    @classmethod
    def from_settings(cls) -> EtaSettings:
        pizzeria = {**DEFAULTS, **settings.PIZZERIA}
        return cls(oven_capacity=max(1, int(pizzeria["OVEN_CAPACITY"])),
                   minutes_per_pizza=max(1, int(pizzeria["PREP_MINUTES_PER_PIZZA"])),
                   delivery_minutes=max(0, int(pizzeria["DELIVERY_MINUTES"])))


@dataclass(frozen=True)
class KitchenLoad:
    """What the kitchen holds now, as the model needs it."""

    pizzas_ahead: int      # pieces still to make on the open tickets on the board
    extra_minutes: int = 0  # busy mode (the OnlineOrdering aggregate)
    open_orders: int = 0    # those tickets: the orders holding kitchen capacity


@dataclass(frozen=True)
class Estimate:
    ready_in_minutes: int
    ready_at: datetime
    delivery_minutes: int

    @property
    def arrives_at(self) -> datetime:
        return self.ready_at + timedelta(minutes=self.delivery_minutes)

    @property
    def arrives_in_minutes(self) -> int:
        return self.ready_in_minutes + self.delivery_minutes


def queue_minutes(pizzas_ahead: int, model: EtaSettings) -> int:
    """Minutes until the oven has room for one more, with ``pizzas_ahead`` before it."""
    return math.ceil(max(0, pizzas_ahead) * model.minutes_per_pizza / model.oven_capacity)


def estimate(*, now: datetime, load: KitchenLoad, own_preparation_minutes: int, own_pizzas: int = 1,
             model: EtaSettings) -> Estimate:
    """When an order placed at ``now`` will be ready; ``own_*`` describe that order (its slowest
    item's preparation time and its pieces; a menu with no cart yet asks for one ordinary pizza)."""
    ahead = load.pizzas_ahead + max(0, own_pizzas - 1)
    minutes = queue_minutes(ahead, model) + max(0, own_preparation_minutes) + max(0, load.extra_minutes)
    return Estimate(ready_in_minutes=minutes, ready_at=now + timedelta(minutes=minutes),
                    delivery_minutes=model.delivery_minutes)


def arrival(*, estimated_ready_at: datetime, out_for_delivery_at: datetime | None, model: EtaSettings) -> datetime:
    """When a delivery should reach the customer: from when it left, or from when it should be ready."""
    start = out_for_delivery_at or estimated_ready_at
    return start + timedelta(minutes=model.delivery_minutes)


@dataclass(frozen=True)
class OrderShape:
    """What the model needs of the order being placed: its slowest item and its pizzas."""

    preparation_minutes: int
    pizzas: int

    @classmethod
    def of(cls, lines, *, model: EtaSettings) -> OrderShape:
        """From lines with ``menu_item`` and ``quantity`` (cart lines or priced lines); with none
        (a menu before any cart), one ordinary pizza."""
        lines = [line for line in lines if line.menu_item is not None]
        if not lines:
            return cls(preparation_minutes=model.minutes_per_pizza, pizzas=1)
        return cls(preparation_minutes=max(line.menu_item.preparation_minutes for line in lines),
                   pizzas=sum(line.quantity for line in lines if line.menu_item.category == PIZZA))
