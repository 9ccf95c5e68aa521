"""Helpers for the seeds' API conformance suite (tests/seeds/).

Every test here walks one passage of the seeds (../shared/seeds/, named in its docstring as
"seed <file>, <section heading>") through the JSON API with Django's test client. The seeds' own
example phone number ("555-0123") is too short for our phone rule, which seed 000's
OrderValidationBehavior also states ("Valid phone number required", at least 10 characters): the
orders here use a full number.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from api.models import ApiToken

# Seed 000, "Integration Testing": the order the seeds' workflow places.
SEED_ORDER = {
    "customer_name": "John Doe",
    "customer_phone": "(202) 555-0123",
    "customer_address": "123 Pizza St",
    "pizza_items": [
        {"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"], "special_instructions": "Extra crispy"},
    ],
    "payment_method": "cash",
}


def bearer(username: str) -> dict[str, str]:
    user = get_user_model().objects.get(username=username)
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.get_or_create(user=user)[0].key}"}


def place(client: Client, **overrides):
    return client.post("/api/orders", {**SEED_ORDER, **overrides}, content_type="application/json")


def put(client: Client, path: str, data=None, **headers):
    return client.put(path, data or {}, content_type="application/json", **headers)


@pytest.fixture
def staff(menu):
    """Bearer headers per seed 003 role: Kitchen Staff, a Manager who is only a Manager (the demo
    manager is also in Kitchen and Delivery), an Admin (a superuser), a Delivery driver (the app's
    own role) and a signed-in Customer."""
    users = get_user_model().objects
    boss = users.create_user("boss", password="boss-pass-123")
    boss.groups.set([Group.objects.get(name="Manager")])
    users.create_superuser("root", password="root-pass-123")
    return {"kitchen": bearer("cook"), "manager": bearer("boss"), "admin": bearer("root"),
            "driver": bearer("driver"), "customer": bearer("customer")}
