"""The promise model (orders/eta.py) as pure arithmetic: the oven's queue, the order's own bake,
busy mode and the drive."""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from orders.eta import EtaSettings, KitchenLoad, OrderShape, arrival, estimate, queue_minutes

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=timezone.utc)
MODEL = EtaSettings(oven_capacity=4, minutes_per_pizza=12, delivery_minutes=20)


@pytest.mark.parametrize(("ahead", "minutes"), [(0, 0), (1, 3), (4, 12), (5, 15), (8, 24), (-3, 0)])
def test_the_queue_is_pizzas_ahead_times_minutes_per_pizza_over_the_oven(ahead, minutes):
    assert queue_minutes(ahead, MODEL) == minutes


def test_an_empty_kitchen_promises_the_orders_own_bake():
    eta = estimate(now=NOW, load=KitchenLoad(pizzas_ahead=0), own_preparation_minutes=13, model=MODEL)
    assert eta.ready_in_minutes == 13 and eta.ready_at == NOW + timedelta(minutes=13)
    assert eta.arrives_at == NOW + timedelta(minutes=33) and eta.arrives_in_minutes == 33


def test_queue_busy_mode_and_the_orders_own_pizzas_add_up():
    # 6 pizzas ahead + this order's 3 (2 after its first) = 8 → 24 min; own bake 15; busy 10.
    eta = estimate(now=NOW, load=KitchenLoad(pizzas_ahead=6, extra_minutes=10), own_preparation_minutes=15,
                   own_pizzas=3, model=MODEL)
    assert eta.ready_in_minutes == 24 + 15 + 10


def test_a_bigger_oven_shortens_the_queue_not_the_bake():
    big = EtaSettings(oven_capacity=8, minutes_per_pizza=12, delivery_minutes=20)
    small = estimate(now=NOW, load=KitchenLoad(pizzas_ahead=8), own_preparation_minutes=12, model=MODEL)
    large = estimate(now=NOW, load=KitchenLoad(pizzas_ahead=8), own_preparation_minutes=12, model=big)
    assert (small.ready_in_minutes, large.ready_in_minutes) == (24 + 12, 12 + 12)


def test_settings_are_read_with_floors(settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "OVEN_CAPACITY": 0, "PREP_MINUTES_PER_PIZZA": 9, "DELIVERY_MINUTES": 25}
    assert EtaSettings.from_settings() == EtaSettings(oven_capacity=1, minutes_per_pizza=9, delivery_minutes=25)


@dataclass
class Item:
    category: str
    preparation_minutes: int


@dataclass
class Line:
    menu_item: Item
    quantity: int


def test_an_orders_shape_is_its_slowest_item_and_its_pizzas():
    shape = OrderShape.of([Line(Item("pizza", 13), 2), Line(Item("drink", 1), 3), Line(Item("pizza", 15), 1)],
                          model=MODEL)
    assert shape == OrderShape(preparation_minutes=15, pizzas=3)
    assert OrderShape.of([], model=MODEL) == OrderShape(preparation_minutes=12, pizzas=1)  # the menu: one pizza


def test_a_delivery_arrives_a_drive_after_it_is_ready_or_after_it_left():
    ready = NOW + timedelta(minutes=30)
    assert arrival(estimated_ready_at=ready, out_for_delivery_at=None, model=MODEL) == ready + timedelta(minutes=20)
    left = NOW + timedelta(minutes=41)
    assert arrival(estimated_ready_at=ready, out_for_delivery_at=left, model=MODEL) == left + timedelta(minutes=20)
