"""Customer pages through the Django test client: menu, cart, checkout and its errors, order page."""

import html
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from menu.models import MenuItem

from orders.models import CartLine, Order, OrderStatus
from orders.services import DECLINED_TEST_CARD, Clock, FixedClock

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

CHECKOUT = {
    "customer_name": "Ann Example",
    "customer_phone": "(202) 555-0142",
    "customer_email": "",
    "fulfilment": "delivery",
    "delivery_address": "12 Harbour Street",
    "payment_method": "cash",
    "card_number": "",
    "notes": "Ring twice",
    "submission_key": "submit-1",
}


def add(client, item="margherita", size="medium", toppings=(), quantity=1, note="", htmx=True):
    data = {"item": item, "size": size, "toppings": list(toppings), "quantity": quantity, "special_instructions": note}
    return client.post("/cart/add/", data, **(HTMX if htmx else {}))


def checkout(client, **overrides):
    return client.post("/checkout/", {**CHECKOUT, **overrides})


@pytest.fixture
def cart_client(client, menu):
    """A browser with two pizzas in its cart: large margherita + cheese + basil, 2 pepperoni."""
    add(client, "margherita", "large", ["extra_cheese", "fresh_basil"])   # 15.60 + 2.00
    add(client, "pepperoni", "medium", [], 2)                             # 14.00 x 2
    return client


# --- menu ----------------------------------------------------------------------------------
def test_menu_shows_categories_prices_seasonal_and_sold_out(client, menu):
    MenuItem.objects.filter(slug="diavola").update(is_available=False)
    body = client.get("/").content.decode()

    assert "Margherita" in body and "$9.60" in body and "$12.00" in body and "$15.60" in body
    assert "Seasonal" in body  # pumpkin & sage
    diavola = body[body.index('id="item-diavola"'):]
    diavola = diavola[: diavola.index("</article>")]
    # Shown, not orderable: the form stays in the page, hidden, so it can come back live.
    assert '<details class="customise" hidden>' in diavola
    assert '<button type="button" class="button sold-out-button" disabled>Sold out today</button>' in diavola
    margherita = body[body.index('id="item-margherita"'):]
    assert '<details class="customise">' in margherita[:margherita.index("</article>")]


def test_menu_category_filter_works_with_and_without_htmx(client, menu):
    page = client.get("/?category=drink").content.decode()
    assert "Sicilian lemonade" in page and "Margherita" not in page

    fragment = client.get("/?category=dessert", HTTP_HX_TARGET="menu-list", **HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="menu-list"') and "Tiramisù" in fragment
    assert "<html" not in fragment

    assert "Margherita" in client.get("/?category=spaceships").content.decode()  # unknown: everything


# --- cart ----------------------------------------------------------------------------------
def test_adding_to_the_cart_returns_the_form_and_the_cart_fragment(client, menu):
    response = add(client, "margherita", "large", ["extra_cheese"], 2, "Crispy")
    body = response.content.decode()

    assert response.status_code == 200
    assert 'id="add-margherita"' in body and "Added 2 Margherita (large) — 2 items, $34.20" in body
    assert 'id="cart" class="cart card"' in body and 'hx-swap-oob="true"' in body
    assert "$34.20" in body  # (15.60 + 1.50) x 2
    assert "“Crispy”" in body


def test_the_cart_survives_a_reload_and_is_priced_on_the_server(cart_client):
    body = cart_client.get("/cart/").content.decode()
    assert "Margherita" in body and "Pepperoni" in body
    assert 'id="cart-subtotal">$45.60<' in body


def test_changing_and_removing_lines_updates_the_cart_fragment(cart_client):
    lines = list(CartLine.objects.order_by("added_at"))
    changed = cart_client.post(f"/cart/lines/{lines[1].public_id}/quantity/", {"quantity": 3}, **HTMX)
    assert changed.status_code == 200 and 'id="cart-subtotal">$59.60<' in changed.content.decode()

    removed = cart_client.post(f"/cart/lines/{lines[0].public_id}/remove/", **HTMX)
    assert 'id="cart-subtotal">$42.00<' in removed.content.decode()
    assert CartLine.objects.count() == 1


def test_a_bad_cart_quantity_is_refused_with_a_message(cart_client):
    line = CartLine.objects.first()
    response = cart_client.post(f"/cart/lines/{line.public_id}/quantity/", {"quantity": 0}, **HTMX)
    assert response.status_code == 422 and "1 to 20" in response.content.decode()
    line.refresh_from_db()
    assert line.quantity == 1


def test_another_browser_cannot_touch_my_cart(cart_client, menu):
    line = CartLine.objects.first()
    stranger = Client()
    stranger.get("/")
    assert stranger.post(f"/cart/lines/{line.public_id}/remove/", **HTMX).status_code == 422
    assert CartLine.objects.filter(pk=line.pk).exists()


@pytest.mark.parametrize(("data", "message"), [
    ({"toppings": ["extra_cheese", "mushrooms", "pepperoni", "ham", "sausage", "pineapple", "olives",
                   "red_onion", "green_peppers", "jalapenos", "fresh_basil"]}, "At most 10 toppings"),
    ({"quantity": 0}, "1 to 20"),
    ({"quantity": 21}, "1 to 20"),
    ({"quantity": "lots"}, "whole number"),
    ({"toppings": ["pepperoni"], "item": "cola"}, "can't go on Cola"),
    ({"note": "x" * 201}, "at most 200 characters"),
])
def test_bad_add_to_cart_input_keeps_the_choices_and_explains(client, menu, data, message):
    item = data.pop("item", "margherita")
    response = add(client, item, **data)
    body = html.unescape(response.content.decode())

    assert response.status_code == 422 and message in body
    assert CartLine.objects.count() == 0
    if item == "margherita" and "quantity" in data:
        assert f'value="{data["quantity"]}"' in body  # what they typed is still there


def test_unknown_and_sold_out_items_cannot_be_added(client, menu):
    assert add(client, "calzone_deluxe").status_code == 422
    MenuItem.objects.filter(slug="pepperoni").update(is_available=False)
    response = add(client, "pepperoni")
    assert response.status_code == 422 and "sold out" in response.content.decode()
    assert CartLine.objects.count() == 0


def test_add_to_cart_without_javascript_redirects_or_rerenders_the_menu(client, menu):
    assert add(client, "margherita", htmx=False).status_code == 302
    failed = add(client, "margherita", quantity=50, note="keep me", htmx=False)
    body = failed.content.decode()
    assert failed.status_code == 422 and "1 to 20" in body and "keep me" in body and "<html" in body


# --- checkout ------------------------------------------------------------------------------
def test_checkout_places_the_order_empties_the_cart_and_opens_the_order_page(cart_client):
    response = checkout(cart_client)

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.public_id}/"
    assert order.total_amount == Decimal("45.60") and order.notes == "Ring twice"
    assert CartLine.objects.count() == 0
    page = cart_client.get(response["Location"]).content.decode()
    assert f"Order #{order.pk}" in page and 'id="order-total">$45.60<' in page
    assert "Estimated ready at" in page and 'aria-current="step"' in page


