"""Phone-first ordering and returning customers through the Django test client: the cart bar and
the announcement after an add, where the focus goes, the error summary, the aria-describedby ids,
a cart that can't be ordered, remembered details, and "Order again"."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from menu.models import MenuItem
from orders.models import CartLine, CustomerDetails, Order

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CHECKOUT = {
    "customer_name": "Peach Toadstool", "customer_phone": "(202) 555-0142", "customer_email": "peach@example.com",
    "fulfilment": "delivery", "delivery_address": "1 Castle Road", "payment_method": "cash", "card_number": "",
    "notes": "", "submission_key": "key-1",
}


def add(client, item="margherita", size="large", toppings=(), quantity=1, htmx=True):
    data = {"item": item, "size": size, "toppings": list(toppings), "quantity": quantity, "special_instructions": ""}
    return client.post("/cart/add/", data, **(HTMX if htmx else {}))


def checkout(client, **overrides):
    return client.post("/checkout/", {**CHECKOUT, **overrides})


class _Elements(HTMLParser):
    """Each element's attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(body: str):
    parser = _Elements()
    parser.feed(body)
    return parser.elements


def assert_every_describedby_target_exists(body: str) -> int:
    found = elements(body)
    ids = {attrs["id"] for _, attrs in found if attrs.get("id")}
    described = [(tag, attrs) for tag, attrs in found if attrs.get("aria-describedby")]
    for tag, attrs in described:
        for target in attrs["aria-describedby"].split():
            assert target in ids, f"<{tag} aria-describedby={attrs['aria-describedby']!r}>: no element has id {target!r}"
    return len(described)


def with_attr(body: str, name: str) -> list[tuple[str, dict]]:
    return [(tag, attrs) for tag, attrs in elements(body) if name in attrs]


# --- add: the cart bar, the announcement, the focus -----------------------------------------
def test_an_add_announces_itself_and_updates_the_cart_bar_and_header(client, menu):
    add(client, "pepperoni", "medium", quantity=2)                       # 14.00 x 2
    body = add(client, "margherita", "large", ["extra_cheese"]).content.decode()  # 15.60 + 1.50

    announce = re.search(r'<div id="cart-announce" hx-swap-oob="innerHTML">(.*?)</div>', body)
    assert announce and announce.group(1) == "Added 1 Margherita (large) — 3 items, $45.10"
    bar = body[body.index('id="cart-bar"'):]
    assert 'hx-swap-oob="true"' in bar[:200] and "Added 1 Margherita (large)" in bar
    assert ">3</span> items" in bar and "$45.10" in bar and 'href="/cart/"' in bar
    assert 'id="cart-count"' in body  # the header's cart button too
    # The focus stays on this item's "Add to cart" button, ready for another.
    (focused,) = with_attr(body, "autofocus")
    assert focused == ("button", {"type": "submit", "class": "button button-primary",
                                  "id": "add-margherita-submit", "autofocus": None})


def test_a_refused_add_puts_the_focus_on_the_field_to_fix(client, menu):
    body = add(client, "margherita", quantity=99).content.decode()
    (focused,) = with_attr(body, "autofocus")
    assert focused[1]["id"] == "qty-margherita" and focused[1]["aria-describedby"] == "qty-margherita-error"
    assert assert_every_describedby_target_exists(body) >= 1
    assert "cart-announce" not in body  # nothing was added, nothing to announce


def test_without_javascript_an_add_returns_to_the_item_and_the_bar_says_what_was_added(client, menu):
    response = add(client, "margherita", htmx=False)
    assert response.status_code == 302 and response["Location"] == "/#item-margherita"
    page = client.get("/").content.decode()
    bar = page[page.index('id="cart-bar"'):page.index("</div>", page.index('id="cart-bar"')) + 400]
    assert "Added 1 Margherita (large) — 1 item, $15.60" in bar
    assert "hidden" not in bar[:60]


def test_the_cart_bar_is_hidden_while_the_cart_is_empty_and_absent_at_checkout(client, menu):
    page = client.get("/").content.decode()
    assert re.search(r'<div id="cart-bar" class="cart-bar" hidden>', page)
    assert 'id="cart-announce"' in page and 'aria-live="polite"' in page
    add(client)
    assert 'id="cart-bar"' not in client.get("/checkout/").content.decode()


# --- remove and quantity: the focus and the announcement -------------------------------------
def test_removing_a_line_moves_the_focus_to_the_carts_status_line(client, menu):
    add(client, "margherita", "large")
    add(client, "cola", "small", quantity=2)
    line_id = CartLine.objects.get(menu_item__slug="margherita").public_id

    body = client.post(f"/cart/lines/{line_id}/remove/", **HTMX).content.decode()

    (focused,) = with_attr(body, "autofocus")
    assert focused[1]["id"] == "cart-status" and focused[1]["tabindex"] == "-1"
    assert "Removed Margherita (large). Your cart: 2 items, $4.00." in body
    assert 'id="cart-bar"' in body and 'id="cart-count"' in body


