"""Fixtures and checks shared by the bad-input sweep.

Hypothesis runs a test body many times inside one Django test transaction, so nothing here assumes
an empty database: every property compares counts or rows before and after its own request.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, settings

from api.models import ApiToken
from orders.models import CartLine, Order, OrderLine
from tests.fuzz.strategies import XSS_PAYLOADS

HTMX = {"HTTP_HX_REQUEST": "true"}


def fuzz_settings(max_examples: int):
    """Bounded for CI: a few dozen examples, no per-example deadline (the first request warms caches)."""
    return settings(max_examples=max_examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def segment(text: str) -> str:
    """``text`` as one URL path segment (so "?", "#", "%" and NUL arrive in the view as typed)."""
    return quote(text, safe="")


def assert_not_server_error(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:500])


def assert_no_raw_payload(body: str) -> None:
    """No script payload appears as markup: it was escaped (or not shown at all)."""
    for payload in XSS_PAYLOADS:
        assert payload not in body, f"unescaped {payload!r} in the page"


def assert_json(response) -> dict | list:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def stored_counts() -> tuple[int, int, int]:
    return Order.objects.count(), OrderLine.objects.count(), CartLine.objects.count()


def order_snapshot() -> list[tuple]:
    """Everything a staff action may change on any order."""
    orders = list(Order.objects.order_by("pk").values_list(
        "public_id", "status", "cook_id", "driver_id", "estimated_ready_at", "ready_at", "cancelled_at"))
    lines = list(OrderLine.objects.order_by("pk").values_list("order__public_id", "pk", "is_ready"))
    return orders + lines


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def new_browser() -> Callable[[], Client]:
    """Returns a browser with no cookies yet (no session, cart or orders) each time it is called.

    It is one test client with its cookies cleared: a new client builds its middleware again, and
    ServeStatic's scan of the static files would then dominate every example's time.
    """
    client = Client()

    def fresh() -> Client:
        client.cookies = SimpleCookie()
        return client

    return fresh


@pytest.fixture
def staff(menu) -> Callable[[str], Client]:
    """Returns a client signed in as the named demo user, built once per test."""
    clients: dict[str, Client] = {}

    def client_for(username: str) -> Client:
        if username not in clients:
            clients[username] = signed_in(username)
        return clients[username]

    return client_for


def bearer(username: str) -> dict[str, str]:
    user = get_user_model().objects.get(username=username)
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.get_or_create(user=user)[0].key}"}


@pytest.fixture(autouse=True)
def _roomy_kitchen(settings):
    """Examples pile up orders in one transaction: keep the capacity limit (a 503 by design) out of reach."""
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 1_000_000}


@pytest.fixture
def broadcasts(monkeypatch) -> list[tuple[str, str]]:
    """Every live fragment sent to a group (kitchen, delivery, order-<id>), as (group, html)."""
    sent: list[tuple[str, str]] = []

    # Recorded where the frame is handed off, synchronously (the real hand-off returns at once),
    # as if every screen were open (frames for screens nobody has open are not rendered).
    monkeypatch.setattr("live.fanout.is_heard", lambda group: True)
    monkeypatch.setattr("live.broadcast.hand_off", lambda group, message: sent.append((group, message["html"])))
    return sent