def test_checkout_page_has_a_visible_label_for_every_field(cart_client):
    body = cart_client.get("/checkout/").content.decode()
    for field in ("customer_name", "customer_phone", "customer_email", "delivery_address", "card_number", "notes"):
        assert f'<label for="id_{field}">' in body
    assert body.count('<label class="option option-card" for="id_fulfilment_') == 2
    assert 'name="csrfmiddlewaretoken"' in body


def test_an_empty_cart_cannot_check_out(client, menu):
    assert client.get("/checkout/").status_code == 302
    response = checkout(client)
    assert response.status_code == 422 and "cart is empty" in response.content.decode()


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"customer_phone": "555-0123"}, "customer_phone", "valid phone number"),
    ({"delivery_address": ""}, "delivery_address", "Please enter a delivery address"),
    ({"customer_name": ""}, "customer_name", "Please enter your name"),
    ({"customer_email": "ann@"}, "customer_email", "valid email"),
    ({"payment_method": "card", "card_number": ""}, "card_number", "12 to 19 digits"),
])
def test_checkout_errors_sit_next_to_their_field_and_keep_what_was_typed(cart_client, overrides, field, message):
    response = checkout(cart_client, **overrides)
    body = response.content.decode()

    assert response.status_code == 422
    field_block = body[body.index(f'id="field-{field}"'):]
    field_block = field_block[: field_block.index("</div>")]
    assert message in field_block
    kept = "customer_phone" if field == "customer_name" else "customer_name"
    assert f'value="{CHECKOUT[kept]}"' in body and "Ring twice" in body  # nothing the customer typed is lost
    assert Order.objects.count() == 0 and CartLine.objects.count() == 2


def test_a_declined_card_says_so_and_keeps_everything(cart_client):
    response = checkout(cart_client, payment_method="card", card_number=DECLINED_TEST_CARD)
    body = response.content.decode()

    assert response.status_code == 400 and "Your card was declined" in body
    assert f'value="{DECLINED_TEST_CARD}"' in body and 'value="Ann Example"' in body
    assert Order.objects.count() == 0 and CartLine.objects.count() == 2


def test_an_approved_card_confirms_the_order(cart_client):
    checkout(cart_client, payment_method="card", card_number="4242 4242 4242 4242")
    assert Order.objects.get().status == OrderStatus.CONFIRMED


def test_an_item_that_sold_out_in_the_cart_blocks_checkout_with_a_clear_message(cart_client):
    MenuItem.objects.filter(slug="pepperoni").update(is_available=False)
    assert "Pepperoni is sold out" in cart_client.get("/cart/").content.decode()

    response = checkout(cart_client)
    assert response.status_code == 400 and "Pepperoni is sold out" in response.content.decode()
    assert Order.objects.count() == 0


