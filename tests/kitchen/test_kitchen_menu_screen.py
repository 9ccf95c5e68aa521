"""The kitchen's 86 and busy-mode screen: kitchen staff only, each button one command."""

import pytest
from django.contrib.auth import get_user_model

from menu.models import MenuItem, Topping
from orders.models import OnlineOrdering

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook_client(client, menu):
    client.force_login(get_user_model().objects.get(username="cook"))
    return client


def test_only_kitchen_staff_open_it(client, menu):
    assert client.get("/kitchen/menu/")["Location"].startswith("/accounts/login/")
    client.force_login(get_user_model().objects.get(username="customer"))
    assert client.get("/kitchen/menu/").status_code == 403
    assert client.post("/kitchen/menu/availability/", {"kind": "item", "slug": "cola", "available": "0"}).status_code == 403
    assert MenuItem.objects.get(slug="cola").is_available


def test_a_cook_86es_an_item_and_brings_it_back(cook_client):
    page = cook_client.post("/kitchen/menu/availability/", {"kind": "item", "slug": "pepperoni", "available": "0"},
                            HTTP_HX_REQUEST="true").content.decode()
    assert not MenuItem.objects.get(slug="pepperoni").is_available
    assert "Pepperoni is 86&#x27;d (sold out)." in page and 'id="availability-item-pepperoni"' in page

    cook_client.post("/kitchen/menu/availability/", {"kind": "topping", "slug": "olives", "available": "0"})
    assert not Topping.objects.get(slug="olives").is_available
    response = cook_client.post("/kitchen/menu/availability/", {"kind": "item", "slug": "pepperoni", "available": "1"})
    assert response.status_code == 302 and MenuItem.objects.get(slug="pepperoni").is_available


def test_busy_mode_buttons(cook_client):
    page = cook_client.post("/kitchen/menu/busy/", {"extra_minutes": "20"}, HTTP_HX_REQUEST="true").content.decode()
    assert "orders take about 20 minutes longer" in page
    cook_client.post("/kitchen/menu/busy/", {"pause_minutes": "15"}, HTTP_HX_REQUEST="true")
    state = OnlineOrdering.objects.get()
    assert state.extra_minutes == 20 and state.paused_until is not None and state.changed_by == "cook"
    page = cook_client.get("/kitchen/menu/").content.decode()
    assert "Resume now" in page


@pytest.mark.parametrize("data", [
    {"kind": "item", "slug": "pepperoni", "available": "maybe"},
    {"kind": "pizza", "slug": "pepperoni", "available": "0"},
    {"kind": "item", "slug": "no such thing!", "available": "0"},
])
def test_bad_availability_posts_are_refused(cook_client, data):
    response = cook_client.post("/kitchen/menu/availability/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and MenuItem.objects.filter(is_available=False).count() == 0


def test_an_unknown_item_is_a_404_message(cook_client):
    response = cook_client.post("/kitchen/menu/availability/", {"kind": "item", "slug": "caviar", "available": "0"},
                                HTTP_HX_REQUEST="true")
    assert response.status_code == 404 and "no item &#x27;caviar&#x27;" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"extra_minutes": "15"}, {"pause_minutes": "-1"}])
def test_bad_busy_posts_are_refused(cook_client, data):
    assert cook_client.post("/kitchen/menu/busy/", data, HTTP_HX_REQUEST="true").status_code == 422
    assert not OnlineOrdering.objects.exists()


def test_kitchen_staff_find_it_in_the_header(cook_client, client):
    header = cook_client.get("/kitchen/menu/").content.decode()
    assert 'href="/kitchen/menu/"' in header and "86 &amp; busy" in header
