"""Who may see and who may cancel an order, through the HTML pages and the API alike.

| who                          | see  | cancel |
|------------------------------|------|--------|
| its holder (session, account, signed link / X-Order-Access) | yes | yes |
| Manager, superuser           | yes  | yes    |
| Kitchen                      | yes  | 403    |
| the driver it is assigned to | yes  | 403    |
| any other driver, anyone else| 404  | 404    |
"""

import html

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from api.models import ApiToken
from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.access import SYSTEM_VIEWER, Viewer
from orders.browser import viewer_from
from orders.fragments import order_group, render_order_broadcast
from orders.models import Order, OrderStatus
from orders.queries.get_order_status import GetOrderStatusQuery

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ORDER = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_address": "12 Harbour Street",
    "pizza_items": [{"pizza_id": "margherita", "size": "large"}], "payment_method": "cash",
}
STAFF = ("cook", "driver", "manager", "boss")


@pytest.fixture
def people(menu):
    users = get_user_model().objects
    users.create_superuser("boss", password="x", email="boss@marios.example")
    return {name: users.get(username=name) for name in (*STAFF, "customer")}


def place(client: Client) -> dict:
    response = client.post("/api/orders", ORDER, content_type="application/json")
    assert response.status_code == 201
    return response.json()


def signed_in(user, *, csrf=False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.get_or_create(user=user)[0].key}"}


def status(order_id: str) -> str:
    return Order.objects.get(public_id=order_id).status


def html_view(client, order_id):
    return client.get(f"/orders/{order_id}/").status_code


def html_cancel(client, order_id):
    return client.post(f"/orders/{order_id}/cancel/", {"reason": "test"}).status_code


def api_view(client, order_id, **headers):
    return client.get(f"/api/orders/{order_id}/status", **headers).status_code


def api_cancel(client, order_id, **headers):
    return client.put(f"/api/orders/{order_id}/cancel", {}, content_type="application/json", **headers).status_code


def csrf_header(client) -> dict:
    client.get("/")  # sets the CSRF cookie
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


# --- seeing --------------------------------------------------------------------------------
@pytest.mark.parametrize(("who", "sees"), [("cook", True), ("manager", True), ("boss", True), ("driver", False),
                                           ("customer", False)])
def test_who_sees_an_order_through_the_page_and_the_api(people, who, sees):
    order_id = place(Client())["order_id"]
    expected = 200 if sees else 404
    assert html_view(signed_in(people[who]), order_id) == expected
    assert api_view(Client(), order_id, **bearer(people[who])) == expected
    assert api_view(signed_in(people[who]), order_id) == expected  # the session path agrees


def test_a_driver_sees_only_the_orders_assigned_to_them(people, mediator):
    mine, theirs = place(Client())["order_id"], place(Client())["order_id"]
    for order_id in (mine, theirs):
        mediator.execute(StartCookingCommand(order_id=order_id, cook_id=people["cook"].pk))
        mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    second_driver = get_user_model().objects.create_user("yoshi", password="x")
    second_driver.groups.set(people["driver"].groups.all())
    mediator.execute(AssignOrderToDeliveryCommand(order_id=mine, driver_id=people["driver"].pk))
    mediator.execute(AssignOrderToDeliveryCommand(order_id=theirs, driver_id=second_driver.pk))

    driver = signed_in(people["driver"])
    assert html_view(driver, mine) == 200 and api_view(Client(), mine, **bearer(people["driver"])) == 200
    assert html_view(driver, theirs) == 404 and api_view(Client(), theirs, **bearer(people["driver"])) == 404
    # Seeing is not cancelling (and 403, not 404: they can see it).
    assert html_cancel(driver, mine) == 403 and api_cancel(Client(), mine, **bearer(people["driver"])) == 403
    assert html_cancel(driver, theirs) == 404 and api_cancel(Client(), theirs, **bearer(people["driver"])) == 404


def test_a_driver_who_left_the_delivery_group_no_longer_sees_their_order(people, mediator):
    order_id = place(Client())["order_id"]
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=people["cook"].pk))
    mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    mediator.execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=people["driver"].pk))
    people["driver"].groups.clear()
    assert html_view(signed_in(people["driver"]), order_id) == 404


# --- cancelling ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["driver", "customer"])
def test_a_driver_or_another_customer_cannot_cancel_a_random_order(people, who):
    order_id = place(Client())["order_id"]
    assert html_cancel(signed_in(people[who]), order_id) == 404
    assert api_cancel(Client(), order_id, **bearer(people[who])) == 404
    session = signed_in(people[who], csrf=True)
    assert api_cancel(session, order_id, **csrf_header(session)) == 404
    assert status(order_id) == OrderStatus.PENDING


