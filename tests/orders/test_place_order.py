"""PlaceOrderCommand through the mediator: prices, rules, payment, events, idempotency."""

from datetime import datetime
from decimal import Decimal
from pizzeria.application import Outcome
from zoneinfo import ZoneInfo

import pytest

from menu.models import MenuItem, Topping

from orders.models import Order, OrderLine, OrderStatus, OrderTimelineEntry
from orders.services import DECLINED_TEST_CARD, Clock, FixedClock
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def assert_nothing_stored():
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0
    assert OrderTimelineEntry.objects.count() == 0


def test_a_cash_order_is_placed_pending_with_a_server_computed_total(menu, mediator):
    command = place_order_command(lines=(
        line("margherita", "large", ["extra_cheese", "fresh_basil"], 2),  # (15.60 + 1.50 + 0.50) x 2
        line("cola", "small", [], 3),                                     # 2.00 x 3
    ))
    result = mediator.execute(command)

    assert result.outcome is Outcome.CREATED
    order = Order.objects.get(public_id=result.data.order_id)
    assert order.status == OrderStatus.PENDING
    assert order.total_amount == Decimal("41.20") == result.data.total_amount
    assert str(order.customer_phone) == "+12025550142"  # normalised
    assert [(l.item_name, l.size, l.quantity, l.unit_price) for l in order.lines.all()] == [
        ("Margherita", "large", 2, Decimal("17.60")), ("Cola", "small", 3, Decimal("2.00")),
    ]
    assert list(order.timeline.values_list("event_type", flat=True)) == ["OrderPlaced"]
    assert len(order.public_id) >= 20 and order.public_id != str(order.pk)


def test_a_card_order_is_authorised_and_confirmed(menu, mediator):
    result = mediator.execute(place_order_command(payment_method="card", card_number="4242 4242 4242 4242"))

    order = Order.objects.get(public_id=result.data.order_id)
    assert order.status == OrderStatus.CONFIRMED and order.payment_reference.startswith("auth_")
    assert list(order.timeline.values_list("event_type", flat=True)) == ["OrderPlaced", "OrderConfirmed"]


def test_a_declined_card_stores_nothing_and_says_so(menu, mediator):
    result = mediator.execute(place_order_command(payment_method="card", card_number=DECLINED_TEST_CARD))

    assert result.outcome is Outcome.REJECTED
    assert result.field_errors["card_number"] == ["Your card was declined by the bank."]
    assert_nothing_stored()


def test_the_estimate_counts_the_slowest_item_and_the_queue(menu, mediator):
    first = mediator.execute(place_order_command()).data
    second = mediator.execute(place_order_command(lines=(line("pumpkin_sage"), line("cola")))).data
    order = Order.objects.get(public_id=second.order_id)

    assert (first.estimated_ready_at - Order.objects.get(public_id=first.order_id).placed_at).seconds == 12 * 60
    # the promise model (orders/eta.py): one pizza ahead is ⌈1 × 12 ÷ 4⌉ = 3 minutes of oven queue
    assert (order.estimated_ready_at - order.placed_at).seconds == (15 + 3) * 60
    assert order.promised_at == order.estimated_ready_at


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"customer_phone": "555-0123"}, "customer_phone", "valid phone number"),
    ({"customer_phone": ""}, "customer_phone", "Please enter a phone number"),
    ({"customer_name": "  "}, "customer_name", "Please enter your name"),
    ({"delivery_address": ""}, "delivery_address", "Please enter a delivery address"),
    ({"fulfilment": "teleport"}, "fulfilment", "delivery or pickup"),
    ({"customer_email": "not-an-email"}, "customer_email", "valid email"),
    ({"payment_method": "card", "card_number": "12"}, "card_number", "12 to 19 digits"),
    ({"payment_method": "bitcoin"}, "payment_method", "cash or card"),
    ({"lines": ()}, "lines", "at least one pizza"),
    ({"lines": (line(quantity=0),)}, "lines.0.quantity", "1 to 20"),
    ({"lines": (line(quantity=21),)}, "lines.0.quantity", "1 to 20"),
    ({"lines": (line(toppings=[f"t{i}" for i in range(11)]),)}, "lines.0.toppings", "At most 10 toppings"),
    ({"lines": (line(toppings=["olives", "olives"]),)}, "lines.0.toppings", "once"),
    ({"lines": (line(size="gigantic"),)}, "lines.0.size", "small, medium or large"),
    ({"lines": (line(special_instructions="x" * 201),)}, "lines.0.special_instructions", "at most 200"),
])
def test_bad_input_is_refused_field_by_field_and_nothing_is_stored(menu, mediator, overrides, field, message):
    result = mediator.execute(place_order_command(**overrides))

    assert result.outcome is Outcome.INVALID
    assert message in " ".join(result.field_errors[field])
    assert_nothing_stored()


