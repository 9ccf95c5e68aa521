"""The menu query, its cache, and managers editing the menu in the admin."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pizzeria.application import Outcome
from orders.demo_data import load_demo_data
from menu.models import MenuItem, Topping
from orders.models import Order
from menu.queries.get_menu import GetMenuQuery
from tests.factories import place_order_command


@pytest.fixture
def manager_client(client, menu):
    client.force_login(get_user_model().objects.get(username="manager"))
    return client


def margherita_prices(mediator):
    item = mediator.execute(GetMenuQuery()).data.item("margherita")
    return {price.size: price.price for price in item.prices}


@pytest.mark.django_db
def test_menu_groups_items_by_category_with_a_price_per_size(menu, mediator):
    menu_dto = mediator.execute(GetMenuQuery()).data

    assert [c.slug for c in menu_dto.categories] == ["pizza", "appetizer", "salad", "drink", "dessert"]
    assert margherita_prices(mediator) == {"small": Decimal("9.60"), "medium": Decimal("12.00"),
                                           "large": Decimal("15.60")}
    assert len(menu_dto.item("tiramisu").prices) == 1
    assert "extra_cheese" in [t.slug for t in menu_dto.item("margherita").toppings]
    assert menu_dto.item("pumpkin_sage").is_seasonal


@pytest.mark.django_db
def test_menu_filters_by_category_and_seasonal(menu, mediator):
    pizzas = mediator.execute(GetMenuQuery(category="pizza", include_seasonal=False)).data
    assert [c.slug for c in pizzas.categories] == ["pizza"]
    assert "pumpkin_sage" not in [i.slug for i in pizzas.categories[0].items]
    assert mediator.execute(GetMenuQuery(category="cars")).outcome is Outcome.INVALID


@pytest.mark.django_db(transaction=True)
def test_an_admin_price_edit_invalidates_the_cached_menu(manager_client, mediator):
    assert margherita_prices(mediator)["medium"] == Decimal("12.00")
    with CaptureQueriesContext(connection) as queries:
        mediator.execute(GetMenuQuery())
    assert len(queries) == 0  # served from the cache

    item = MenuItem.objects.get(slug="margherita")
    response = manager_client.post(f"/admin/menu/menuitem/{item.pk}/change/", {
        "name": item.name, "slug": item.slug, "category": item.category, "description": item.description,
        "position": item.position, "base_price": "13.00", "preparation_minutes": item.preparation_minutes,
        "is_available": "on", "allowed_toppings": list(item.allowed_toppings.values_list("pk", flat=True)),
    })
    assert response.status_code == 302

    assert margherita_prices(mediator)["medium"] == Decimal("13.00")


@pytest.mark.django_db(transaction=True)
def test_sold_out_from_the_admin_list_shows_on_the_menu_at_once(manager_client, mediator):
    assert mediator.execute(GetMenuQuery()).data.item("pepperoni").is_available
    pepperoni = MenuItem.objects.get(slug="pepperoni")
    response = manager_client.post("/admin/menu/menuitem/", {
        "action": "mark_sold_out", "_selected_action": [pepperoni.pk],
    })
    assert response.status_code == 302
    assert not mediator.execute(GetMenuQuery()).data.item("pepperoni").is_available


@pytest.mark.django_db(transaction=True)
def test_a_topping_price_edit_reaches_the_menu(manager_client, mediator):
    mediator.execute(GetMenuQuery())
    cheese = Topping.objects.get(slug="extra_cheese")
    response = manager_client.post(f"/admin/menu/topping/{cheese.pk}/change/", {
        "name": cheese.name, "slug": cheese.slug, "price": "2.25", "is_available": "on",
    })
    assert response.status_code == 302
    toppings = mediator.execute(GetMenuQuery()).data.item("margherita").toppings
    assert next(t.price for t in toppings if t.slug == "extra_cheese") == Decimal("2.25")


@pytest.mark.django_db
def test_the_admin_menu_list_offers_filters_search_and_inline_availability(manager_client):
    response = manager_client.get("/admin/menu/menuitem/?q=pepp")
    body = response.content.decode()

    assert response.status_code == 200
    assert "Pepperoni" in body and "Margherita" not in body
    assert 'name="form-0-is_available"' in body  # editable straight from the list
    for filter_title in ("By category", "By seasonal", "By available"):
        assert filter_title in body


@pytest.mark.django_db
def test_orders_are_read_only_in_the_admin_with_their_timeline(manager_client, mediator):
    order_id = mediator.execute(place_order_command()).data.order_id
    order = Order.objects.get(public_id=order_id)

    listing = manager_client.get("/admin/orders/order/?status__exact=pending")
    detail = manager_client.get(f"/admin/orders/order/{order.pk}/change/")

    assert listing.status_code == 200 and "Ann Example" in listing.content.decode()
    body = detail.content.decode()
    assert detail.status_code == 200 and "Order placed for delivery" in body
    assert 'name="_save"' not in body  # no save button: read-only
    assert manager_client.post(f"/admin/orders/order/{order.pk}/change/", {}).status_code == 403
    assert manager_client.get("/admin/orders/order/add/").status_code == 403


@pytest.mark.django_db
def test_customers_and_cooks_cannot_open_the_admin(client, menu):
    client.force_login(get_user_model().objects.get(username="cook"))
    assert client.get("/admin/menu/menuitem/").status_code == 302  # to the admin login


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_keeps_manager_edits(menu):
    MenuItem.objects.filter(slug="margherita").update(base_price=Decimal("11.00"))
    counts = (MenuItem.objects.count(), Topping.objects.count(), get_user_model().objects.count())

    assert load_demo_data() == {"toppings": 0, "menu items": 0, "groups": 0, "users": 0}
    assert (MenuItem.objects.count(), Topping.objects.count(), get_user_model().objects.count()) == counts
    assert MenuItem.objects.get(slug="margherita").base_price == Decimal("11.00")
    assert MenuItem.objects.filter(category="pizza").count() >= 8 and Topping.objects.count() >= 10
    assert MenuItem.objects.filter(is_seasonal=True).exists()
    manager = get_user_model().objects.get(username="manager")
    assert set(manager.groups.values_list("name", flat=True)) == {"Manager", "Kitchen", "Delivery"}
    assert manager.check_password("manager-demo") and manager.is_staff
