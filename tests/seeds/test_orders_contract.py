"""The seeds' order endpoints and DTOs: placing, reading one order, listing orders, the status."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orders.models import Order, OrderStatus
from tests.seeds.conftest import SEED_ORDER, bearer, place, put

pytestmark = pytest.mark.django_db

ORDER_DTO_FIELDS = {"id", "customer_name", "customer_phone", "pizzas", "status", "total_amount", "order_time",
                    "estimated_ready_time", "special_instructions"}
PIZZA_DTO_FIELDS = {"id", "name", "size", "toppings", "price", "estimated_cooking_time"}


def test_the_integration_workflow_places_reads_and_cooks_an_order(client, staff):
    """Seed 000, "Integration Testing" (and seed 001, "Integration Testing"): POST /api/orders is 201
    with order_id, total_amount and estimated_ready_time; GET /api/orders/{id}/status is 200, pending,
    with the customer's name; PUT /api/orders/{id}/cook with kitchen_staff_id and
    estimated_cooking_time_minutes is 200 and the status becomes cooking. The example sends no
    credentials for the cook step; seed 003's role table wins: a cook must be Kitchen staff."""
    response = place(client)
    assert response.status_code == 201
    order_result = response.json()
    order_id = order_result["order_id"]
    assert "total_amount" in order_result and "estimated_ready_time" in order_result

    status_response = client.get(f"/api/orders/{order_id}/status")
    assert status_response.status_code == 200
    assert status_response.json()["status"] == "pending" and status_response.json()["customer_name"] == "John Doe"

    cooking_data = {"kitchen_staff_id": "staff_001", "estimated_cooking_time_minutes": 20}
    assert put(client, f"/api/orders/{order_id}/cook", cooking_data).status_code == 401  # no credentials
    cook_response = put(client, f"/api/orders/{order_id}/cook", cooking_data, **staff["kitchen"])
    assert cook_response.status_code == 200
    assert client.get(f"/api/orders/{order_id}/status").json()["status"] == "cooking"


def test_placing_answers_the_order_dto_with_201(client, menu):
    """Seed 003, "Controller Security": create_order answers OrderDto with status 201 (seed 003,
    "Response DTOs"); seed 000, "Command Handlers": the result holds order_id, total_amount (a
    string) and estimated_ready_time (ISO)."""
    response = place(client)
    assert response.status_code == 201
    body = response.json()
    assert ORDER_DTO_FIELDS <= set(body) and body["id"] == body["order_id"]
    assert body["total_amount"] == "17.10" and body["status"] == "pending"
    datetime.fromisoformat(body["estimated_ready_time"])
    assert PIZZA_DTO_FIELDS <= set(body["pizzas"][0])


def test_get_order_by_id_is_the_order_dto_with_pizza_dtos(client, menu):
    """Seed 003, "Response DTOs" (OrderDto, PizzaDto) and seed 003, "JavaScript Client"
    (getOrderStatus: GET /orders/{orderId}); seed 001, "Controller Integration" (GET /{order_id},
    response_model=OrderDto). Money is formatted text, times ISO, toppings the slugs ordered,
    estimated_cooking_time the item's preparation minutes."""
    order_id = place(client, notes="Ring twice").json()["order_id"]
    response = client.get(f"/api/orders/{order_id}")
    assert response.status_code == 200
    order = response.json()
    assert ORDER_DTO_FIELDS <= set(order)
    assert (order["id"], order["customer_name"], order["customer_phone"], order["status"]) == (
        order_id, "John Doe", "+12025550123", "pending")
    assert order["total_amount"] == "17.10" and order["special_instructions"] == "Ring twice"
    assert datetime.fromisoformat(order["order_time"]) <= datetime.fromisoformat(order["estimated_ready_time"])
    pizza = order["pizzas"][0]
    assert PIZZA_DTO_FIELDS <= set(pizza)
    assert (pizza["id"], pizza["name"], pizza["size"], pizza["toppings"], pizza["price"],
            pizza["estimated_cooking_time"]) == ("margherita", "Margherita", "large", ["extra_cheese"], "17.10", 12)