@pytest.mark.parametrize(("lines", "field", "message"), [
    ((line("calzone_deluxe"),), "lines.0.item", "don't have “calzone_deluxe”"),
    ((line("margherita"), line("cola", toppings=["pepperoni"])), "lines.1.toppings", "can't go on Cola"),
    ((line("tiramisu", size="large"),), "lines.0.size", "one size only"),
])
def test_menu_rules_are_checked_against_the_database(menu, mediator, lines, field, message):
    result = mediator.execute(place_order_command(lines=lines))

    assert result.outcome is Outcome.REJECTED
    assert message in result.field_errors[field][0]
    assert_nothing_stored()


def test_an_item_that_sold_out_since_it_was_carted_is_refused(menu, mediator):
    MenuItem.objects.filter(slug="pepperoni").update(is_available=False)
    result = mediator.execute(place_order_command(lines=(line("margherita"), line("pepperoni"))))

    assert result.outcome is Outcome.REJECTED and "Pepperoni is sold out" in result.field_errors["lines.1.item"][0]
    assert_nothing_stored()


def test_a_topping_that_ran_out_is_refused(menu, mediator):
    Topping.objects.filter(slug="olives").update(is_available=False)
    result = mediator.execute(place_order_command(lines=(line(toppings=["olives"]),)))

    assert result.outcome is Outcome.REJECTED and "run out of Black olives" in result.field_errors["lines.0.toppings"][0]


def test_orders_are_refused_outside_business_hours(menu, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00"}
    mediator.container.register_instance(
        Clock, FixedClock(datetime(2026, 11, 23, 7, 30, tzinfo=ZoneInfo(settings.TIME_ZONE)))
    )
    result = mediator.execute(place_order_command())

    assert result.outcome is Outcome.UNAVAILABLE and "closed" in result.error and "11:00–23:00" in result.error
    assert_nothing_stored()


def test_orders_are_taken_inside_business_hours(menu, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00"}
    mediator.container.register_instance(
        Clock, FixedClock(datetime(2026, 11, 23, 19, 0, tzinfo=ZoneInfo(settings.TIME_ZONE)))
    )
    assert mediator.execute(place_order_command()).outcome is Outcome.CREATED


def test_a_full_kitchen_refuses_new_orders_with_an_expected_wait(menu, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 2}
    assert mediator.execute(place_order_command()).outcome is Outcome.CREATED
    assert mediator.execute(place_order_command()).outcome is Outcome.CREATED

    result = mediator.execute(place_order_command())

    assert result.outcome is Outcome.UNAVAILABLE
    assert "kitchen is at capacity" in result.error and "expect about 18 minutes" in result.error  # ⌈2 × 12 ÷ 4⌉ + 12
    assert Order.objects.count() == 2


def test_the_same_submission_creates_one_order(menu, mediator):
    first = mediator.execute(place_order_command(idempotency_key="form-123", idempotency_scope="session:a"))
    again = mediator.execute(place_order_command(idempotency_key="form-123", idempotency_scope="session:a"))

    assert first.outcome is Outcome.CREATED and again.outcome is Outcome.OK
    assert again.data.order_id == first.data.order_id
    assert Order.objects.count() == 1


def test_a_failed_submission_can_be_retried_with_the_same_key(menu, mediator):
    declined = mediator.execute(place_order_command(idempotency_key="form-9", idempotency_scope="session:a",
                                                    payment_method="card", card_number=DECLINED_TEST_CARD))
    retried = mediator.execute(place_order_command(idempotency_key="form-9", idempotency_scope="session:a"))

    assert declined.outcome is Outcome.REJECTED and retried.outcome is Outcome.CREATED
    assert Order.objects.count() == 1
