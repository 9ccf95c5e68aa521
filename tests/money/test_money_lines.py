"""Delivery fee and sales tax: priced on the server, stored as separate lines, total = subtotal + fee + tax."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from menu.models import MenuItem
from menu.pricing import money_lines
from orders.models import Order
from orders.queries.get_cart import GetCartQuery
from pizzeria.application import Outcome
from pizzeria.settings import money_setting
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

CHECKOUT = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "ann@example.com",
    "fulfilment": "delivery", "delivery_address": "12 Harbour Street", "payment_method": "cash",
    "card_number": "", "notes": "", "submission_key": "money-1",
}


@pytest.fixture
def fee_and_tax(settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "DELIVERY_FEE": Decimal("3.00"), "TAX_RATE": Decimal("8.875")}


# --- the arithmetic ------------------------------------------------------------------------
def test_tax_is_on_subtotal_plus_fee_rounded_half_up_to_the_cent():
    # (10.10 + 0) x 5% = 0.505: half up gives 0.51 (banker's rounding would give 0.50)
    assert money_lines(Decimal("10.10"), delivery_fee=Decimal("0"), tax_rate=Decimal("5")).tax == Decimal("0.51")
    # (10.00 + 3.00) x 8.875% = 1.15375 -> 1.15
    lines = money_lines(Decimal("10.00"), delivery_fee=Decimal("3.00"), tax_rate=Decimal("8.875"))
    assert (lines.subtotal, lines.delivery_fee, lines.tax, lines.total) == (
        Decimal("10.00"), Decimal("3.00"), Decimal("1.15"), Decimal("14.15"))
    assert lines.tax_rate_label == "8.875%"
    assert money_lines(Decimal("1"), delivery_fee=Decimal("0"), tax_rate=Decimal("10")).tax_rate_label == "10%"


def test_nothing_is_added_by_default(menu, mediator):
    result = mediator.execute(place_order_command(lines=(line("margherita", "large", ["extra_cheese"]),)))
    order = Order.objects.get(public_id=result.data.order_id)
    assert (order.subtotal_amount, order.delivery_fee, order.tax_amount, order.total_amount) == (
        Decimal("17.10"), Decimal("0.00"), Decimal("0.00"), Decimal("17.10"))


@pytest.mark.parametrize("raw", ["abc", "-1", "3.505", "101", "NaN", "Infinity"])
def test_a_bad_setting_stops_start_up_with_a_clear_message(monkeypatch, raw):
    monkeypatch.setenv("PIZZERIA_DELIVERY_FEE", raw)
    with pytest.raises(ImproperlyConfigured, match="PIZZERIA_DELIVERY_FEE must be a number from 0 to 100"):
        money_setting("PIZZERIA_DELIVERY_FEE", "0", most="100", places=2)


def test_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("PIZZERIA_TAX_RATE", " 8.875 ")
    assert money_setting("PIZZERIA_TAX_RATE", "0", most="100", places=3) == Decimal("8.875")


# --- placing orders through the mediator ----------------------------------------------------
def test_a_delivery_pays_the_fee_and_tax_on_subtotal_plus_fee(menu, mediator, fee_and_tax):
    # large margherita 15.60 + extra cheese 1.50 = 17.10; 2 colas (small) 4.00 -> 21.10
    result = mediator.execute(place_order_command(lines=(
        line("margherita", "large", ["extra_cheese"]), line("cola", "small", [], 2))))

    order = Order.objects.get(public_id=result.data.order_id)
    # (21.10 + 3.00) x 8.875% = 2.138875 -> 2.14
    assert (order.subtotal_amount, order.delivery_fee, order.tax_amount, order.total_amount) == (
        Decimal("21.10"), Decimal("3.00"), Decimal("2.14"), Decimal("26.24"))
    placed = result.data
    assert (placed.subtotal_amount, placed.delivery_fee, placed.tax_amount, placed.total_amount) == (
        Decimal("21.10"), Decimal("3.00"), Decimal("2.14"), Decimal("26.24"))


def test_a_pickup_pays_no_delivery_fee(menu, mediator, fee_and_tax):
    result = mediator.execute(place_order_command(
        fulfilment="pickup", delivery_address="", lines=(line("margherita", "large", ["extra_cheese"]),)))

    order = Order.objects.get(public_id=result.data.order_id)
    # 17.10 x 8.875% = 1.517625 -> 1.52
    assert (order.subtotal_amount, order.delivery_fee, order.tax_amount, order.total_amount) == (
        Decimal("17.10"), Decimal("0.00"), Decimal("1.52"), Decimal("18.62"))


def test_the_card_is_authorised_for_the_whole_total(menu, mediator, fee_and_tax, monkeypatch):
    from orders.services import BuiltInPaymentGateway

    amounts = []
    original = BuiltInPaymentGateway.authorize

    def recording(self, *, amount, **kwargs):
        amounts.append(amount)
        return original(self, amount=amount, **kwargs)

    monkeypatch.setattr(BuiltInPaymentGateway, "authorize", recording)
    result = mediator.execute(place_order_command(payment_method="card", card_number="4242 4242 4242 4242",
                                                  lines=(line("margherita", "large", ["extra_cheese"]),)))
    assert result.outcome is Outcome.CREATED
    assert amounts == [Decimal("21.88")]  # 17.10 + 3.00 + (20.10 x 8.875% = 1.78)


# --- the cart ----------------------------------------------------------------------------------
def _add(client, item, **extra):
    return client.post("/cart/add/", {"item": item, "size": "medium", "quantity": 1, **extra})


def _cart(client, mediator):
    return mediator.execute(GetCartQuery(browser_key=client.session["browser_key"])).data


def test_the_cart_prices_pickup_and_delivery(client, menu, mediator, fee_and_tax):
    _add(client, "margherita")  # 12.00
    cart = _cart(client, mediator)
    assert (cart.pickup.subtotal, cart.pickup.delivery_fee, cart.pickup.tax, cart.pickup.total) == (
        Decimal("12.00"), Decimal("0.00"), Decimal("1.07"), Decimal("13.07"))  # 1.065 -> 1.07 (half up)
    assert (cart.delivery.delivery_fee, cart.delivery.tax, cart.delivery.total) == (
        Decimal("3.00"), Decimal("1.33"), Decimal("16.33"))  # 15.00 x 8.875% = 1.33125


def test_a_cart_of_only_sold_out_items_cannot_check_out_and_never_shows_zero_to_pay(client, menu, mediator):
    _add(client, "margherita")
    MenuItem.objects.filter(slug="margherita").update(is_available=False)

    cart = _cart(client, mediator)
    assert cart.subtotal == Decimal("0.00") and not cart.can_check_out
    body = client.get("/checkout/").content.decode()
    assert "$0.00" not in body
    assert "Place order ·" not in body


# --- the screens ---------------------------------------------------------------------------------
def test_cart_page_shows_tax_and_what_delivery_adds(client, menu, fee_and_tax):
    _add(client, "margherita")
    body = client.get("/cart/").content.decode()
    assert 'id="cart-subtotal">$12.00<' in body
    assert "Sales tax 8.875%" in body and 'id="cart-tax">$1.07<' in body
    assert 'id="cart-total">$13.07<' in body
    assert "Delivery adds a $3.00 fee (taxed): $16.33 delivered." in body


def test_cart_page_has_no_money_lines_beyond_the_subtotal_by_default(client, menu):
    _add(client, "margherita")
    body = client.get("/cart/").content.decode()
    assert 'id="cart-subtotal">$12.00<' in body
    assert "Sales tax" not in body and "Delivery adds" not in body and 'id="cart-total"' not in body


def test_checkout_shows_the_fee_for_delivery_and_both_totals(client, menu, fee_and_tax):
    _add(client, "margherita")
    body = client.get("/checkout/").content.decode()
    assert 'data-show-when="fulfilment=delivery"><dt>Delivery fee</dt><dd id="checkout-delivery-fee">$3.00</dd>' in body
    assert 'id="checkout-total-delivery">$16.33<' in body and 'id="checkout-total-pickup">$13.07<' in body
    # Delivery is the default choice: its total is on the button, pickup's is hidden until chosen.
    assert '<span data-show-when="fulfilment=delivery">$16.33</span><span data-show-when="fulfilment=pickup" hidden>$13.07</span>' in body


def test_checkout_after_a_failed_pickup_post_shows_the_pickup_lines(client, menu, fee_and_tax):
    _add(client, "margherita")
    response = client.post("/checkout/", {**CHECKOUT, "fulfilment": "pickup", "customer_name": ""})
    body = response.content.decode()
    assert response.status_code == 422
    assert 'data-show-when="fulfilment=delivery" hidden><dt>Delivery fee</dt>' in body
    assert '<span data-show-when="fulfilment=delivery" hidden>$16.33</span><span data-show-when="fulfilment=pickup">$13.07</span>' in body


def test_the_order_page_and_receipt_show_every_money_line(client, menu, fee_and_tax, django_capture_on_commit_callbacks):
    _add(client, "margherita")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/checkout/", CHECKOUT)
    order = Order.objects.get()
    assert response.status_code == 302 and order.total_amount == Decimal("16.33")

    body = client.get(f"/orders/{order.public_id}/").content.decode()
    assert 'id="order-subtotal">$12.00<' in body
    assert 'id="order-delivery-fee">$3.00<' in body
    assert 'id="order-tax">$1.33<' in body
    assert 'id="order-total">$16.33<' in body

    (receipt,) = [email for email in mail.outbox if "received" in email.subject]
    assert "Subtotal: $12.00\nDelivery fee: $3.00\nSales tax: $1.33\nTotal: $16.33 (Cash" in receipt.body


def test_a_pickup_order_page_has_no_delivery_fee_line(client, menu, fee_and_tax):
    _add(client, "margherita")
    client.post("/checkout/", {**CHECKOUT, "fulfilment": "pickup", "delivery_address": ""})
    body = client.get(f"/orders/{Order.objects.get().public_id}/").content.decode()
    assert "Delivery fee" not in body and 'id="order-tax">$1.07<' in body and 'id="order-total">$13.07<' in body


# --- reports -----------------------------------------------------------------------------------
def test_the_sales_report_shows_fees_and_tax_apart_from_food(menu, mediator, fee_and_tax):
    mediator.execute(place_order_command(lines=(line("margherita"),)))                          # 12 + 3 + 1.33
    mediator.execute(place_order_command(fulfilment="pickup", delivery_address="", lines=(line("margherita"),)))  # 12 + 1.07
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))

    body = manager.get("/reports/").content.decode()
    assert 'id="stat-food-sales"><span class="stat-value">$24.00<' in body
    assert 'id="stat-delivery-fees"><span class="stat-value">$3.00<' in body
    assert 'id="stat-tax"><span class="stat-value">$2.40<' in body
    assert "$29.40" in body  # revenue: 24.00 + 3.00 + 2.40

    rows = list(csv.reader(io.StringIO(manager.get("/reports/sales.csv").content.decode())))
    assert ["Revenue", "29.40"] in rows and ["Food and drink sales", "24.00"] in rows
    assert ["Delivery fees", "3.00"] in rows and ["Sales tax collected", "2.40"] in rows
