"""Every order status against every domain action: legal ones move and raise their event,
illegal ones are refused with a message naming the current state."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import domain_events as events
from orders.models import Fulfilment, IllegalTransition, Order, OrderLine, OrderStatus

NOW = timezone.now()

ACTIONS = {
    "confirm_payment": (lambda o: o.confirm_payment(reference="auth_1", at=NOW), OrderStatus.CONFIRMED, events.OrderConfirmed),
    "start_cooking": (lambda o: o.start_cooking(cook=None, cook_name="Luigi", estimated_minutes=15, at=NOW),
                      OrderStatus.COOKING, events.CookingStarted),
    "mark_ready": (lambda o: o.mark_ready(at=NOW), OrderStatus.READY, events.OrderReady),
    "send_out_for_delivery": (lambda o: o.send_out_for_delivery(driver=None, driver_name="Toad", at=NOW),
                              OrderStatus.DELIVERING, events.OrderOutForDelivery),
    "mark_delivered": (lambda o: o.mark_delivered(at=NOW), OrderStatus.DELIVERED, events.OrderDelivered),
    "mark_picked_up": (lambda o: o.mark_picked_up(at=NOW), OrderStatus.PICKED_UP, events.OrderPickedUp),
    "cancel": (lambda o: o.cancel(reason="changed my mind", at=NOW), OrderStatus.CANCELLED, events.OrderCancelled),
}

LEGAL = {
    (OrderStatus.PENDING, "confirm_payment"), (OrderStatus.PENDING, "start_cooking"), (OrderStatus.PENDING, "cancel"),
    (OrderStatus.CONFIRMED, "start_cooking"), (OrderStatus.CONFIRMED, "cancel"),
    (OrderStatus.COOKING, "mark_ready"),
    (OrderStatus.READY, "send_out_for_delivery"), (OrderStatus.READY, "mark_picked_up"),
    (OrderStatus.DELIVERING, "mark_delivered"),
}


def make_order(status, fulfilment=Fulfilment.DELIVERY, lines=1):
    order = Order(pk=7, public_id="abc", status=status, fulfilment=fulfilment, customer_name="Ann",
                  total_amount=Decimal("10"), placed_at=NOW, estimated_ready_at=NOW + timedelta(minutes=20))
    order.__dict__["_lines"] = [
        OrderLine(position=i, item_name=f"Pizza {i}", size="medium", quantity=1,
                  unit_price=Decimal("10"), line_total=Decimal("10"))
        for i in range(lines)
    ]
    return order


def fulfilment_for(action):
    return Fulfilment.PICKUP if action == "mark_picked_up" else Fulfilment.DELIVERY


@pytest.mark.parametrize("status", OrderStatus.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_from_each_status(status, action):
    apply, target, event_type = ACTIONS[action]
    order = make_order(status, fulfilment_for(action))

    if (status, action) in LEGAL:
        apply(order)
        assert order.status == target
        assert [type(e) for e in order.pull_events()][0] is event_type
    else:
        with pytest.raises(IllegalTransition) as refused:
            apply(order)
        assert order.status == status
        assert order.pending_events == ()
        assert OrderStatus(status).label.lower() in str(refused.value)


def test_a_second_cook_is_told_who_started_the_order():
    order = make_order(OrderStatus.COOKING)
    order.cook_name = "Luigi"
    with pytest.raises(IllegalTransition, match="already started by Luigi"):
        order.start_cooking(cook=None, cook_name="Mario", estimated_minutes=10, at=NOW)


def test_delivery_and_pickup_orders_finish_their_own_way():
    with pytest.raises(IllegalTransition, match="for delivery, not pickup"):
        make_order(OrderStatus.READY, Fulfilment.DELIVERY).mark_picked_up(at=NOW)
    with pytest.raises(IllegalTransition, match="for pickup, not delivery"):
        make_order(OrderStatus.READY, Fulfilment.PICKUP).send_out_for_delivery(driver=None, driver_name="T", at=NOW)


def test_the_last_ready_pizza_makes_the_order_ready():
    order = make_order(OrderStatus.COOKING, lines=2)
    order.mark_line_ready(position=0, at=NOW)
    assert order.status == OrderStatus.COOKING
    order.mark_line_ready(position=1, at=NOW)

    assert order.status == OrderStatus.READY and order.ready_at == NOW
    assert [type(e) for e in order.pull_events()] == [events.PizzaReady, events.PizzaReady, events.OrderReady]


def test_a_pizza_cannot_be_marked_ready_twice_or_outside_cooking():
    order = make_order(OrderStatus.COOKING, lines=2)
    order.mark_line_ready(position=0, at=NOW)
    with pytest.raises(IllegalTransition, match="already marked ready"):
        order.mark_line_ready(position=0, at=NOW)
    with pytest.raises(IllegalTransition, match="no line 5"):
        order.mark_line_ready(position=4, at=NOW)
    with pytest.raises(IllegalTransition, match="is placed"):
        make_order(OrderStatus.PENDING).mark_line_ready(position=0, at=NOW)


def test_marking_the_whole_order_ready_readies_every_pizza():
    order = make_order(OrderStatus.COOKING, lines=3)
    order.mark_ready(at=NOW)
    assert all(line.is_ready for line in order.line_list)


def test_cancelling_remembers_the_reason_and_the_previous_state():
    order = make_order(OrderStatus.CONFIRMED)
    order.cancel(reason="Wrong address", at=NOW)
    (event,) = order.pull_events()
    assert event.previous_status == OrderStatus.CONFIRMED and event.reason == "Wrong address"
    assert order.cancellation_reason == "Wrong address" and order.cancelled_at == NOW
