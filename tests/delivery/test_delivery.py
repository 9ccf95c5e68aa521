"""Delivery: drivers take ready orders, leave with them and deliver them; every screen follows."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from pizzeria.application import Outcome
from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.models import Order, OrderStatus
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def staff(menu):
    users = get_user_model().objects
    second = users.create_user("driver2", password="x", first_name="Yoshi")
    second.groups.add(Group.objects.get(name="Delivery"))
    return {"cook": users.get(username="cook"), "driver": users.get(username="driver"), "driver2": second}


def ready_order(mediator, staff, **overrides):
    order_id = mediator.execute(place_order_command(**overrides)).data.order_id
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=staff["cook"].pk))
    mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    return order_id


def driver_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_driver_takes_leaves_with_and_delivers_an_order(mediator, staff):
    order_id = ready_order(mediator, staff)
    driver = staff["driver"].pk

    assert mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=driver)).data.status == "ready"
    assert mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver)).data.status == "delivering"
    assert mediator.execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=driver)).data.status == "delivered"

    order = Order.objects.get(public_id=order_id)
    assert order.driver == staff["driver"] and order.driver_name == "Toad" and order.completed_at
    assert list(order.timeline.values_list("event_type", flat=True))[-3:] == [
        "DriverAssigned", "OrderOutForDelivery", "OrderDelivered"]


def test_one_driver_per_order(mediator, staff):
    order_id = ready_order(mediator, staff)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk))

    taken = mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver2"].pk))
    assert taken.outcome is Outcome.CONFLICT and "already assigned to Toad" in taken.error
    leave = mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=staff["driver2"].pk))
    assert leave.outcome is Outcome.CONFLICT and "assigned to Toad" in leave.error


def test_only_the_assigned_driver_marks_it_delivered(mediator, staff):
    order_id = ready_order(mediator, staff)
    mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk))  # takes it too
    refused = mediator.execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=staff["driver2"].pk))
    assert refused.outcome is Outcome.CONFLICT and "being delivered by Toad" in refused.error
    assert Order.objects.get(public_id=order_id).status == OrderStatus.DELIVERING


@pytest.mark.parametrize("step", ["assign", "depart", "deliver"])
def test_delivery_steps_in_the_wrong_state_are_refused(mediator, staff, step):
    order_id = mediator.execute(place_order_command()).data.order_id  # pending, not ready
    command = {
        "assign": AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk),
        "depart": MarkOutForDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk),
        "deliver": MarkOrderDeliveredCommand(order_id=order_id),
    }[step]
    result = mediator.execute(command)
    assert result.outcome is Outcome.CONFLICT and "placed" in result.error


def test_pickup_orders_never_go_to_a_driver(mediator, staff):
    order_id = ready_order(mediator, staff, fulfilment="pickup", delivery_address="")
    result = mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk))
    assert result.outcome is Outcome.CONFLICT and "for pickup" in result.error


def test_the_delivery_page_is_for_drivers(client, staff):
    assert client.get("/delivery/")["Location"].startswith("/accounts/login/")
    assert driver_client(staff["cook"]).get("/delivery/").status_code == 403
    assert driver_client(staff["driver"]).get("/delivery/").status_code == 200


def test_the_delivery_page_lists_ready_deliveries_with_address_and_cash_to_collect(mediator, staff):
    order_id = ready_order(mediator, staff)
    mediator.execute(place_order_command(customer_name="Not Ready Yet"))
    ready_order(mediator, staff, fulfilment="pickup", delivery_address="", customer_name="Picks Up")
    body = html.unescape(driver_client(staff["driver"]).get("/delivery/").content.decode())

    number = Order.objects.get(public_id=order_id).pk
    assert f'id="delivery-{number}"' in body and "12 Harbour Street" in body and "Collect $17.10 cash" in body
    assert "Not Ready Yet" not in body and "Picks Up" not in body
    assert 'ws-connect="/ws/delivery/"' in body


def test_driver_actions_from_the_page_update_the_board(mediator, staff):
    order_id = ready_order(mediator, staff)
    driver = driver_client(staff["driver"])
    number = Order.objects.get(public_id=order_id).pk

    taken = driver.post(f"/delivery/orders/{order_id}/take/", **HTMX).content.decode()
    assert "Toad has it" in taken and "Leave now" in taken
    on_road = driver.post(f"/delivery/orders/{order_id}/depart/", **HTMX).content.decode()
    assert f'id="delivery-{number}"' in on_road[on_road.index('id="column-road"'):]
    done = driver.post(f"/delivery/orders/{order_id}/delivered/", **HTMX).content.decode()
    assert f'id="delivery-{number}"' not in done
    assert Order.objects.get(public_id=order_id).status == OrderStatus.DELIVERED


def test_another_drivers_tap_gets_a_message(mediator, staff):
    order_id = ready_order(mediator, staff)
    driver_client(staff["driver"]).post(f"/delivery/orders/{order_id}/take/", **HTMX)
    response = driver_client(staff["driver2"]).post(f"/delivery/orders/{order_id}/take/", **HTMX)
    body = html.unescape(response.content.decode())
    assert response.status_code == 409 and 'id="delivery-message"' in body and "already assigned to Toad" in body


def test_the_kitchen_board_shows_who_delivers(mediator, staff):
    order_id = ready_order(mediator, staff)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk))
    assert "Toad will deliver it" in driver_client(staff["cook"]).get("/kitchen/").content.decode()


def test_the_kitchen_cannot_recall_an_order_a_driver_has(mediator, staff):
    from kitchen.commands.recall_step import RecallStepCommand
    order_id = ready_order(mediator, staff)
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=staff["driver"].pk))
    result = mediator.execute(RecallStepCommand(order_id=order_id))
    assert result.outcome is Outcome.CONFLICT and Order.objects.get(public_id=order_id).status == OrderStatus.READY
