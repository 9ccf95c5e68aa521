"""The cart is consumed inside the order's transaction: two tabs checking out one cart make one order."""

import re

import pytest
from django.test import Client

from pizzeria.application import Outcome
from orders.models import Cart, Order
from tests.concurrency.test_concurrency import at_the_same_instant
from tests.factories import place_order_command

CHECKOUT = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "",
    "fulfilment": "delivery", "delivery_address": "12 Harbour Street", "payment_method": "cash",
    "card_number": "", "notes": "Ring twice",
}


def add(client, item="margherita"):
    return client.post("/cart/add/", {"item": item, "size": "medium", "quantity": 1}, HTTP_HX_REQUEST="true")


def open_checkout(client) -> dict:
    """What the checkout form carries: its own submission key and the cart version it was shown with."""
    body = client.get("/checkout/").content.decode()
    fields = dict(re.findall(r'name="(submission_key|cart_version)" value="([^"]*)"', body))
    assert set(fields) == {"submission_key", "cart_version"}, body[:500]
    return fields


@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_the_same_cart_at_the_same_instant_make_exactly_one_order(menu):
    browser = Client()
    add(browser)
    key = browser.session["browser_key"]
    version = Cart.objects.get(browser_key=key).version
    tab = dict(browser_key=key, lines=(), from_cart=True, cart_version=version, idempotency_scope=f"session:{key}")

    results = at_the_same_instant([
        place_order_command(**tab, idempotency_key="tab-1"),
        place_order_command(**tab, idempotency_key="tab-2"),
    ])

    assert sorted(r.outcome for r in results) == [Outcome.CONFLICT, Outcome.CREATED]
    assert Order.objects.count() == 1
    loser = next(r for r in results if r.outcome is Outcome.CONFLICT)
    assert "already ordered" in loser.error
    assert Cart.objects.get(browser_key=key).ordered_as == Order.objects.get().public_id


@pytest.mark.django_db
def test_the_second_tab_is_told_the_cart_was_ordered_with_a_link_to_the_order(menu):
    browser = Client()
    add(browser)
    first_tab, second_tab = open_checkout(browser), open_checkout(browser)

    placed = browser.post("/checkout/", {**CHECKOUT, **first_tab})
    late = browser.post("/checkout/", {**CHECKOUT, **second_tab, "customer_name": "Ann from tab two"})

    order = Order.objects.get()
    assert placed.status_code == 302 and placed["Location"].endswith(f"/orders/{order.public_id}/")
    assert late.status_code == 409
    body = late.content.decode()
    assert "already ordered" in body and f"/orders/{order.public_id}/" in body
    assert 'value="Ann from tab two"' in body  # what the customer typed is kept


@pytest.mark.django_db
def test_a_cart_changed_in_another_tab_is_not_ordered_blind(menu):
    browser = Client()
    add(browser)
    stale = open_checkout(browser)
    add(browser, "pepperoni")  # another tab adds a pizza after this checkout was opened

    refused = browser.post("/checkout/", {**CHECKOUT, **stale})
    assert refused.status_code == 409 and "cart changed" in refused.content.decode()
    assert not Order.objects.exists()

    # The page now carries the current cart: pressing "Place order" again orders both pizzas.
    fresh = dict(re.findall(r'name="(submission_key|cart_version)" value="([^"]*)"', refused.content.decode()))
    again = browser.post("/checkout/", {**CHECKOUT, **fresh})
    assert again.status_code == 302 and Order.objects.get().line_list.__len__() == 2


@pytest.mark.django_db
def test_a_double_submitted_form_replays_its_order_and_a_reused_form_with_new_details_says_so(menu):
    browser = Client()
    add(browser)
    form = open_checkout(browser)

    first = browser.post("/checkout/", {**CHECKOUT, **form})
    double_click = browser.post("/checkout/", {**CHECKOUT, **form})
    assert first.status_code == double_click.status_code == 302
    assert first["Location"] == double_click["Location"] and Order.objects.count() == 1

    edited = browser.post("/checkout/", {**CHECKOUT, **form, "customer_phone": "(202) 555-0199"})
    assert edited.status_code == 422 and "already placed an order" in edited.content.decode()
    assert 'value="(202) 555-0199"' in edited.content.decode() and Order.objects.count() == 1
