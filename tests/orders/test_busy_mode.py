"""Busy mode from the kitchen: extra minutes on every promise, or online ordering paused for a
while (503 with Retry-After on the API and the checkout), ending by itself."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from orders.commands.set_online_ordering import SetOnlineOrderingCommand
from orders.queries.get_eta import GetEtaQuery
from orders.queries.get_online_ordering import GetOnlineOrderingQuery
from orders.services import Clock, FixedClock
from pizzeria.application import Outcome
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("America/New_York"))
ORDER = {"customer_name": "Ann", "customer_phone": "(202) 555-0142", "customer_address": "1 Main St",
         "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": []}]}


@pytest.fixture
def clock(mediator):
    clock = FixedClock(NOON)
    mediator.container.register_instance(Clock, clock)
    return clock


def test_extra_minutes_are_added_to_the_promise_of_new_orders(mediator, menu, clock):
    before = mediator.execute(place_order_command()).data.estimated_ready_at
    mediator.execute(place_order_command()).data  # noqa: B018 (the queue now holds two orders)
    assert mediator.execute(SetOnlineOrderingCommand(extra_minutes=20, changed_by="Luigi")).is_success

    after = mediator.execute(place_order_command()).data.estimated_ready_at
    # Two pizzas ahead add ⌈2 × 12 ÷ 4⌉ = 6 minutes (orders/eta.py); busy mode adds 20.
    assert after - before == timedelta(minutes=6 + 20)
    status = mediator.execute(GetOnlineOrderingQuery()).data
    assert status.extra_minutes == 20 and not status.is_paused and "20 minutes longer" in status.notice


def test_a_pause_refuses_orders_until_it_ends_by_itself(mediator, menu, clock):
    paused = mediator.execute(SetOnlineOrderingCommand(pause_minutes=15, changed_by="Luigi")).data
    assert paused.is_paused and paused.paused_until == NOON + timedelta(minutes=15)

    refused = mediator.execute(place_order_command())
    assert refused.outcome is Outcome.UNAVAILABLE and refused.retry_after == 15 * 60
    assert "paused" in refused.error and "12:15 PM" in refused.error

    clock.moment = NOON + timedelta(minutes=15)
    assert mediator.execute(place_order_command()).is_success
    assert not mediator.execute(GetOnlineOrderingQuery()).data.is_paused


def test_during_a_pause_an_order_ahead_that_reaches_the_kitchen_after_it_is_taken(client, mediator, menu, clock,
                                                                                   settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00",
                         "SLOT_MINUTES": 15, "SCHEDULE_LEAD_MINUTES": 30}
    assert mediator.execute(GetEtaQuery()).data.slots[0].starts_at == NOON.replace(minute=15)
    mediator.execute(SetOnlineOrderingCommand(pause_minutes=15))  # until 12:15

    # A 12:45 order reaches the kitchen at 12:15, as the pause ends: the first time offered.
    assert mediator.execute(GetEtaQuery()).data.slots[0].starts_at == NOON.replace(minute=45)
    page = client.get("/").content.decode()
    assert "orders for as soon as possible are taken again at 12:15 PM" in page  # not every order
    assert "the first time free is <strong>12:45 PM</strong>" in page

    during = mediator.execute(place_order_command(scheduled_for=NOON.replace(minute=30)))
    assert during.outcome is Outcome.INVALID and "the earliest is about 12:45 PM" in during.error
    assert mediator.execute(place_order_command(scheduled_for=NOON.replace(minute=45))).outcome is Outcome.CREATED
    assert mediator.execute(place_order_command()).outcome is Outcome.UNAVAILABLE  # as soon as possible waits


def test_resuming_early_takes_orders_at_once(mediator, menu, clock):
    mediator.execute(SetOnlineOrderingCommand(pause_minutes=30))
    mediator.execute(SetOnlineOrderingCommand(pause_minutes=0))
    assert mediator.execute(place_order_command()).is_success


def test_each_setting_changes_alone(mediator, menu, clock):
    mediator.execute(SetOnlineOrderingCommand(extra_minutes=20))
    paused = mediator.execute(SetOnlineOrderingCommand(pause_minutes=15)).data
    assert paused.is_paused and paused.extra_minutes == 20  # the delay stays through a pause
    clock.moment += timedelta(minutes=5)
    calmer = mediator.execute(SetOnlineOrderingCommand(extra_minutes=10)).data
    assert calmer.extra_minutes == 10 and calmer.paused_until == NOON + timedelta(minutes=15)  # the pause stays


def test_the_api_answers_503_with_retry_after_while_paused(client, mediator, menu, clock):
    mediator.execute(SetOnlineOrderingCommand(pause_minutes=10))
    response = client.post("/api/orders", json.dumps(ORDER), content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "600"
    assert "paused" in response.json()["error"]


def test_the_menu_tells_customers_before_they_build_a_cart(client, mediator, menu, clock):
    assert "orders take about" not in client.get("/").content.decode()
    mediator.execute(SetOnlineOrderingCommand(extra_minutes=20))
    assert "orders take about 20 minutes longer" in client.get("/").content.decode()
    mediator.execute(SetOnlineOrderingCommand(pause_minutes=10))
    assert "Online ordering is paused" in client.get("/").content.decode()


@pytest.mark.parametrize(("command", "field"), [
    (SetOnlineOrderingCommand(extra_minutes=-5), "extra_minutes"),
    (SetOnlineOrderingCommand(extra_minutes=61), "extra_minutes"),
    (SetOnlineOrderingCommand(extra_minutes=True), "extra_minutes"),
    (SetOnlineOrderingCommand(pause_minutes=241), "pause_minutes"),
    (SetOnlineOrderingCommand(pause_minutes="15"), "pause_minutes"),
    (SetOnlineOrderingCommand(), "extra_minutes"),
])
def test_silly_values_are_refused(mediator, command, field, db):
    result = mediator.execute(command)
    assert result.outcome is Outcome.INVALID and field in result.field_errors
