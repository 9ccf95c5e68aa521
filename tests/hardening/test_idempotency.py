"""Idempotency keys belong to their caller and their request (issue: keys were shared by everyone)."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pizzeria.application import Outcome
from orders.models import Order
from pizzeria.application.idempotency import KEY_REUSED_FIELD
from pizzeria.application.models import ProcessedCommand
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

ORDER = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_address": "12 Harbour Street",
    "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"]}],
    "payment_method": "cash",
}


def post(client, body=ORDER, key="key-1"):
    return client.post("/api/orders", json.dumps(body), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def test_the_same_caller_repeating_a_key_gets_its_own_order_back(menu):
    client = Client()
    first, again = post(client), post(client)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["order_id"] == first.json()["order_id"]
    assert again.json()["access_token"] == first.json()["access_token"]
    assert Order.objects.count() == 1


def test_another_caller_with_the_same_key_gets_a_fresh_order_and_never_the_first_ones_token(menu):
    first = post(Client()).json()
    stranger = post(Client())

    assert stranger.status_code == 201
    assert stranger.json()["order_id"] != first["order_id"]
    assert stranger.json()["access_token"] != first["access_token"]
    assert Order.objects.count() == 2


def test_the_same_key_with_a_different_body_is_refused_with_422(menu):
    client = Client()
    assert post(client).status_code == 201
    changed = post(client, {**ORDER, "customer_name": "Someone Else"})

    assert changed.status_code == 422
    assert "different request" in changed.json()["error"]
    assert KEY_REUSED_FIELD in changed.json()["fields"]
    assert Order.objects.count() == 1


def test_results_are_stored_as_json_without_the_raw_key_and_expire_after_a_day(menu, mediator):
    first = mediator.execute(place_order_command(idempotency_key="k", idempotency_scope="session:a"))
    record = ProcessedCommand.objects.get()

    assert isinstance(record.result, dict) and record.result["data"]["order_id"] == first.data.order_id
    assert "k" != record.digest and len(record.digest) == 64
    assert timedelta(hours=23, minutes=59) < record.expires_at - record.processed_at <= timedelta(hours=24)

    ProcessedCommand.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    after_expiry = mediator.execute(place_order_command(idempotency_key="k", idempotency_scope="session:a"))
    assert after_expiry.outcome is Outcome.CREATED and after_expiry.data.order_id != first.data.order_id
    assert ProcessedCommand.objects.count() == 1  # the expired record was replaced


def test_a_replayed_result_has_its_types_back(menu, mediator):
    command = place_order_command(idempotency_key="k", idempotency_scope="session:a")
    first, again = mediator.execute(command), mediator.execute(command)
    assert again.outcome is Outcome.OK and again.data == first.data  # Decimal total, aware datetime, same DTO
    # The order as committed is the first caller's alone; a replay's caller reads the order as it is now.
    assert first.data.order.order_id == first.data.order_id and again.data.order is None


def test_a_key_without_a_caller_is_not_deduplicated(menu, mediator):
    """Nobody to hand the stored result to: each request is its own."""
    first = mediator.execute(place_order_command(idempotency_key="k"))
    second = mediator.execute(place_order_command(idempotency_key="k"))
    assert first.data.order_id != second.data.order_id and not ProcessedCommand.objects.exists()


def test_different_commands_do_not_share_keys(menu, mediator):
    a = mediator.execute(place_order_command(idempotency_key="k", idempotency_scope="s",
                                             lines=(line("margherita"),)))
    b = mediator.execute(place_order_command(idempotency_key="k", idempotency_scope="t",
                                             lines=(line("margherita"),)))
    assert a.data.order_id != b.data.order_id
