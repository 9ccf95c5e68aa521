"""API types are strict and every text is bounded; emails are real addresses."""

import json

import pytest
from django.test import Client

from pizzeria.application import Outcome
from orders.models import Order
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

ORDER = {"customer_name": "Ann", "customer_phone": "(202) 555-0142", "pizza_items": [{"pizza_id": "margherita"}]}


def post(body):
    return Client().post("/api/orders", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("quantity", [True, "2x", "2", 1.5, None])
def test_quantity_must_be_an_integer(menu, quantity):
    response = post({**ORDER, "pizza_items": [{"pizza_id": "margherita", "quantity": quantity}]})
    assert response.status_code == 422 and "pizza_items.0.quantity" in response.json()["fields"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("field,value", [
    ("customer_name", 5), ("customer_name", "x" * 101), ("customer_phone", "1" * 33),
    ("notes", "n" * 501), ("customer_email", "a" * 250 + "@x.com"), ("card_number", "4" * 24),
])
def test_texts_are_typed_and_bounded(menu, field, value):
    response = post({**ORDER, field: value})
    assert response.status_code == 422 and field in response.json()["fields"]


def test_lists_are_bounded(menu):
    too_many = post({**ORDER, "pizza_items": [{"pizza_id": "margherita"}] * 31})
    assert too_many.status_code == 422 and "pizza_items" in too_many.json()["fields"]


@pytest.mark.parametrize("email", ['"odd fellow"@example.com', "a@[127.0.0.1]", "root@localhost",
                                   "a@example.c0m", "a b@example.com", "a@example.com\n"])
def test_odd_email_addresses_are_refused(menu, mediator, email):
    result = mediator.execute(place_order_command(customer_email=email))
    assert result.outcome is Outcome.INVALID and "customer_email" in result.field_errors


def test_ordinary_email_addresses_are_accepted(menu, mediator):
    for email in ("ann@example.com", "ann.o'neil+pizza@mail.example.co.uk"):
        assert mediator.execute(place_order_command(customer_email=email)).outcome is Outcome.CREATED
