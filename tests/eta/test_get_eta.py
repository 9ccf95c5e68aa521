"""GetEtaQuery reads the live queue, busy mode and the cart; PlaceOrderCommand stores the very
promise it showed."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from orders.commands.add_to_cart import AddToCartCommand
from orders.commands.set_online_ordering import SetOnlineOrderingCommand
from orders.models import Order
from orders.queries.get_eta import GetEtaQuery
from orders.services import Clock, FixedClock
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

EVENING = datetime(2026, 11, 30, 18, 2, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def clock(mediator):
    clock = FixedClock(EVENING)
    mediator.container.register_instance(Clock, clock)
    return clock


def eta(mediator, browser_key=""):
    return mediator.execute(GetEtaQuery(browser_key=browser_key)).data


def test_an_empty_kitchen_quotes_one_ordinary_pizza(menu, mediator, clock):
    quote = eta(mediator)
    assert quote.estimate.ready_in_minutes == 12 and quote.estimate.arrives_in_minutes == 32
    assert quote.is_open and quote.notice == "" and not quote.for_cart


def test_the_quote_grows_with_the_open_tickets_and_busy_mode(menu, mediator, clock):
    mediator.execute(place_order_command(lines=(line("margherita", quantity=3), line("cola"))))
    mediator.execute(place_order_command(lines=(line("pepperoni"),)))
    assert eta(mediator).estimate.ready_in_minutes == 12 + 12  # 4 pizzas ahead: ⌈4 × 12 ÷ 4⌉

    mediator.execute(SetOnlineOrderingCommand(extra_minutes=20, changed_by="Luigi"))
    quote = eta(mediator)
    assert quote.estimate.ready_in_minutes == 12 + 12 + 20 and "busy" in quote.notice


def test_ready_lines_and_finished_orders_leave_the_queue(menu, mediator, clock):
    placed = mediator.execute(place_order_command(lines=(line("margherita", quantity=4),))).data
    assert eta(mediator).estimate.ready_in_minutes == 24
    Order.objects.filter(public_id=placed.order_id).update(status="ready")
    assert eta(mediator).estimate.ready_in_minutes == 12


def test_checkout_quotes_the_cart_and_the_order_stores_that_quote(menu, mediator, clock):
    mediator.execute(place_order_command(lines=(line("margherita", quantity=2),)))
    key = "browser-ann"
    mediator.execute(AddToCartCommand(browser_key=key, line=line("pumpkin_sage", quantity=3)))
    quote = eta(mediator, key)
    # 2 ahead + 2 more of its own = 4 → 12 min of oven queue; pumpkin & sage bakes 15.
    assert quote.for_cart and quote.estimate.ready_in_minutes == 12 + 15

    placed = mediator.execute(place_order_command(lines=(), from_cart=True, browser_key=key)).data
    order = Order.objects.get(public_id=placed.order_id)
    assert order.promised_at == order.estimated_ready_at == quote.estimate.ready_at


def test_a_closed_kitchen_says_so_and_offers_order_ahead(menu, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00"}
    mediator.container.register_instance(Clock, FixedClock(EVENING.replace(hour=9, minute=0)))
    quote = eta(mediator)
    assert not quote.is_open and "closed right now" in quote.notice and "order ahead" in quote.notice
    assert quote.slots[0].label == "11:00 AM"