def test_the_kitchen_sees_but_cannot_cancel(people):
    order_id = place(Client())["order_id"]
    cook = signed_in(people["cook"])

    page = cook.get(f"/orders/{order_id}/")
    assert page.status_code == 200 and "Cancel order" not in page.content.decode()

    refused = cook.post(f"/orders/{order_id}/cancel/")
    assert refused.status_code == 403
    assert "Only the customer who placed order" in html.unescape(refused.content.decode())
    refused_htmx = cook.post(f"/orders/{order_id}/cancel/", **HTMX)
    assert refused_htmx.status_code == 403 and "or a manager can cancel it" in html.unescape(
        refused_htmx.content.decode())

    by_token = Client().put(f"/api/orders/{order_id}/cancel", {}, content_type="application/json",
                            **bearer(people["cook"]))
    assert by_token.status_code == 403 and "or a manager can cancel it" in by_token.json()["error"]
    session = signed_in(people["cook"], csrf=True)
    assert api_cancel(session, order_id, **csrf_header(session)) == 403
    assert status(order_id) == OrderStatus.PENDING


@pytest.mark.parametrize("who", ["manager", "boss"])
@pytest.mark.parametrize("path", ["html", "api token", "api session"])
def test_a_manager_or_superuser_can_cancel(people, who, path):
    order_id = place(Client())["order_id"]
    if path == "html":
        client = signed_in(people[who])
        assert "Cancel order" in client.get(f"/orders/{order_id}/").content.decode()
        assert html_cancel(client, order_id) == 302
    elif path == "api token":
        assert api_cancel(Client(), order_id, **bearer(people[who])) == 200
    else:
        session = signed_in(people[who], csrf=True)
        assert api_cancel(session, order_id) == 404  # no CSRF token: the session does not count
        assert api_cancel(session, order_id, **csrf_header(session)) == 200
    assert status(order_id) == OrderStatus.CANCELLED


@pytest.mark.parametrize("path", ["html", "api session", "api access header", "html signed link"])
def test_the_holder_can_cancel(people, path):
    holder = Client(enforce_csrf_checks=path == "api session")
    created = place(holder)
    order_id = created["order_id"]
    if path == "html":
        assert "Cancel order" in holder.get(f"/orders/{order_id}/").content.decode()
        assert html_cancel(holder, order_id) == 302
    elif path == "api session":
        assert api_cancel(holder, order_id, **csrf_header(holder)) == 200
    elif path == "api access header":
        assert api_cancel(Client(), order_id, HTTP_X_ORDER_ACCESS=created["access_token"]) == 200
    else:
        phone = Client()
        phone.get(f"/orders/{order_id}/?access={created['access_token']}")  # the email's link
        assert "Cancel order" in phone.get(f"/orders/{order_id}/").content.decode()
        assert html_cancel(phone, order_id) == 302
    assert status(order_id) == OrderStatus.CANCELLED


def test_a_customer_account_holds_its_orders_on_any_browser(people):
    created = place(signed_in(people["customer"]))
    elsewhere = signed_in(people["customer"])
    assert html_view(elsewhere, created["order_id"]) == 200
    assert html_cancel(elsewhere, created["order_id"]) == 302
    assert status(created["order_id"]) == OrderStatus.CANCELLED


def test_a_holder_who_is_also_kitchen_staff_can_cancel_their_own_order(people):
    created = place(signed_in(people["cook"]))  # the cook orders dinner
    assert api_cancel(Client(), created["order_id"], **bearer(people["cook"])) == 200


# --- the API's access token travels in a header only -------------------------------------
def test_the_access_token_in_the_api_query_string_grants_nothing(people):
    created = place(Client())
    order_id, token = created["order_id"], created["access_token"]
    stranger = Client()
    assert stranger.get(f"/api/orders/{order_id}/status?access={token}").status_code == 404
    assert stranger.put(f"/api/orders/{order_id}/cancel?access={token}", {},
                        content_type="application/json").status_code == 404
    assert status(order_id) == OrderStatus.PENDING
    assert api_view(stranger, order_id, HTTP_X_ORDER_ACCESS=token) == 200
    # The HTML email link still works (it turns into the session's right and a clean URL).
    response = stranger.get(f"/orders/{order_id}/?access={token}")
    assert response.status_code == 302 and "access" not in response["Location"]


# --- the query says what the page may offer --------------------------------------------------
def test_the_order_query_says_whether_this_viewer_may_cancel(people, mediator):
    holder = Client()
    order_id = place(holder)["order_id"]

    def can_cancel(viewer):
        return mediator.execute(GetOrderStatusQuery(order_id=order_id, viewer=viewer)).data.can_cancel

    assert can_cancel(viewer_from(holder.session, None))
    assert can_cancel(viewer_from({}, people["manager"])) and can_cancel(viewer_from({}, people["boss"]))
    assert not can_cancel(viewer_from({}, people["cook"]))
    mediator.execute(StartCookingCommand(order_id=order_id, cook_id=people["cook"].pk))
    assert not can_cancel(viewer_from(holder.session, None))  # nobody can, once it is cooking
    assert not mediator.execute(GetOrderStatusQuery(order_id=order_id, viewer=Viewer())).is_success


def test_broadcasts_carry_the_cancel_button_only_to_those_who_may_cancel(people):
    order_id = place(Client())["order_id"]
    frames = dict(render_order_broadcast(order_id))
    assert set(frames) == {order_group(order_id), order_group(order_id, may_cancel=False)}
    assert "Cancel order" in frames[order_group(order_id)]
    assert "Cancel order" not in frames[order_group(order_id, may_cancel=False)]
    assert SYSTEM_VIEWER.cancels_any_order
