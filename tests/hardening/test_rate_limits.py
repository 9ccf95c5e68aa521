"""Abuse limits: one client (or one phone) can't fill the kitchen; login guessing is locked out."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from api.models import ApiToken
from orders.models import Order

pytestmark = pytest.mark.django_db

ORDER = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_address": "12 Harbour Street",
    "pizza_items": [{"pizza_id": "margherita"}], "payment_method": "cash",
}


@pytest.fixture
def limits_on(settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ORDER_RATE_LIMIT": "5/10m", "KITCHEN_CAPACITY": 20,
                         "API_TOKEN_FAILURE_LIMIT": "10/5m"}


def api_order(client, phone="(202) 555-0142", **meta):
    return client.post("/api/orders", json.dumps({**ORDER, "customer_phone": phone}),
                       content_type="application/json", **meta)


def test_a_burst_from_one_client_is_cut_off_long_before_the_kitchen_fills(menu, limits_on):
    client = Client()
    # A different phone each time, so only the per-IP limit applies.
    responses = [api_order(client, phone=f"(202) 555-01{n:02d}") for n in range(30)]

    statuses = [r.status_code for r in responses]
    assert statuses[:5] == [201] * 5 and set(statuses[5:]) == {429}
    assert Order.objects.count() == 5 < 20  # the kitchen's capacity is untouched for everyone else
    refusal = responses[5]
    assert refusal["Content-Type"].startswith("application/json")
    assert "try again" in refusal.json()["error"] and refusal.json()["fields"] == {}
    assert 0 < int(refusal["Retry-After"]) <= 600


def test_one_phone_number_is_limited_across_addresses(menu, limits_on):
    addresses = [f"198.51.100.{n}" for n in range(7)]
    statuses = [api_order(Client(REMOTE_ADDR=address)).status_code for address in addresses]
    assert statuses == [201] * 5 + [429] * 2


def test_another_client_still_orders_while_one_is_limited(menu, limits_on):
    greedy = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(6):
        api_order(greedy, phone=f"(202) 555-01{n:02d}")
    assert api_order(Client(REMOTE_ADDR="203.0.113.9"), phone="(202) 555-0177").status_code == 201


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(menu, limits_on, settings):
    """Rotating X-Forwarded-For doesn't make a client new; behind a trusted proxy it's the client's address."""
    spoofing = [api_order(Client(), phone=f"(202) 555-01{n:02d}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
                for n in range(6)]
    assert spoofing[-1] == 429

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = [api_order(Client(), phone=f"(202) 555-02{n:02d}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
                    for n in range(6)]
    assert behind_proxy == [201] * 6  # six different customers behind one proxy


def test_the_checkout_form_says_why_and_keeps_what_was_typed(menu, limits_on):
    browser = Client()
    form = {"customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "",
            "fulfilment": "delivery", "delivery_address": "12 Harbour Street", "payment_method": "cash",
            "card_number": "", "notes": "Ring twice"}
    for n in range(5):
        browser.post("/cart/add/", {"item": "margherita", "size": "medium", "quantity": 1}, HTTP_HX_REQUEST="true")
        assert browser.post("/checkout/", {**form, "submission_key": f"form-{n}"}).status_code == 302
    browser.post("/cart/add/", {"item": "margherita", "size": "medium", "quantity": 1}, HTTP_HX_REQUEST="true")

    refused = browser.post("/checkout/", {**form, "submission_key": "form-6", "notes": "Leave at the door"})

    body = refused.content.decode()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "several orders in a short time" in body
    assert 'value="Ann Example"' in body and "Leave at the door" in body and "12 Harbour Street" in body
    assert Order.objects.count() == 5


def test_off_disables_the_order_limit(menu, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "ORDER_RATE_LIMIT": None}
    client = Client()
    assert {api_order(client).status_code for _ in range(8)} == {201}


def test_wrong_api_tokens_are_throttled_per_address(menu, limits_on):
    client = Client()
    wrong = [client.get("/api/kitchen/queue", HTTP_AUTHORIZATION=f"Bearer guess-{n}").status_code for n in range(12)]
    assert wrong[:10] == [401] * 10 and wrong[10:] == [429, 429]

    cook = get_user_model().objects.get(username="cook")
    right = ApiToken.objects.get_or_create(user=cook)[0].key
    throttled = client.get("/api/kitchen/queue", HTTP_AUTHORIZATION=f"Bearer {right}")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0  # even a right guess waits
    assert Client(REMOTE_ADDR="203.0.113.5").get(
        "/api/kitchen/queue", HTTP_AUTHORIZATION=f"Bearer {right}").status_code == 200


def test_a_bad_rate_setting_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    from pizzeria.settings import rate_limit_setting

    assert rate_limit_setting("5/10m") == "5/10m" and rate_limit_setting("off") is None
    for bad in ("5", "five/10m", "0/1m", "5/10x", ""):
        with pytest.raises(ImproperlyConfigured):
            rate_limit_setting(bad)
