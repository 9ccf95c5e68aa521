"""Drivers are told apart by user id, not by the name the screens show: two drivers called Sam."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from pizzeria.application import Outcome
from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from delivery.queries.get_delivery_board import GetDeliveryBoardQuery
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.models import Order, OrderStatus
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sams(menu):
    """Two drivers whose screens both say "Sam"."""
    users = get_user_model().objects
    delivery = Group.objects.get(name="Delivery")
    first = users.create_user("sam.one", password="x", first_name="Sam")
    second = users.create_user("sam.two", password="x", first_name="Sam")
    for sam in (first, second):
        sam.groups.add(delivery)
    return first, second


def ready_order(mediator) -> str:
    order_id = mediator.execute(place_order_command()).data.order_id
    cook = get_user_model().objects.get(username="cook")
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))
    mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    return order_id


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_second_sam_cannot_take_the_first_sams_order(mediator, sams):
    first, second = sams
    order_id = ready_order(mediator)
    assert mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))

    taken = mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=second.pk))
    assert taken.outcome is Outcome.CONFLICT and "already assigned to Sam" in taken.error
    order = Order.objects.get(public_id=order_id)
    assert order.driver_id == first.pk and order.driver_name == "Sam"


def test_the_second_sam_cannot_leave_with_the_first_sams_order(mediator, sams):
    first, second = sams
    order_id = ready_order(mediator)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))

    leave = mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=second.pk))
    assert leave.outcome is Outcome.CONFLICT and "assigned to Sam" in leave.error
    order = Order.objects.get(public_id=order_id)
    assert order.status == OrderStatus.READY and order.driver_id == first.pk

    # The first Sam still can; then only they can mark it delivered.
    left = mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=first.pk))
    assert left.data.status == "delivering"
    refused = mediator.execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=second.pk))
    assert refused.outcome is Outcome.CONFLICT and "being delivered by Sam" in refused.error
    assert mediator.execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=first.pk)).data.status == "delivered"


def test_the_same_driver_taking_twice_is_told_it_is_theirs(mediator, sams):
    first, _ = sams
    order_id = ready_order(mediator)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))
    again = mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))
    assert again.outcome is Outcome.CONFLICT and "already assigned to you" in again.error


def test_the_second_sams_taps_on_the_delivery_screen_are_refused_with_a_message(mediator, sams):
    first, second = sams
    order_id = ready_order(mediator)
    signed_in(first).post(f"/delivery/orders/{order_id}/take/", **HTMX)

    for step in ("take", "depart"):
        response = signed_in(second).post(f"/delivery/orders/{order_id}/{step}/", **HTMX)
        body = html.unescape(response.content.decode())
        assert response.status_code == 409 and "assigned to Sam" in body
    order = Order.objects.get(public_id=order_id)
    assert order.status == OrderStatus.READY and order.driver_id == first.pk


def test_an_order_whose_drivers_account_is_gone_can_be_taken_again(mediator, sams):
    """The name stays on the order for the record; with no driver id, the order is free."""
    first, second = sams
    order_id = ready_order(mediator)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))
    first.delete()

    (ticket,) = mediator.execute(GetDeliveryBoardQuery()).data.waiting
    assert ticket.driver_name == "Sam" and not ticket.is_taken
    board = html.unescape(signed_in(second).get("/delivery/").content.decode())
    assert "Take it" in board and "Sam has it" not in board
    kitchen = html.unescape(signed_in(get_user_model().objects.get(username="cook")).get("/kitchen/").content.decode())
    assert "Waiting for a driver" in kitchen and "Sam will deliver it" not in kitchen

    assert mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=second.pk))
    assert Order.objects.get(public_id=order_id).driver_id == second.pk


def test_the_kitchen_cannot_recall_an_order_a_driver_has_by_id(mediator, sams):
    first, _ = sams
    order_id = ready_order(mediator)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=first.pk))
    refused = mediator.execute(RecallStepCommand(order_id=order_id))
    assert refused.outcome is Outcome.CONFLICT and Order.objects.get(public_id=order_id).status == OrderStatus.READY
