"""The boards offer exactly the actions the queries allow, and the queries ask the aggregate."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from delivery.queries.get_delivery_board import GetDeliveryBoardQuery
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from orders.models import Order, OrderStatus
from orders.services import Clock, FixedClock
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
RECALL = "Recall<span class=\"visually-hidden\"> last step</span>"


def user(username):
    return get_user_model().objects.get(username=username)


def client_for(username) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def ticket_html(body: str, number: int) -> str:
    start = body.index(f'id="ticket-{number}"')
    return body[start:body.index("</article>", start)]


def kitchen_ticket(mediator, number):
    board = mediator.execute(GetKitchenQueueQuery()).data
    return next(t for column in board.columns for t in column.tickets if t.number == number)


def place(mediator, **overrides):
    return mediator.execute(place_order_command(**overrides)).data


def test_recall_is_not_offered_once_a_driver_has_the_order_because_the_domain_refuses_it(menu, mediator):
    placed = place(mediator)
    assert mediator.execute(StartCookingCommand(order_id=placed.order_id, cook_id=user("cook").pk)).is_success
    assert mediator.execute(MarkOrderReadyCommand(order_id=placed.order_id)).is_success
    cook = client_for("cook")
    assert RECALL in ticket_html(cook.get("/kitchen/").content.decode(), placed.number)  # still the kitchen's

    driver = user("driver")
    assert mediator.execute(AssignOrderToDeliveryCommand(order_id=placed.order_id, driver_id=driver.pk)).is_success
    ticket = ticket_html(cook.get("/kitchen/").content.decode(), placed.number)
    assert "will deliver it" in ticket and RECALL not in ticket
    assert "recall" not in kitchen_ticket(mediator, placed.number).actions
    # ...because the domain would refuse it: the button would only have led to an error.
    refused = cook.post(f"/kitchen/orders/{placed.order_id}/recall/", **HTMX)
    assert refused.status_code == 409
    assert Order.objects.get(public_id=placed.order_id).status == OrderStatus.READY


def test_recall_is_offered_within_the_window_only(menu, mediator):
    placed = place(mediator)
    assert mediator.execute(StartCookingCommand(order_id=placed.order_id, cook_id=user("cook").pk)).is_success
    started = Order.objects.get(public_id=placed.order_id).cooking_started_at
    assert "recall" in kitchen_ticket(mediator, placed.number).actions

    mediator.container.register_instance(Clock, FixedClock(started + timedelta(seconds=121)))
    ticket = kitchen_ticket(mediator, placed.number)
    assert "recall" not in ticket.actions and "ready" in ticket.actions
    assert RECALL not in ticket_html(client_for("cook").get("/kitchen/").content.decode(), placed.number)


def test_each_kitchen_state_offers_what_its_transitions_allow(menu, mediator):
    pickup = place(mediator, fulfilment="pickup", delivery_address="", lines=(line("margherita"), line("pepperoni")))
    assert kitchen_ticket(mediator, pickup.number).actions == {"start"}

    mediator.execute(StartCookingCommand(order_id=pickup.order_id, cook_id=user("cook").pk))
    cooking = kitchen_ticket(mediator, pickup.number)
    assert cooking.actions == {"pizza_ready", "ready", "recall"}
    assert [ln.can_mark_ready for ln in cooking.lines] == [True, True]

    mediator.execute(MarkPizzaReadyCommand(order_id=pickup.order_id, pizza_index=0))
    assert [ln.can_mark_ready for ln in kitchen_ticket(mediator, pickup.number).lines] == [False, True]

    mediator.execute(MarkOrderReadyCommand(order_id=pickup.order_id))
    ready = kitchen_ticket(mediator, pickup.number)
    assert ready.actions == {"picked_up", "recall"} and not any(ln.can_mark_ready for ln in ready.lines)
    body = ticket_html(client_for("cook").get("/kitchen/").content.decode(), pickup.number)
    assert "Handed over" in body and "Start cooking" not in body and "Order ready" not in body


def test_the_delivery_board_offers_take_then_only_its_driver_moves_it(menu, mediator):
    placed = place(mediator)
    mediator.execute(StartCookingCommand(order_id=placed.order_id, cook_id=user("cook").pk))
    mediator.execute(MarkOrderReadyCommand(order_id=placed.order_id))

    (waiting,) = mediator.execute(GetDeliveryBoardQuery()).data.waiting
    assert waiting.actions == {"take", "depart"}
    mediator.execute(AssignOrderToDeliveryCommand(order_id=placed.order_id, driver_id=user("driver").pk))
    (taken,) = mediator.execute(GetDeliveryBoardQuery()).data.waiting
    assert taken.actions == {"depart"}
    body = client_for("driver").get("/delivery/").content.decode()
    assert "Take it" not in body and 'mine-only" hx-post' in body

    mediator.execute(MarkOutForDeliveryCommand(order_id=placed.order_id, driver_id=user("driver").pk))
    (out,) = mediator.execute(GetDeliveryBoardQuery()).data.on_the_road
    assert out.actions == {"delivered"}
