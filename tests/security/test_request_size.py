"""Oversized bodies answer 413 (JSON under /api/, the branded page for forms), never a 400 or 5xx,
while the largest legitimate order still goes through."""

import asyncio
import json

import pytest
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.test import Client

from orders.models import Order

pytestmark = pytest.mark.django_db

TOO_BIG = 10 * 1024 * 1024  # what a careless or hostile client might send


def big_order_json(size=TOO_BIG) -> str:
    return json.dumps({"customer_name": "x" * size, "customer_phone": "(202) 555-0142", "pizza_items": []})


def assert_api_413(response):
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["fields"] == {} and "too large" in body["error"] and "256 KiB" in body["error"]


def assert_page_413(response, reason="too large"):
    html = response.content.decode()
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "Mario's <em>Pizzeria</em>" in html and reason in html


def test_limits_are_set_deliberately():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 256 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 600


def test_an_oversized_api_order_is_413_json(client):
    assert_api_413(client.post("/api/orders", big_order_json(), content_type="application/json"))
    assert not Order.objects.exists()


def test_an_oversized_content_length_is_refused_before_the_body_is_read(client):
    # The header alone decides: the (small) body is never looked at.
    response = client.post("/api/orders", "{}", content_type="application/json", CONTENT_LENGTH=str(TOO_BIG))
    assert_api_413(response)


def test_an_oversized_checkout_form_is_the_branded_413_page(client, menu):
    assert_page_413(client.post("/checkout/", {"customer_name": "x" * TOO_BIG, "customer_phone": "2025550142"}))


def test_an_oversized_form_is_refused_before_the_csrf_check(menu):
    response = Client(enforce_csrf_checks=True).post("/cart/add/", {"item": "margherita", "note": "x" * TOO_BIG})
    assert_page_413(response)


def test_an_oversized_multipart_form_is_413_too(client, menu):
    response = client.post("/accounts/login/", {"username": "cook", "password": "x" * (300 * 1024)})
    assert_page_413(response)


def test_a_form_with_too_many_fields_is_413(client, menu):
    fields = "&".join(f"field{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post("/cart/add/", fields, content_type="application/x-www-form-urlencoded")
    assert_page_413(response, reason="too many fields")


def test_too_many_fields_under_the_api_is_413_json(client):
    fields = "&".join(f"field{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post("/api/orders", fields, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "too many fields" in response.json()["error"]


def test_a_nonsense_content_length_is_a_400_not_a_500(client):
    response = client.post("/api/orders", "{}", content_type="application/json", CONTENT_LENGTH="lots")
    assert response.status_code == 400 and response.json()["fields"] == {}


async def asgi_post(path: str, chunks: list[bytes], content_type: str) -> tuple[int, dict, bytes]:
    """POST through Django's ASGI handler as Daphne would, the body in chunks and without a
    Content-Length (Transfer-Encoding: chunked)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", content_type.encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    messages = [{"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
                for i, chunk in enumerate(chunks)]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Future()  # the client stays connected until the response is sent

    async def send(message):
        sent.append(message)

    await ASGIHandler()(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body


async def test_a_chunked_api_body_without_content_length_is_413_json():
    body = big_order_json().encode()
    status, headers, content = await asgi_post("/api/orders", [body[i:i + 65536] for i in range(0, len(body), 65536)],
                                               "application/json")
    assert status == 413 and headers["content-type"].startswith("application/json")
    assert json.loads(content)["fields"] == {}


async def test_a_chunked_form_without_content_length_is_the_413_page():
    body = b"customer_name=" + b"x" * TOO_BIG
    status, headers, content = await asgi_post("/checkout/", [body[i:i + 65536] for i in range(0, len(body), 65536)],
                                               "application/x-www-form-urlencoded")
    assert status == 413 and b"Mario's <em>Pizzeria</em>" in content


def test_the_largest_legitimate_order_fits(client, menu):
    """30 lines with every free-text field at its longest, each character \\u-escaped (an emoji is
    12 bytes in JSON): still well under the limit, and placed."""
    line = {"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"], "quantity": 1,
            "special_instructions": "🍕" * 100}
    order = {"customer_name": "Ö" * 100, "customer_phone": "(202) 555-0142", "customer_address": "Å" * 300,
             "customer_email": "someone@example.com", "notes": "é" * 500, "pizza_items": [line] * 30,
             "payment_method": "cash"}
    body = json.dumps(order)  # ensure_ascii: every non-ASCII character escaped
    assert 30 * 1024 < len(body) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 4
    response = client.post("/api/orders", body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_busiest_admin_form_fits_the_field_limit(client, menu):
    """The menu's change list (editable columns) with a full page of 100 items posts fewer fields
    than DATA_UPLOAD_MAX_NUMBER_FIELDS."""
    from django.contrib.auth import get_user_model

    from menu.models import MenuItem

    template = MenuItem.objects.first()
    for n in range(100 - MenuItem.objects.count()):
        MenuItem.objects.create(name=f"Extra {n}", slug=f"extra-{n}", category=template.category,
                                base_price=template.base_price)
    client.force_login(get_user_model().objects.get(username="manager"))
    html = client.get("/admin/menu/menuitem/").content.decode()
    # every named input, checkbox and select on the page, each checkbox as if ticked
    fields = html.count("<input") + html.count("<select") - html.count('type="submit"')
    assert 500 < fields < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
