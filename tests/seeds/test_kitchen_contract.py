"""The seeds' kitchen: the queue by status, starting to cook, pizzas ready, the kitchen's status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from orders.models import Order
from tests.seeds.conftest import place, put

pytestmark = pytest.mark.django_db

QUEUE_ITEM_FIELDS = {"order_id", "customer_name", "order_time", "estimated_ready_time", "pizza_count",
                     "total_prep_time", "special_instructions"}


def test_the_kitchen_queue_lists_one_status_oldest_first(client, staff):
    """Seed 000, "Queries" (GetKitchenQueueQuery: status "pending", "cooking" or "ready", default
    "cooking") and seed 000, "Command Handlers" (GetKitchenQueueQueryHandler: sorted by order time,
    FIFO; order_id, customer_name, order_time, estimated_ready_time, pizza_count, total_prep_time
    — the pizzas' preparation minutes summed — and special_instructions, the pizzas' own)."""
    first = place(client, customer_name="First", pizza_items=[
        {"pizza_id": "margherita", "quantity": 2, "special_instructions": "Well done"},
        {"pizza_id": "cola", "size": "large"},
        {"pizza_id": "pepperoni"}]).json()["order_id"]
    second = place(client, customer_name="Second").json()["order_id"]
    third = place(client, customer_name="Third").json()["order_id"]
    put(client, f"/api/orders/{third}/cook", **staff["kitchen"])

    pending = client.get("/api/kitchen/queue?status=pending", **staff["kitchen"])
    assert pending.status_code == 200 and pending["X-Total-Count"] == "2"
    assert [item["order_id"] for item in pending.json()] == [first, second]
    item = pending.json()[0]
    assert QUEUE_ITEM_FIELDS <= set(item)
    assert (item["customer_name"], item["pizza_count"], item["total_prep_time"], item["special_instructions"]) == (
        "First", 4, 2 * 12 + 1 + 13, ["Well done"])
    assert item["order_time"] <= item["estimated_ready_time"]

    default = client.get("/api/kitchen/queue", **staff["kitchen"]).json()
    assert [i["order_id"] for i in default] == [third] and default[0]["status"] == "cooking"
    assert client.get("/api/kitchen/queue?status=ready", **staff["kitchen"]).json() == []
    wrong = client.get("/api/kitchen/queue?status=burnt", **staff["kitchen"])
    assert wrong.status_code == 422 and "status" in wrong.json()["fields"]


def test_start_cooking_takes_the_seeds_fields(client, staff):
    """Seed 000, "Commands" (StartCookingCommand: kitchen_staff_id, estimated_cooking_time_minutes)
    and seed 000, "In Controllers" (PUT /{order_id}/cook): the estimate moves to now + the cooking
    time when that is later; the cook is whoever is signed in, whatever kitchen_staff_id says."""
    order_id = place(client).json()["order_id"]
    response = put(client, f"/api/orders/{order_id}/cook",
                   {"kitchen_staff_id": "staff_001", "estimated_cooking_time_minutes": 45}, **staff["kitchen"])
    assert response.status_code == 200 and response.json()["status"] == "cooking"
    order = Order.objects.get(public_id=order_id)
    assert order.cook_name == "Luigi" and order.estimated_ready_at >= order.cooking_started_at + timedelta(minutes=45)
    again = put(client, f"/api/orders/{order_id}/cook", **staff["kitchen"])
    assert again.status_code == 409  # seed 000: "Cannot start cooking order in {status} status"


def test_the_kitchen_status_is_the_seeds_kitchen_status_dto(client, staff, settings):
    """Seed 003, "Response DTOs" (KitchenStatusDto: current_capacity, max_concurrent_orders,
    active_orders, is_at_capacity, average_cooking_time) and seed 003, "Event-Driven Workflow"
    (an order that is ready frees kitchen capacity)."""
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 3}
    orders = [place(client, customer_name=name).json()["order_id"] for name in ("Ann", "Ben", "Cy")]
    status = client.get("/api/kitchen/status", **staff["kitchen"])
    assert status.status_code == 200
    body = status.json()
    assert (body["current_capacity"], body["max_concurrent_orders"], body["is_at_capacity"],
            body["available_capacity"]) == (3, 3, True, 0)
    assert [o["order_id"] for o in body["active_orders"]] == orders
    assert {"order_id", "customer_name", "status", "total_amount", "items_count"} <= set(body["active_orders"][0])
    assert body["average_cooking_time"] == 0 and body["cooked_today"] == 0

    put(client, f"/api/orders/{orders[0]}/cook", **staff["kitchen"])
    put(client, f"/api/orders/{orders[0]}/ready", **staff["kitchen"])
    started = timezone.now() - timedelta(minutes=14, seconds=40)  # cooked for 14 min 40 s: 15 minutes
    Order.objects.filter(public_id=orders[0]).update(cooking_started_at=started, ready_at=started + timedelta(minutes=14, seconds=40))
    body = client.get("/api/kitchen/status", **staff["kitchen"]).json()
    assert (body["current_capacity"], body["is_at_capacity"], body["average_cooking_time"], body["cooked_today"]) == (
        2, False, 15, 1)
    assert [o["order_id"] for o in body["active_orders"]] == orders[1:]


def test_the_kitchen_needs_kitchen_scopes(client, staff):
    """Seed 003, "User Roles & Permissions": Kitchen Staff hold kitchen:read and kitchen:manage;
    Managers hold all kitchen scopes; a customer (or a driver) holds none, and anonymous callers never
    cook (seed 000's example omits credentials; the role table wins)."""
    order_id = place(client).json()["order_id"]
    for path in ("/api/kitchen/queue", "/api/kitchen/status", "/api/kitchen/board"):
        assert Client().get(path).status_code == 401
        assert Client().get(path, **staff["customer"]).status_code == 403
        assert Client().get(path, **staff["driver"]).status_code == 403
        for role in ("kitchen", "manager", "admin"):
            assert Client().get(path, **staff[role]).status_code == 200, (path, role)
    refused = put(Client(), f"/api/orders/{order_id}/cook", **staff["customer"])
    assert refused.status_code == 403 and "kitchen:manage" in refused.json()["error"]
    assert put(Client(), f"/api/orders/{order_id}/cook", **staff["manager"]).status_code == 200
    assert put(Client(), f"/api/orders/{order_id}/ready", **staff["manager"]).status_code == 200