def test_the_order_dtos_carry_the_money_lines_and_the_slot(client, menu):
    """Seed 003, "Response DTOs": OrderDto's total_amount is formatted money; the app adds the lines
    it is made of (subtotal, delivery fee, tax: total = their sum, all stored by checkout) and
    scheduled_for (null: as soon as possible)."""
    order_id = place(client).json()["order_id"]
    stored = Order.objects.get(public_id=order_id)
    for body in (client.get(f"/api/orders/{order_id}").json(), client.get(f"/api/orders/{order_id}/status").json()):
        assert (body["subtotal_amount"], body["delivery_fee"], body["tax_amount"], body["total_amount"]) == (
            f"{stored.subtotal_amount:.2f}", f"{stored.delivery_fee:.2f}", f"{stored.tax_amount:.2f}",
            f"{stored.total_amount:.2f}")
        assert body["scheduled_for"] is None


def test_the_order_status_lists_each_pizza_with_its_status(client, staff):
    """Seed 000, "Command Handlers" (GetOrderStatusQueryHandler): order_id, status, customer_name,
    order_time, estimated_ready_time, total_amount, and pizzas with name, size, toppings and status
    — "cooking" while the order cooks, "pending" before. A pizza marked ready (seed 000, "Commands":
    MarkPizzaReadyCommand with pizza_index) is "ready" while the rest still cook."""
    order_id = place(client, pizza_items=[{"pizza_id": "margherita", "toppings": ["extra_cheese"]},
                                          {"pizza_id": "pepperoni", "size": "small"}]).json()["order_id"]
    status = client.get(f"/api/orders/{order_id}/status").json()
    assert {"order_id", "status", "customer_name", "order_time", "estimated_ready_time", "total_amount", "pizzas"} <= set(status)
    assert [(p["name"], p["size"], p["toppings"], p["status"]) for p in status["pizzas"]] == [
        ("Margherita", "medium", ["extra_cheese"], "pending"), ("Pepperoni", "small", [], "pending")]

    put(client, f"/api/orders/{order_id}/cook", **staff["kitchen"])
    assert [p["status"] for p in client.get(f"/api/orders/{order_id}/status").json()["pizzas"]] == ["cooking", "cooking"]
    ready = put(client, f"/api/orders/{order_id}/pizzas/1/ready", {"actual_cooking_time_minutes": 9}, **staff["kitchen"])
    assert ready.status_code == 200 and ready.json()["status"] == "cooking"
    assert [p["status"] for p in client.get(f"/api/orders/{order_id}/status").json()["pizzas"]] == ["cooking", "ready"]
    assert put(client, f"/api/orders/{order_id}/pizzas/0/ready", **staff["kitchen"]).json()["status"] == "ready"
    assert [p["status"] for p in client.get(f"/api/orders/{order_id}/status").json()["pizzas"]] == ["ready", "ready"]


def test_customers_list_only_their_own_orders_and_staff_list_all(menu, staff):
    """Seed 003, "Controller Security" (get_orders: a customer sees only their own orders, staff
    see all orders, both filtered by ?status=) and seed 001, "Controller Integration" (GET / with
    status). A customer's own orders are their session's and their account's."""
    alice, bob = Client(), Client()
    alice_first = place(alice).json()["order_id"]
    alice_second = place(alice, payment_method="card", card_number="4242424242424242").json()["order_id"]
    bob_order = place(bob).json()["order_id"]
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="customer"))
    account_order = place(signed_in).json()["order_id"]

    assert [o["id"] for o in alice.get("/api/orders").json()] == [alice_second, alice_first]  # newest first
    assert [o["id"] for o in alice.get("/api/orders?status=pending").json()] == [alice_first]
    assert [o["id"] for o in bob.get("/api/orders").json()] == [bob_order]
    assert Client().get("/api/orders").json() == []
    # The account's orders from another device, through its API token, and orders placed with it:
    assert [o["id"] for o in Client().get("/api/orders", **staff["customer"]).json()] == [account_order]
    by_token = Client().post("/api/orders", SEED_ORDER, content_type="application/json", **staff["customer"]).json()["id"]
    assert [o["id"] for o in Client().get("/api/orders", **staff["customer"]).json()] == [by_token, account_order]

    everything = Client().get("/api/orders", **staff["kitchen"]).json()
    assert {o["id"] for o in everything} == {alice_first, alice_second, bob_order, account_order, by_token}
    confirmed = Client().get("/api/orders?status=confirmed", **staff["manager"]).json()
    assert [o["id"] for o in confirmed] == [alice_second] and confirmed[0]["status"] == "confirmed"
    assert all(set(o) >= ORDER_DTO_FIELDS for o in everything)

    unknown = Client().get("/api/orders?status=eaten", **staff["kitchen"])
    assert unknown.status_code == 422 and "status" in unknown.json()["fields"]
    assert Client().get("/api/orders?limit=0").status_code == 422


