"""Timers run against the promise made at checkout: starting to cook never resets it, and the
customer's estimate may move later but never earlier."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from orders.models import Order
from orders.services import Clock, FixedClock
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def clock(mediator):
    clock = FixedClock(NOON)
    mediator.container.register_instance(Clock, clock)
    return clock


def start(mediator, order_id, minutes=None):
    cook = get_user_model().objects.get(username="cook")
    result = mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk,
                                                  estimated_cooking_time_minutes=minutes))
    assert result, result.first_error
    return Order.objects.get(public_id=order_id)


def test_a_late_start_keeps_the_promise_and_pushes_the_estimate_later(mediator, menu, clock):
    placed = mediator.execute(place_order_command()).data
    promise = placed.estimated_ready_at
    clock.moment = promise + timedelta(minutes=5)  # already late when the cook starts

    order = start(mediator, placed.order_id, minutes=12)

    assert order.promised_at == promise  # the ticket stays late
    assert order.estimated_ready_at == clock.moment + timedelta(minutes=12)  # the customer is told the truth


def test_an_early_start_never_pulls_the_estimate_back(mediator, menu, clock):
    placed = mediator.execute(place_order_command()).data
    order = start(mediator, placed.order_id, minutes=1)
    assert order.promised_at == order.estimated_ready_at == placed.estimated_ready_at


def test_the_board_shows_the_promise_and_the_warning_time_from_settings(mediator, menu, clock, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "TICKET_WARNING_MINUTES": 7}
    placed = mediator.execute(place_order_command()).data
    clock.moment = placed.estimated_ready_at + timedelta(minutes=5)
    start(mediator, placed.order_id, minutes=12)

    ticket = next(t for t in mediator.execute(GetKitchenQueueQuery()).data.cooking if t.order_id == placed.order_id)
    assert ticket.promised_at == placed.estimated_ready_at
    assert ticket.warn_at == placed.estimated_ready_at - timedelta(minutes=7)


def test_the_ticket_markup_carries_the_promise_not_the_estimate(client, mediator, menu, clock):
    placed = mediator.execute(place_order_command()).data
    clock.moment = placed.estimated_ready_at + timedelta(minutes=5)
    order = start(mediator, placed.order_id, minutes=12)
    client.force_login(get_user_model().objects.get(username="cook"))
    page = client.get("/kitchen/").content.decode()
    card = page[page.index(f'id="ticket-{order.pk}"'):]
    assert 'data-due-at="2026-11-27T12:12:00-05:00"' in card[:600]  # 12 minutes after noon: the promise
    assert order.estimated_ready_at == NOON + timedelta(minutes=29)  # (not the later estimate)