def test_checkout_outside_business_hours_is_refused(cart_client, settings, mediator):
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00"}
    three_am = datetime(2026, 11, 23, 3, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    mediator.container.register_instance(Clock, FixedClock(three_am))
    response = checkout(cart_client)

    assert response.status_code == 503 and "closed" in response.content.decode()
    assert Order.objects.count() == 0 and CartLine.objects.count() == 2


def test_a_full_kitchen_refuses_with_the_expected_wait(cart_client, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 0}
    response = checkout(cart_client)
    body = response.content.decode()

    assert response.status_code == 503 and "kitchen is at capacity" in body and "expect about" in body
    assert Order.objects.count() == 0


def test_a_tampered_price_in_the_post_changes_nothing(cart_client):
    checkout(cart_client, total_amount="0.01", unit_price="0.01", price="0.01", subtotal="0.01")
    assert Order.objects.get().total_amount == Decimal("45.60")


def test_a_double_submit_creates_one_order(cart_client):
    first = checkout(cart_client)
    second = checkout(cart_client)  # same form, same submission key, the cart is already empty

    assert Order.objects.count() == 1
    assert first["Location"] == second["Location"]


# --- the order page ------------------------------------------------------------------------
@pytest.fixture
def placed(cart_client):
    location = checkout(cart_client)["Location"]
    return cart_client, location, Order.objects.get()


def test_another_customers_order_url_is_a_404(placed, menu):
    _, location, order = placed
    stranger = Client()
    assert stranger.get(location).status_code == 404
    assert stranger.get(f"/orders/{order.pk}/").status_code == 404  # the database id is no key
    assert stranger.post(f"{location}cancel/").status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_signed_link_from_the_email_opens_the_order_on_another_device(
    cart_client, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # events are published after commit
        checkout(cart_client, customer_email="ann@example.com")
    order = Order.objects.get()
    (email,) = mail.outbox
    assert email.to == ["ann@example.com"] and f"order #{order.pk}" in email.subject
    assert "Margherita" in email.body and "$45.60" in email.body

    link = email.body.split("Follow your order live: ")[1].split()[0].replace("http://127.0.0.1:8000", "")
    phone = Client()
    assert phone.get(link, follow=True).status_code == 200
    assert Client().get(f"/orders/{order.public_id}/?access=forged").status_code == 302
    assert Client().get(f"/orders/{order.public_id}/").status_code == 404


def test_no_email_is_sent_without_an_address(cart_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        checkout(cart_client)
    assert callbacks and mail.outbox == []


def test_the_customer_can_cancel_before_cooking(placed):
    client, location, order = placed
    response = client.post(f"{location}cancel/", follow=True)
    body = response.content.decode()

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert "This order was cancelled" in body and "Cancel order" not in body


def test_the_order_page_shows_its_timeline(placed):
    client, location, _ = placed
    assert "Order placed for delivery: 3 items, total $45.60." in client.get(location).content.decode()


def test_kitchen_staff_can_open_any_order_but_a_driver_only_their_own(placed, menu):
    _, location, _ = placed
    cook, driver = Client(), Client()
    cook.force_login(get_user_model().objects.get(username="cook"))
    driver.force_login(get_user_model().objects.get(username="driver"))
    assert cook.get(location).status_code == 200
    assert driver.get(location).status_code == 404  # not assigned to them (tests/security_identity)


# --- history and accounts ------------------------------------------------------------------
def test_the_browser_lists_its_own_orders_only(placed, menu):
    client, _, order = placed
    assert f"Order #{order.pk}" in client.get("/orders/").content.decode()
    assert f"Order #{order.pk}" not in Client().get("/orders/").content.decode()


def test_signing_up_keeps_this_browsers_orders_and_shows_a_profile(placed):
    client, _, order = placed
    response = client.post("/accounts/signup/", {
        "username": "ann", "password1": "a-long-pizza-passphrase", "password2": "a-long-pizza-passphrase",
    }, follow=True)
    body = response.content.decode()

    order.refresh_from_db()
    assert order.customer.username == "ann"
    assert "Ciao, ann!" in body and "$45.60" in body and "Margherita" in body  # spent, favourite


def test_a_signed_in_customer_sees_their_orders_on_any_browser(placed):
    client, _, order = placed
    client.post("/accounts/signup/", {"username": "ann", "password1": "a-long-pizza-passphrase",
                                      "password2": "a-long-pizza-passphrase"})
    laptop = Client()
    assert laptop.post("/accounts/login/", {"username": "ann", "password": "a-long-pizza-passphrase"}).status_code == 302
    assert laptop.get(f"/orders/{order.public_id}/").status_code == 200
    assert f"Order #{order.pk}" in laptop.get("/orders/").content.decode()


def test_bad_signup_input_is_explained(client, menu):
    response = client.post("/accounts/signup/", {"username": "x", "password1": "abc", "password2": "abd"})
    assert response.status_code == 422 and "didn’t match" in response.content.decode()


def test_profile_needs_a_login(client, menu):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_forms_are_csrf_protected(menu):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/cart/add/", {"item": "margherita", "quantity": 1}).status_code == 403
    assert strict.post("/checkout/", CHECKOUT).status_code == 403
