"""The seeds' menu: the item list, its fields, the categories and /menu/pizzas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from menu.commands.set_availability import SetAvailabilityCommand

pytestmark = pytest.mark.django_db

MENU_ITEM_FIELDS = {"id", "name", "description", "base_price", "category", "preparation_time_minutes",
                    "available_sizes", "available_toppings", "is_seasonal"}


def test_the_menu_is_a_list_of_the_seeds_menu_items(client, menu):
    """Seed 000, "Command Handlers" (GetMenuQueryHandler: a list of items with id, name,
    description, base_price as text, category, preparation_time_minutes, available_sizes,
    available_toppings, is_seasonal) and seed 000, "Testing Query Handlers" (the result is a list;
    the first item is Margherita)."""
    response = client.get("/api/menu")
    assert response.status_code == 200
    items = response.json()
    assert isinstance(items, list) and items[0]["name"] == "Margherita"
    assert all(MENU_ITEM_FIELDS <= set(item) for item in items)
    margherita = items[0]
    assert (margherita["id"], margherita["base_price"], margherita["category"], margherita["preparation_time_minutes"],
            margherita["available_sizes"], margherita["is_seasonal"]) == (
        "margherita", "12.00", "pizza", 12, ["small", "medium", "large"], False)
    assert "extra_cheese" in margherita["available_toppings"]
    assert Decimal(margherita["prices"]["large"]) == Decimal("12.00") * Decimal("1.3")  # seed 000's multiplier
    garlic_bread = next(item for item in items if item["id"] == "garlic_bread")
    assert garlic_bread["available_sizes"] == ["medium"]  # one size only: the app's rule for appetizers


def test_a_sold_out_topping_is_not_among_the_available_ones(client, menu, mediator, django_capture_on_commit_callbacks):
    """Seed 000, "Command Handlers" (GetMenuQueryHandler: available_toppings): only what can go on
    the pizza now; the full list with availability is in the additive ``toppings``."""
    client.get("/api/menu")  # cached first: the 86 must reach the cached menu too
    with django_capture_on_commit_callbacks(execute=True):  # its events run after commit
        assert mediator.execute(SetAvailabilityCommand(kind="topping", slug="anchovies", is_available=False)).is_success
    margherita = next(item for item in client.get("/api/menu").json() if item["id"] == "margherita")
    assert "anchovies" not in margherita["available_toppings"]
    assert {"slug": "anchovies", "name": "Anchovies", "price": "1.50", "is_available": False} in margherita["toppings"]


@pytest.mark.parametrize(("category", "expected"), [
    ("pizza", "pizza"), ("Pizza", "pizza"), ("pizzas", "pizza"),
    ("appetizers", "appetizer"), ("appetizer", "appetizer"), ("drinks", "drink"), ("DRINK", "drink"),
])
def test_the_seeds_category_names_filter_the_menu(client, menu, category, expected):
    """Seed 000, "Queries" (GetMenuQuery.category: "pizza", "appetizers", "drinks") and seed 001,
    "Query Handler Testing" (GetMenuQuery(category="Pizza"): every item of that category). The
    app's singular values stay accepted; items answer the app's own value."""
    response = client.get(f"/api/menu?category={category}")
    assert response.status_code == 200
    assert response.json() and {item["category"] for item in response.json()} == {expected}


def test_an_unknown_category_is_refused(client, menu):
    """Seed 000, "Queries" (GetMenuQuery.category): a category outside the menu's is a 422 naming the field."""
    response = client.get("/api/menu?category=cars")
    assert response.status_code == 422 and "category" in response.json()["fields"]


def test_seasonal_items_can_be_left_out(client, menu):
    """Seed 000, "Queries" (GetMenuQuery.include_seasonal, default true) and seed 000, "In
    Controllers" (MenuController.get_menu(category, include_seasonal))."""
    assert "pumpkin_sage" in [item["id"] for item in client.get("/api/menu").json()]
    without = client.get("/api/menu?include_seasonal=false").json()
    assert without and "pumpkin_sage" not in [item["id"] for item in without]
    assert not any(item["is_seasonal"] for item in without)


def test_menu_pizzas_lists_the_pizzas(client, menu):
    """Seed 003, "Python Client" (get_menu: GET {base_url}/menu/pizzas answers a list)."""
    response = client.get("/api/menu/pizzas")
    assert response.status_code == 200
    pizzas = response.json()
    assert len(pizzas) == 9 and {item["category"] for item in pizzas} == {"pizza"}
    assert all(MENU_ITEM_FIELDS <= set(item) for item in pizzas)
    assert "pumpkin_sage" not in [item["id"] for item in client.get("/api/menu/pizzas?include_seasonal=false").json()]