def test_the_create_order_dto_names_are_accepted(client, menu):
    """Seed 003, "Request DTOs" (CreateOrderDto: pizzas, delivery_address, special_instructions,
    payment_method "credit_card") and seed 003, "Commands and Queries" (PlaceOrderCommand: pizzas,
    notes): the seeds' names are accepted beside seed 000's (pizza_items, customer_address)."""
    body = {"customer_name": "Jane Roe", "customer_phone": "(202) 555-0199", "delivery_address": "9 Oven Lane",
            "pizzas": [{"pizza_id": "pepperoni", "size": "small", "toppings": ["mushrooms"], "quantity": 2}],
            "special_instructions": "Leave at the door", "payment_method": "credit_card",
            "card_number": "4242 4242 4242 4242"}
    response = client.post("/api/orders", body, content_type="application/json")
    assert response.status_code == 201, response.content
    order = Order.objects.get(public_id=response.json()["id"])
    assert (order.payment_method, order.status, order.delivery_address, order.notes) == (
        "card", OrderStatus.CONFIRMED, "9 Oven Lane", "Leave at the door")
    assert order.lines.get().quantity == 2 and response.json()["special_instructions"] == "Leave at the door"

    both = client.post("/api/orders", {**body, "pizza_items": body["pizzas"]}, content_type="application/json")
    assert both.status_code == 422 and "pizza_items or pizzas" in both.json()["fields"]["request"][0]


def test_payment_defaults_to_cash(client, menu):
    """Seed 000, "Commands" (PlaceOrderCommand.payment_method = "cash") against seed 003, "Request
    DTOs" (CreateOrderDto.payment_method = "credit_card"): the seeds disagree; an order that names
    no payment method is cash (a card needs a card number, which such a client did not send)."""
    body = {key: value for key, value in SEED_ORDER.items() if key != "payment_method"}
    response = client.post("/api/orders", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["payment_method"] == "cash"
    refused = place(client, payment_method="bitcoin")
    assert refused.status_code == 422 and "payment_method" in refused.json()["fields"]


def test_an_empty_order_says_it_needs_at_least_one_pizza(client, menu):
    """Seed 001, "Command Handler Testing" (test_place_order_command_handler_validation_failure:
    "at least one pizza" in the error), seed 000, "Pipeline Behaviors" (OrderValidationBehavior:
    "Order must contain at least one pizza") and seed 003, "Request DTOs" ("At least one pizza is
    required")."""
    for field in ("pizza_items", "pizzas"):
        body = {**{k: v for k, v in SEED_ORDER.items() if k != "pizza_items"}, field: []}
        response = client.post("/api/orders", body, content_type="application/json")
        assert response.status_code == 422 and "at least one pizza" in response.json()["error"]
    assert Order.objects.count() == 0


def test_an_unknown_pizza_is_not_available(client, menu):
    """Seed 000, "Testing Command Handlers" (test_place_order_command_handler_pizza_not_available:
    pizza_id "nonexistent", "not available" in the error) and seed 000, "Command Handlers" ("One or
    more pizzas are not available"). A sold-out pizza is not available either."""
    response = place(client, pizza_items=[{"pizza_id": "nonexistent", "size": "large", "toppings": []}])
    assert response.status_code == 400 and "not available" in response.json()["error"]
    assert "pizza_items.0.pizza_id" in response.json()["fields"]
    from menu.models import MenuItem
    MenuItem.objects.filter(slug="margherita").update(is_available=False)
    assert "not available" in place(client).json()["error"]
    assert Order.objects.count() == 0


@pytest.mark.parametrize(("item", "field"), [
    ({"pizza_id": "margherita", "quantity": 0}, "pizza_items.0.quantity"),
    ({"pizza_id": "margherita", "toppings": ["extra_cheese", "mushrooms", "pepperoni", "ham", "sausage",
                                             "pineapple", "olives", "red_onion", "green_peppers", "jalapenos",
                                             "fresh_basil"]}, "pizza_items.0.toppings"),
    ({"pizza_id": "margherita", "size": "huge"}, "pizza_items.0.size"),
])
def test_the_pizza_order_item_rules(client, menu, item, field):
    """Seed 003, "Request DTOs" (PizzaOrderItem: size "small", "medium", "large"; "Quantity must be
    at least 1"; "Maximum 10 toppings per pizza")."""
    response = place(client, pizza_items=[item])
    assert response.status_code == 422 and field in response.json()["fields"]
    assert Order.objects.count() == 0


def test_a_customer_name_is_required(client, menu):
    """Seed 003, "Request DTOs" (CreateOrderDto: "Customer name is required")."""
    response = place(client, customer_name="   ")
    assert response.status_code == 422 and "customer_name" in response.json()["fields"]


def test_a_full_kitchen_refuses_new_orders(client, menu, settings):
    """Seed 003, "Command Handlers" (PlaceOrderHandler: "Kitchen is at capacity. Please try again
    later.") and seed 000, "Error Handling Strategy" (KitchenOverloadedException → service
    unavailable)."""
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 1}
    assert place(client).status_code == 201
    full = place(client)
    assert full.status_code == 503 and "at capacity" in full.json()["error"]
    assert Order.objects.count() == 1


