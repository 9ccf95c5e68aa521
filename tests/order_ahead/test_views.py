"""Order ahead and the promise through the Django test client: the ETA on the menu and at checkout
before paying, the slot select, a full slot refused keeping everything typed, the order page."""

import html
from datetime import timedelta

import pytest

from orders.models import CartLine, Order
from tests.factories import place_order_command
from tests.order_ahead.conftest import NOW, SEVEN
from tests.orders.test_customer_views import CHECKOUT, HTMX, add, checkout

pytestmark = pytest.mark.django_db



@pytest.fixture
def slot_capacity() -> int:
    return 1  # one order fills a slot


@pytest.fixture
def cart_client(client, menu, clock):
    add(client, "pepperoni", "medium", [], 2)
    return client


def test_the_menu_shows_the_eta_for_pickup_and_delivery(client, menu, clock):
    body = client.get("/").content.decode()
    assert 'id="eta-banner"' in body
    assert "ready in about <strong>12 min</strong>" in body and "(5:14 PM)" in body
    assert "arrives in about <strong>32 min</strong>" in body and "(5:34 PM)" in body


def test_a_closed_menu_says_so_and_names_the_first_time_to_order_ahead(client, menu, clock):
    clock.moment = NOW.replace(hour=9, minute=0)
    body = html.unescape(client.get("/").content.decode())
    assert "We're closed right now: we take orders 11:00–23:00" in body and "<strong>11:00 AM</strong>" in body


def test_checkout_shows_this_carts_eta_and_todays_slots_before_paying(cart_client):
    body = cart_client.get("/checkout/").content.decode()
    # two pepperoni: one more of its own ahead → ⌈1 × 12 ÷ 4⌉ = 3, pepperoni bakes 13 → 16 min
    assert "pickup ready in about <strong>16 min</strong> (5:18 PM)" in body
    assert '<option value="">As soon as possible (about 5:18 PM)</option>' in body
    assert f'<option value="{NOW.replace(hour=17, minute=30).isoformat()}">5:30 PM</option>' in body
    assert "5:15 PM" not in body  # earlier than this cart could be ready
    assert 'ws-connect="/ws/menu/"' in body and 'id="ordering-status"' in body


def test_the_cart_page_shows_this_carts_eta_and_moves_it_when_the_cart_grows(cart_client):
    body = cart_client.get("/cart/").content.decode()
    assert 'id="cart-eta"' in body
    assert "pickup ready in about <strong>16 min</strong> (5:18 PM)" in body  # as checkout promises it
    line = CartLine.objects.get()
    grown = cart_client.post(f"/cart/lines/{line.public_id}/quantity/", {"quantity": 6}, **HTMX).content.decode()
    # six pepperoni: five more of its own ahead → ⌈5 × 12 ÷ 4⌉ = 15, pepperoni bakes 13 → 28 min
    assert "pickup ready in about <strong>28 min</strong> (5:30 PM)" in grown


def test_a_closed_shop_cart_names_the_first_time_to_order_ahead(cart_client, clock):
    clock.moment = NOW.replace(hour=9, minute=0)
    body = html.unescape(cart_client.get("/cart/").content.decode())
    eta = body[body.index('id="cart-eta"'):]
    assert "We're closed right now" in eta and "the first time free is <strong>11:00 AM</strong>" in eta


def test_an_empty_cart_promises_nothing(client, menu, clock):
    assert 'id="cart-eta"' not in client.get("/cart/").content.decode()


def test_busy_mode_shows_at_the_top_of_checkout(cart_client, mediator):
    from orders.commands.set_online_ordering import SetOnlineOrderingCommand
    mediator.execute(SetOnlineOrderingCommand(extra_minutes=20, changed_by="Luigi"))
    body = cart_client.get("/checkout/").content.decode()
    assert body.index("orders take about 20 minutes longer") < body.index("Your details")
    assert "about <strong>36 min</strong>" in body


def test_checkout_with_a_slot_places_an_order_ahead_promised_for_it(cart_client):
    response = checkout(cart_client, scheduled_for=SEVEN.isoformat())
    order = Order.objects.get()
    assert response.status_code == 302 and order.scheduled_for == order.promised_at == SEVEN

    page = cart_client.get(response["Location"]).content.decode()
    assert "Ordered ahead for <strong>7:00 PM</strong>" in page
    assert "Arrives about <strong>7:20 PM</strong>" in page


def test_an_asap_order_page_shows_its_promise_and_arrival(cart_client):
    response = checkout(cart_client)
    page = cart_client.get(response["Location"]).content.decode()
    assert "Promised for <strong>5:18 PM</strong>" in page and "Arrives about <strong>5:38 PM</strong>" in page


def test_a_full_slot_is_shown_full_and_refused_keeping_everything_typed(cart_client, mediator):
    mediator.execute(place_order_command(scheduled_for=SEVEN))  # the only place at 7:00 PM
    body = cart_client.get("/checkout/").content.decode()
    assert f'<option value="{SEVEN.isoformat()}" disabled>7:00 PM — full</option>' in body

    response = checkout(cart_client, scheduled_for=SEVEN.isoformat(), customer_name="Bea Typed",
                        notes="Gate code 4411")
    body = html.unescape(response.content.decode())
    assert response.status_code == 409 and Order.objects.count() == 1
    assert "The 7:00 PM slot is full: please choose another time (or as soon as possible)." in body
    assert 'value="Bea Typed"' in body and "Gate code 4411" in body
    assert 'aria-invalid="true"' in body and 'id="when-error"' in body
    # The full slot is not silently kept (a disabled option would post nothing = "as soon as possible").
    assert f'value="{SEVEN.isoformat()}" disabled>' in body and f'value="{SEVEN.isoformat()}" selected' not in body


@pytest.mark.parametrize("value", ["tomorrow", "2026-11-30T19:00:00", "x" * 41])
def test_a_malformed_slot_is_refused_by_the_form(cart_client, value):
    response = checkout(cart_client, scheduled_for=value)
    assert response.status_code == 422 and Order.objects.count() == 0
    assert "Choose a time from the list" in response.content.decode() or "at most 40" in response.content.decode()


def test_a_slot_that_is_not_offered_is_refused_by_the_command(cart_client):
    response = checkout(cart_client, scheduled_for=NOW.replace(hour=17, minute=15).isoformat())
    assert response.status_code == 422 and "can't be ready that early" in html.unescape(response.content.decode())


def test_the_when_section_is_read_again_keeping_the_choice(cart_client):
    choice = NOW.replace(hour=18, minute=45).isoformat()
    body = cart_client.get("/checkout/when/", {"scheduled_for": choice}).content.decode()
    assert body.lstrip().startswith('<fieldset id="checkout-when"')
    assert f'<option value="{choice}" selected>6:45 PM</option>' in body


def test_the_order_ahead_is_not_on_the_kitchen_board_until_its_lead_time(cart_client, client, clock):
    checkout(cart_client, scheduled_for=SEVEN.isoformat())
    number = Order.objects.get().pk
    client.force_login(__import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
                       .objects.get(username="cook"))
    board = client.get("/kitchen/").content.decode()
    assert f'id="ticket-{number}"' not in board and "1 ordered ahead" in board
    clock.moment = SEVEN - timedelta(minutes=30)
    assert f'id="ticket-{number}"' in client.get("/kitchen/").content.decode()