def test_a_quantity_change_is_announced_and_keeps_the_focus_where_it_was(client, menu):
    add(client, "margherita", "large")
    line_id = CartLine.objects.get().public_id
    body = client.post(f"/cart/lines/{line_id}/quantity/", {"quantity": 3}, **HTMX).content.decode()
    assert '<div id="cart-announce" hx-swap-oob="innerHTML">3 Margherita (large) in your cart. Your cart: 3 items, $46.80.</div>' in body
    assert not with_attr(body, "autofocus")  # htmx keeps the focus on the quantity box (same id)


def test_without_javascript_a_removal_says_so_on_the_cart_page(client, menu):
    add(client, "margherita", "large")
    line_id = CartLine.objects.get().public_id
    response = client.post(f"/cart/lines/{line_id}/remove/", follow=True)
    assert "Removed Margherita (large)." in response.content.decode()


# --- checkout: the error summary takes the focus, describedby ids exist ---------------------
def test_a_failed_checkout_focuses_an_error_summary_that_links_to_each_field(client, menu):
    add(client)
    response = checkout(client, customer_phone="555", delivery_address="", customer_email="nope")
    body = response.content.decode()

    assert response.status_code == 422
    (focused,) = with_attr(body, "autofocus")
    assert focused[1]["id"] == "checkout-errors" and focused[1]["tabindex"] == "-1"
    summary = body[body.index('id="checkout-errors"'):body.index("</div>", body.index('id="checkout-errors"'))]
    assert 'href="#id_customer_phone"' in summary and 'href="#id_delivery_address"' in summary
    assert 'href="#id_customer_email"' in summary and "valid phone number" in summary
    assert assert_every_describedby_target_exists(body) >= 3
    assert 'aria-describedby="id_customer_phone_error"' in body and 'id="id_customer_phone_error"' in body
    assert 'value="Peach Toadstool"' in body  # nothing typed is lost


def test_signup_and_login_describedby_targets_exist(client, menu):
    body = client.get("/accounts/signup/").content.decode()
    assert assert_every_describedby_target_exists(body) >= 1  # Django's password help text
    body = client.post("/accounts/signup/", {"username": "", "password1": "a", "password2": "b"}).content.decode()
    assert assert_every_describedby_target_exists(body) >= 2
    assert_every_describedby_target_exists(client.post("/accounts/login/", {"username": "x"}).content.decode())


# --- a cart that can't be ordered never offers "Place order · $0.00" --------------------------
def test_a_cart_of_only_sold_out_items_offers_no_place_order_button(client, menu):
    add(client, "diavola")
    MenuItem.objects.filter(slug="diavola").update(is_available=False)

    body = client.get("/checkout/").content.decode()

    assert 'id="place-order"' not in body and "Place order · $0.00" not in body
    blocked = body[body.index('id="cart-blocked"'):]
    assert "can't be made right now" in blocked and 'href="/cart/"' in blocked
    assert "Review your cart" in blocked
    response = checkout(client)  # and the server refuses a forged post anyway
    assert response.status_code >= 400 and Order.objects.count() == 0


# --- returning customers --------------------------------------------------------------------
def test_an_anonymous_customers_details_prefill_their_next_checkout(client, menu):
    add(client)
    assert checkout(client).status_code == 302
    add(client, "cola", "small")

    form = client.get("/checkout/").content.decode()

    assert 'value="Peach Toadstool"' in form and 'value="(202) 555-0142"' in form
    assert 'value="peach@example.com"' in form and "\n1 Castle Road</textarea>" in form
    assert re.search(r'<input type="radio" name="fulfilment" value="delivery"[^>]*checked', form)
    assert "from last time" in form
    other = Client()
    add(other)
    assert "Peach" not in other.get("/checkout/").content.decode()  # another browser knows nothing


def test_a_pickup_order_keeps_the_remembered_address(client, menu):
    add(client)
    checkout(client)
    add(client)
    checkout(client, fulfilment="pickup", delivery_address="", submission_key="key-2")
    add(client)
    form = client.get("/checkout/").content.decode()
    assert "\n1 Castle Road</textarea>" in form
    assert re.search(r'<input type="radio" name="fulfilment" value="pickup"[^>]*checked', form)


