"""Kitchen commands through the mediator: the state machine, estimates, and clear refusals."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from pizzeria.application import Outcome
from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.access import Viewer
from orders.commands.cancel_order import CancelOrderCommand
from orders.models import Order, OrderStatus
from orders.queries.get_order_status import GetOrderStatusQuery
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook(menu):
    return get_user_model().objects.get(username="cook")


def place(mediator, **overrides):
    return mediator.execute(place_order_command(**overrides)).data.order_id


def test_start_cooking_records_the_cook_and_a_default_estimate_from_the_items(mediator, cook, settings):
    # A big oven: the promise (15 + ⌈2 × 12 ÷ 12⌉ = 17 minutes) is earlier than the cook's default.
    settings.PIZZERIA = {**settings.PIZZERIA, "OVEN_CAPACITY": 12}
    order_id = place(mediator, lines=(line("pumpkin_sage", quantity=2), line("margherita")))
    result = mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))

    order = Order.objects.get(public_id=order_id)
    assert result.outcome is Outcome.OK and order.status == OrderStatus.COOKING
    assert order.cook == cook and order.cook_name == "Luigi"
    assert order.estimated_ready_at - order.cooking_started_at == timedelta(minutes=15 + 2 * 2)


def test_start_cooking_takes_an_explicit_estimate(mediator, cook):
    order_id = place(mediator)
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk, estimated_cooking_time_minutes=25))
    order = Order.objects.get(public_id=order_id)
    assert order.estimated_ready_at - order.cooking_started_at == timedelta(minutes=25)


def test_a_second_start_is_a_conflict_naming_the_first_cook(mediator, cook):
    order_id = place(mediator)
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))
    again = mediator.execute(StartCookingCommand(order_id=order_id, cook_name="Mario"))

    assert again.outcome is Outcome.CONFLICT and "already started by Luigi" in again.error


def test_pizzas_marked_one_by_one_make_the_order_ready_and_fill_the_timeline(mediator, cook):
    order_id = place(mediator, lines=(line("margherita"), line("pepperoni")))
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))
    assert mediator.execute(MarkPizzaReadyCommand(order_id=order_id, pizza_index=0)).data.status == "cooking"
    assert mediator.execute(MarkPizzaReadyCommand(order_id=order_id, pizza_index=1)).data.status == "ready"

    details = mediator.execute(GetOrderStatusQuery(order_id=order_id, viewer=Viewer(sees_every_order=True))).data
    assert [entry.event_type for entry in details.timeline] == [
        "OrderPlaced", "CookingStarted", "PizzaReady", "PizzaReady", "OrderReady",
    ]
    assert all(line.is_ready for line in details.lines)


def test_an_illegal_step_is_refused_and_changes_nothing(mediator, cook):
    order_id = place(mediator)
    result = mediator.execute(MarkOrderReadyCommand(order_id=order_id))

    assert result.outcome is Outcome.CONFLICT and "is placed" in result.error
    order = Order.objects.get(public_id=order_id)
    assert order.status == OrderStatus.PENDING and order.timeline.count() == 1


def test_pickup_orders_are_handed_over(mediator, cook):
    order_id = place(mediator, fulfilment="pickup", delivery_address="")
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))
    mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    assert mediator.execute(MarkOrderPickedUpCommand(order_id=order_id)).data.status == "picked_up"


def test_cancel_is_allowed_until_the_kitchen_starts(mediator, cook):
    cancelled = place(mediator)
    assert mediator.execute(CancelOrderCommand(order_id=cancelled, reason="Ordered twice")).data.status == "cancelled"

    started = place(mediator)
    mediator.execute(StartCookingCommand(order_id=started, cook_id=cook.pk))
    refused = mediator.execute(CancelOrderCommand(order_id=started))
    assert refused.outcome is Outcome.CONFLICT and "Cannot cancel" in refused.error and "cooking" in refused.error


def test_unknown_orders_and_bad_arguments_are_clear_results(mediator, cook):
    assert mediator.execute(StartCookingCommand(order_id="nope", cook_id=cook.pk)).outcome is Outcome.NOT_FOUND
    assert mediator.execute(MarkPizzaReadyCommand(order_id="x", pizza_index=-1)).outcome is Outcome.INVALID
    assert mediator.execute(StartCookingCommand(order_id="x", cook_id=cook.pk,
                                                estimated_cooking_time_minutes=0)).outcome is Outcome.INVALID
    assert mediator.execute(GetOrderStatusQuery(order_id="nope", viewer=Viewer(sees_every_order=True))).outcome is Outcome.NOT_FOUND
