"""The kitchen screen through the Django test client: access, the board, actions, refusals, recall."""

import html
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orders.models import Order, OrderStatus
from orders.services import Clock, FixedClock
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def cook_client(menu):
    client = Client()
    client.force_login(get_user_model().objects.get(username="cook"))
    return client


def place(mediator, **overrides):
    return mediator.execute(place_order_command(**overrides)).data


def test_the_board_is_for_kitchen_staff_only(client, menu):
    assert client.get("/kitchen/")["Location"].startswith("/accounts/login/")
    client.force_login(get_user_model().objects.get(username="customer"))
    assert client.get("/kitchen/").status_code == 403
    client.force_login(get_user_model().objects.get(username="driver"))
    assert client.get("/kitchen/").status_code == 403
    assert client.post("/kitchen/orders/x/start/").status_code == 403


def test_the_board_shows_columns_oldest_first_with_everything_the_cook_needs(cook_client, mediator):
    first = place(mediator, customer_name="First", lines=(
        line("margherita", "large", ["extra_cheese"], 2, special_instructions="Extra crispy"),))
    second = place(mediator, customer_name="Second", fulfilment="pickup")
    body = html.unescape(cook_client.get("/kitchen/").content.decode())

    new_column = body[body.index('id="column-new"'):body.index('id="column-cooking"')]
    assert new_column.index(f"#{first.number}<") < new_column.index(f"#{second.number}<")
    assert "2×" in body and "Margherita" in body and "Large" in body and "Extra cheese" in body
    assert '<span class="special">⚠ Extra crispy</span>' in body
    assert "Delivery" in body and "Pickup" in body
    assert "Active orders <strong>2</strong> / 20" in body
    assert 'ws-connect="/ws/kitchen/"' in body and "data-placed-at=" in body


def test_the_kitchen_link_shows_only_for_kitchen_staff(client, cook_client):
    assert 'href="/kitchen/"' in cook_client.get("/").content.decode()
    assert 'href="/kitchen/"' not in client.get("/").content.decode()


def test_start_cooking_from_the_board_names_the_cook(cook_client, mediator):
    placed = place(mediator)
    response = cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)
    body = response.content.decode()

    assert response.status_code == 200 and body.lstrip().startswith('<div id="kitchen-board"')
    cooking = body[body.index('id="column-cooking"'):body.index('id="column-ready"')]
    assert f"#{placed.number}<" in cooking and "started by Luigi" in cooking
    assert Order.objects.get(public_id=placed.order_id).cook.username == "cook"


def test_pizzas_one_by_one_then_the_order_moves_to_ready(cook_client, mediator):
    placed = place(mediator, lines=(line("margherita"), line("pepperoni")), fulfilment="pickup")
    cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)
    cook_client.post(f"/kitchen/orders/{placed.order_id}/lines/0/ready/", **HTMX)
    body = cook_client.post(f"/kitchen/orders/{placed.order_id}/lines/1/ready/", **HTMX).content.decode()

    ready = body[body.index('id="column-ready"'):]
    assert f"#{placed.number}<" in ready and "Handed over" in ready
    cook_client.post(f"/kitchen/orders/{placed.order_id}/picked-up/", **HTMX)
    assert Order.objects.get(public_id=placed.order_id).status == OrderStatus.PICKED_UP


def test_an_action_in_the_wrong_state_shows_a_clear_message_not_an_error_page(cook_client, mediator):
    placed = place(mediator)
    cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)
    response = cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)  # second tablet, same tap
    body = html.unescape(response.content.decode())

    assert response.status_code == 409
    assert 'id="kitchen-message"' in body and 'hx-swap-oob="true"' in body
    assert f"Order #{placed.number} is already cooking: it was already started by Luigi." in body
    assert 'id="kitchen-board"' in body  # the screen still gets the current board


def test_without_htmx_the_actions_redirect_with_a_message(cook_client, mediator):
    placed = place(mediator)
    response = cook_client.post(f"/kitchen/orders/{placed.order_id}/ready/", follow=True)
    assert "Cannot mark the order ready" in html.unescape(response.content.decode())


def test_recall_undoes_a_mis_tap_within_the_window(cook_client, mediator):
    placed = place(mediator)
    cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)
    cook_client.post(f"/kitchen/orders/{placed.order_id}/ready/", **HTMX)

    cook_client.post(f"/kitchen/orders/{placed.order_id}/recall/", **HTMX)
    order = Order.objects.get(public_id=placed.order_id)
    assert order.status == OrderStatus.COOKING and not any(l.is_ready for l in order.lines.all())

    cook_client.post(f"/kitchen/orders/{placed.order_id}/recall/", **HTMX)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING and order.cook is None and order.cook_name == ""
    assert list(order.timeline.values_list("event_type", flat=True)).count("StepRecalled") == 2


def test_recall_is_refused_after_the_window(cook_client, mediator, settings):
    placed = place(mediator)
    cook_client.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX)
    started = Order.objects.get(public_id=placed.order_id).cooking_started_at
    mediator.container.register_instance(Clock, FixedClock(started + timedelta(seconds=121)))

    response = cook_client.post(f"/kitchen/orders/{placed.order_id}/recall/", **HTMX)
    assert response.status_code == 409 and "Too late to recall" in html.unescape(response.content.decode())
    assert Order.objects.get(public_id=placed.order_id).status == OrderStatus.COOKING


def test_recall_of_one_pizza_keeps_the_others(cook_client, mediator):
    placed = place(mediator, lines=(line("margherita"), line("pepperoni"), line("diavola")))
    for step in ("start/", "lines/0/ready/", "lines/2/ready/", "recall/"):
        cook_client.post(f"/kitchen/orders/{placed.order_id}/{step}", **HTMX)
    ready = list(Order.objects.get(public_id=placed.order_id).lines.values_list("is_ready", flat=True))
    assert ready == [True, False, False]


def test_a_full_kitchen_shows_on_the_board(cook_client, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 1}
    place(mediator)
    assert "At capacity" in cook_client.get("/kitchen/").content.decode()


def test_kitchen_actions_need_csrf(menu, mediator):
    placed = place(mediator)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="cook"))
    assert strict.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX).status_code == 403