def test_a_signed_in_customers_details_are_kept_on_the_account_for_any_device(client, menu):
    user = get_user_model().objects.create_user("peach", password="pw-123456789")
    client.force_login(user)
    add(client)
    checkout(client)
    assert CustomerDetails.objects.get(user=user).delivery_address == "1 Castle Road"

    laptop = Client()
    laptop.force_login(user)
    add(laptop)
    assert 'value="(202) 555-0142"' in laptop.get("/checkout/").content.decode()


def test_a_signed_in_customer_edits_their_details_on_the_profile_page(client, menu):
    user = get_user_model().objects.create_user("daisy", password="pw-123456789")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'action="/accounts/profile/details/"' in page

    bad = client.post("/accounts/profile/details/", {"name": "Daisy", "phone": "12", "email": "", "delivery_address": "Sarasaland", "fulfilment": "pickup"})
    body = bad.content.decode()
    assert bad.status_code == 422 and "valid phone number" in body and 'value="Daisy"' in body
    assert with_attr(body, "autofocus")[0][1]["id"] == "details-errors"
    assert assert_every_describedby_target_exists(body) >= 1
    assert not CustomerDetails.objects.exists()

    good = client.post("/accounts/profile/details/", {"name": "Daisy", "phone": "(202) 555-0199", "email": "",
                                                      "delivery_address": "Sarasaland", "fulfilment": "pickup"})
    assert good.status_code == 302
    saved = CustomerDetails.objects.get(user=user)
    assert (saved.phone, saved.delivery_address, saved.fulfilment) == ("(202) 555-0199", "Sarasaland", "pickup")
    add(client)
    assert 'value="(202) 555-0199"' in client.get("/checkout/").content.decode()


def test_profile_details_need_a_login_and_csrf(client, menu):
    assert client.post("/accounts/profile/details/", {"name": "x"}).status_code == 302  # to the login page
    user = get_user_model().objects.create_user("koopa", password="pw-123456789")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/accounts/profile/details/", {"name": "x"}).status_code == 403


# --- Order again ----------------------------------------------------------------------------
@pytest.fixture
def ordered(client, menu):
    add(client, "margherita", "large", ["extra_cheese"])
    add(client, "tiramisu", "medium")
    checkout(client)
    return client, Order.objects.get()


def test_order_again_from_the_history_refills_the_cart_and_names_what_is_gone(ordered):
    client, order = ordered
    history = client.get("/orders/").content.decode()
    assert f'action="/orders/{order.public_id}/reorder/"' in history and "Order again" in history
    MenuItem.objects.filter(slug="tiramisu").update(is_available=False)
    MenuItem.objects.filter(slug="margherita").update(base_price=Decimal("13.00"))

    response = client.post(f"/orders/{order.public_id}/reorder/")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    cart = client.get("/cart/").content.decode()

    assert f"Added 1 item from order #{order.pk} to your cart at today&#x27;s prices ($18.40)." in cart
    assert "Not added: 1 × Tiramisù. Tiramisù is sold out today." in cart
    assert "$18.40" in cart  # 13.00 x 1.3 + 1.50, today's prices
    assert [l.menu_item.slug for l in CartLine.objects.all()] == ["margherita"]


def test_order_again_is_on_the_order_page_for_its_customer_only(ordered):
    client, order = ordered
    assert f"/orders/{order.public_id}/reorder/" in client.get(f"/orders/{order.public_id}/").content.decode()
    cook = Client()
    cook.force_login(get_user_model().objects.get(username="cook"))
    page = cook.get(f"/orders/{order.public_id}/")
    assert page.status_code == 200 and "/reorder/" not in page.content.decode()
    assert cook.post(f"/orders/{order.public_id}/reorder/").status_code == 403
    assert Client().post(f"/orders/{order.public_id}/reorder/").status_code == 404
    assert client.get(f"/orders/{order.public_id}/reorder/").status_code == 405
    assert CartLine.objects.count() == 0


def test_order_again_is_csrf_protected(ordered, menu):
    _, order = ordered
    assert Client(enforce_csrf_checks=True).post(f"/orders/{order.public_id}/reorder/").status_code == 403


def test_not_you_forgets_the_remembered_details(client, menu):
    user = get_user_model().objects.create_user("wario", password="pw-123456789")
    client.force_login(user)
    add(client)
    checkout(client)
    add(client)
    form = client.get("/checkout/").content.decode()
    assert 'form="forget-details"' in form and 'id="forget-details"' in form

    response = client.post("/checkout/forget-details/", follow=True)

    body = response.content.decode()
    assert "no longer remembered" in body and "Peach" not in body and "from last time" not in body
    assert CustomerDetails.objects.get(user=user).phone == ""
    assert client.get("/checkout/forget-details/").status_code == 405
