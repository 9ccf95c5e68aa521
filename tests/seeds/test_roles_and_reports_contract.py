"""The seeds' roles and scopes, the business analytics and the daily sales report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from staff.roles import CUSTOMER_SCOPES, ROLE_SCOPES, SCOPES
from tests.seeds.conftest import SEED_ORDER, place, put

pytestmark = pytest.mark.django_db

SEED_SCOPES = {"orders:read", "orders:write", "kitchen:read", "kitchen:manage", "menu:read", "menu:write",
               "reports:read", "admin"}


def test_the_scopes_and_the_role_table_are_the_seeds():
    """Seed 003, "OAuth Scopes" (the eight scopes) and seed 003, "User Roles & Permissions":
    Customer orders:read, orders:write, menu:read; Kitchen Staff kitchen:read, kitchen:manage,
    orders:read; Manager all kitchen scopes + menu:write, reports:read; Admin admin. The app adds
    delivery:manage for its drivers, a role the seeds do not have."""
    assert set(SCOPES) == SEED_SCOPES | {"delivery:manage"}
    assert CUSTOMER_SCOPES == {"orders:read", "orders:write", "menu:read"}
    assert ROLE_SCOPES["Kitchen"] == {"kitchen:read", "kitchen:manage", "orders:read"}
    assert ROLE_SCOPES["Manager"] == ROLE_SCOPES["Kitchen"] | {"menu:write", "reports:read"}


# (what, method, path template, body) -> who may: "anyone" | set of roles
def _order_routes(order_id: str) -> list[tuple[str, str, str]]:
    return [
        ("read the order", "get", f"/api/orders/{order_id}"),
        ("read its status", "get", f"/api/orders/{order_id}/status"),
        ("cook it", "put", f"/api/orders/{order_id}/cook"),
        ("read the kitchen queue", "get", "/api/kitchen/queue"),
        ("read the kitchen status", "get", "/api/kitchen/status"),
        ("read the analytics", "get", "/api/reports/analytics"),
        ("read the daily sales", "get", f"/api/reports/daily-sales?date={timezone.localdate().isoformat()}"),
    ]


ALLOWED = {  # role -> what it may do with a stranger's order (seed 003, "User Roles & Permissions")
    "anonymous": set(),
    "customer": set(),  # "view own orders" only: a stranger's order does not exist for them
    "driver": set(),  # the app's role: only the orders assigned to them
    "kitchen": {"read the order", "read its status", "cook it", "read the kitchen queue", "read the kitchen status"},
    "manager": {"read the order", "read its status", "cook it", "read the kitchen queue", "read the kitchen status",
                "read the analytics", "read the daily sales"},
    "admin": {"read the order", "read its status", "cook it", "read the kitchen queue", "read the kitchen status",
              "read the analytics", "read the daily sales"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_do_what_the_role_table_grants_and_nothing_else(client, staff, role):
    """Seed 003, "User Roles & Permissions" (Customer: place orders, view own orders, browse menu;
    Kitchen Staff: manage the cooking queue, view all orders; Manager: full operational control,
    reports; Admin: complete access) and seed 003, "Controller Security" (require_scope). Refusals:
    401 without credentials for staff routes, 403 with credentials lacking the scope, 404 for an
    order the caller may not see (it does not exist for them)."""
    headers = staff.get(role, {})
    for what, method, path in _order_routes(place(client).json()["order_id"]):
        caller = Client()
        response = caller.get(path, **headers) if method == "get" else put(caller, path, **headers)
        if what in ALLOWED[role]:
            assert response.status_code == 200, (role, what, response.content)
        elif what.startswith("read the order") or what.startswith("read its"):
            assert response.status_code == 404, (role, what)
        else:
            assert response.status_code == (401 if role == "anonymous" else 403), (role, what)
    # Everyone browses the menu and places orders (menu:read, orders:write):
    assert Client().get("/api/menu", **headers).status_code == 200
    placed = Client().post("/api/orders", SEED_ORDER, content_type="application/json", **headers)
    assert placed.status_code == 201, (role, placed.content)


def test_a_customer_reads_and_cancels_their_own_order(client, staff):
    """Seed 003, "User Roles & Permissions" (Customer: view own orders) and seed 003, "Controller
    Security" (orders:read, orders:write): the session that placed it, or its access token."""
    placed = place(client).json()
    assert client.get(f"/api/orders/{placed['id']}").status_code == 200
    assert Client().get(f"/api/orders/{placed['id']}", HTTP_X_ORDER_ACCESS=placed["access_token"]).status_code == 200
    cancelled = put(Client(), f"/api/orders/{placed['id']}/cancel", HTTP_X_ORDER_ACCESS=placed["access_token"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_order_analytics_is_the_seeds_order_analytics_dto(client, staff):
    """Seed 003, "Response DTOs" (OrderAnalyticsDto: total_orders, total_revenue,
    average_order_value, popular_pizzas, peak_hours) for a Manager (seed 003, "User Roles &
    Permissions": reports:read). Cancelled orders count in none of them."""
    hour_before = timezone.localtime().hour
    place(client)  # margherita large + extra cheese: 17.10
    place(client, pizza_items=[{"pizza_id": "pepperoni", "quantity": 2}, {"pizza_id": "cola"}])  # 28.00 + 2.50
    cancelled = place(client, pizza_items=[{"pizza_id": "hawaiian", "quantity": 5}]).json()
    put(client, f"/api/orders/{cancelled['id']}/cancel", HTTP_X_ORDER_ACCESS=cancelled["access_token"])
    today = timezone.localdate().isoformat()

    response = client.get(f"/api/reports/analytics?start={today}&end={today}", **staff["manager"])
    assert response.status_code == 200
    body = response.json()
    assert (body["total_orders"], body["total_revenue"], body["average_order_value"], body["cancelled_orders"]) == (
        2, "47.60", "23.80", 1)
    assert [(p["rank"], p["pizza_id"], p["name"], p["quantity"], p["revenue"]) for p in body["popular_pizzas"]] == [
        (1, "pepperoni", "Pepperoni", 2, "28.00"), (2, "margherita", "Margherita", 1, "17.10")]  # no cola: not a pizza
    assert [(h["order_count"], h["revenue"]) for h in body["peak_hours"]] == [(2, "47.60")]
    assert body["peak_hours"][0]["hour"] in {hour_before, timezone.localtime().hour}
    assert client.get("/api/reports/analytics", **staff["manager"]).json()["total_orders"] == 2  # today by default
    assert client.get("/api/reports/analytics?start=2001-01-01", **staff["admin"]).json()["total_orders"] == 0
    backwards = client.get(f"/api/reports/analytics?start={today}&end=2001-01-01", **staff["manager"])
    assert backwards.status_code == 422 and "end" in backwards.json()["fields"]


def test_daily_sales_takes_an_iso_date(client, staff):
    """Seed 000, "Queries" (GetDailySalesQuery: date in ISO format)."""
    place(client)
    response = client.get(f"/api/reports/daily-sales?date={timezone.localdate().isoformat()}", **staff["manager"])
    assert response.status_code == 200 and response.json()["order_count"] == 1
    assert client.get("/api/reports/daily-sales?date=30/11/2026", **staff["manager"]).status_code == 422


def test_the_openapi_document_describes_the_seeds_contract(client, menu):
    """Seed 003, "Data Transfer Objects (DTOs)" and every route of seed 000, "In Controllers", seed
    001, "Controller Integration", seed 003, "Controller Security" and "API Integration Examples":
    each is in /api/openapi.json with the seeds' field names."""
    document = client.get("/api/openapi.json").json()
    paths, schemas = document["paths"], document["components"]["schemas"]
    for path, method in (("/api/orders", "post"), ("/api/orders", "get"), ("/api/orders/{order_id}", "get"),
                         ("/api/orders/{order_id}/status", "get"), ("/api/orders/{order_id}/cook", "put"),
                         ("/api/orders/{order_id}/pizzas/{pizza_index}/ready", "put"),
                         ("/api/kitchen/queue", "get"), ("/api/kitchen/status", "get"), ("/api/menu", "get"),
                         ("/api/menu/pizzas", "get"), ("/api/reports/analytics", "get"),
                         ("/api/reports/daily-sales", "get")):
        assert method in paths.get(path, {}), (method, path)
    expected = {
        "OrderOut": {"id", "customer_name", "customer_phone", "pizzas", "status", "total_amount", "order_time",
                     "estimated_ready_time", "special_instructions", "subtotal_amount", "delivery_fee", "tax_amount",
                     "scheduled_for"},
        "PizzaOut": {"id", "name", "size", "toppings", "price", "estimated_cooking_time", "status"},
        "KitchenStatusOut": {"current_capacity", "max_concurrent_orders", "active_orders", "is_at_capacity",
                             "average_cooking_time"},
        "OrderAnalyticsOut": {"total_orders", "total_revenue", "average_order_value", "popular_pizzas", "peak_hours"},
        "MenuItemOut": {"id", "name", "description", "base_price", "category", "preparation_time_minutes",
                        "available_sizes", "available_toppings", "is_seasonal"},
        "QueueItemOut": {"order_id", "customer_name", "order_time", "estimated_ready_time", "pizza_count",
                         "total_prep_time", "special_instructions"},
    }
    for name, fields in expected.items():
        assert fields <= set(schemas[name]["properties"]), name
    assert set(schemas["PlaceOrderIn"]["properties"]["payment_method"]["enum"]) == {"cash", "card", "credit_card"}
    assert "pizzas" in schemas["PlaceOrderIn"]["properties"]["pizza_items"]["description"]
    queue_status = next(p for p in paths["/api/kitchen/queue"]["get"]["parameters"] if p["name"] == "status")["schema"]
    assert {"pending", "cooking", "ready"} <= set(queue_status["enum"]) and queue_status["default"] == "cooking"