def test_sizes_are_priced_with_the_seeds_multipliers(client, menu):
    """Seed 000, "Command Handlers" (_get_size_price: small 0.8, medium 1.0, large 1.3 of the base
    price); toppings are added on top."""
    response = place(client, pizza_items=[{"pizza_id": "margherita", "size": size} for size in ("small", "medium", "large")])
    assert [p["price"] for p in response.json()["pizzas"]] == ["9.60", "12.00", "15.60"]
    assert response.json()["total_amount"] == "37.20"


def test_half_and_half_through_the_api(client, menu):
    """Seed 003, "Request DTOs" (PizzaOrderItem.toppings: a list of topping ids) with the app's
    half-and-half added: left_toppings and right_toppings go on one half each and cost half, rounded
    up to the cent; the PizzaDto's toppings stay the whole pizza's."""
    response = place(client, pizza_items=[{"pizza_id": "margherita", "size": "medium", "toppings": ["extra_cheese"],
                                           "left_toppings": ["mushrooms"], "right_toppings": ["anchovies"]}])
    assert response.status_code == 201, response.content
    pizza = client.get(f"/api/orders/{response.json()['id']}").json()["pizzas"][0]
    assert (pizza["toppings"], pizza["left_toppings"], pizza["right_toppings"]) == (
        ["extra_cheese"], ["mushrooms"], ["anchovies"])
    assert pizza["price"] == "14.75"  # 12.00 + 1.50 + 1.00/2 + 1.50/2
    refused = place(client, pizza_items=[{"pizza_id": "cola", "left_toppings": ["mushrooms"]}])
    assert refused.status_code in (400, 422) and Order.objects.count() == 1


def test_ordering_ahead_through_the_api(client, menu, mediator, settings):
    """Seed 003, "Response DTOs" (OrderDto.estimated_ready_time) with the app's order ahead added:
    POST /api/orders takes scheduled_for (a slot today, with its offset); the OrderDto shows it and
    promises it; a time that is no slot is refused naming the field."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from orders.services import Clock, FixedClock
    zone = ZoneInfo("America/New_York")
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": False, "OPENING_HOURS": "11:00-23:00", "SLOT_MINUTES": 15}
    mediator.container.register_instance(Clock, FixedClock(datetime(2026, 11, 30, 17, 2, tzinfo=zone)))
    seven = datetime(2026, 11, 30, 19, 0, tzinfo=zone)

    response = place(client, scheduled_for=seven.isoformat())
    assert response.status_code == 201, response.content
    order = client.get(f"/api/orders/{response.json()['id']}").json()
    assert datetime.fromisoformat(order["scheduled_for"]) == seven
    assert datetime.fromisoformat(order["estimated_ready_time"]) == seven
    refused = place(client, scheduled_for=datetime(2026, 11, 30, 19, 7, tzinfo=zone).isoformat())
    assert 400 <= refused.status_code < 500 and "scheduled_for" in refused.json()["fields"]
