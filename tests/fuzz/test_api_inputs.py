"""The JSON API with hostile bodies, ids and query strings.

Every property: never a 5xx, always a JSON answer (errors as {"error": ..., "fields": {...}}), and a
refused request stores nothing. Accepted orders store exactly what was sent, unicode and all.
"""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import event, given
from hypothesis import strategies as st

from menu.models import Category
from menu.queries.get_menu import canonical_category

from orders.models import Order, OrderStatus
from tests.factories import place_order_command
from tests.fuzz.conftest import assert_json, assert_not_server_error, bearer, fuzz_settings, segment, stored_counts
from tests.fuzz.strategies import LONE_SURROGATES, edge_text, json_scalars, json_values, text_with_payload, url_ids

pytestmark = pytest.mark.django_db

GOOD_ORDER = {
    "customer_name": "John Doe",
    "customer_phone": "(202) 555-0123",
    "customer_address": "123 Pizza St",
    "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"], "quantity": 1,
                     "special_instructions": "Extra crispy"}],
    "payment_method": "cash",
}
ORDER_FIELDS = [*GOOD_ORDER, "fulfilment", "customer_email", "card_number", "notes"]
ITEM_FIELDS = ["pizza_id", "size", "toppings", "quantity", "special_instructions"]
STAFF_STEPS = ["cook", "ready", "picked-up", "assign", "deliver", "delivered", "cancel"]


def assert_error_shape(body) -> None:
    assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    assert isinstance(body.get("fields"), dict)
    assert all(isinstance(messages, list) for messages in body["fields"].values())


def post_order(client: Client, body: str, **headers):
    return client.post("/api/orders", body, content_type="application/json", **headers)


def assert_placed_iff_created(response, before: tuple[int, int, int], item_count: int) -> None:
    """201: one order with its lines stored; anything else: nothing stored."""
    assert_not_server_error(response)
    body = assert_json(response)
    event(f"status {response.status_code}")
    if response.status_code == 201:
        assert stored_counts()[:2] == (before[0] + 1, before[1] + item_count)
        assert Order.objects.filter(public_id=body["order_id"]).exists()
    else:
        assert 400 <= response.status_code < 500
        assert_error_shape(body)
        assert stored_counts() == before


# --- POST /api/orders ----------------------------------------------------------------------
@given(body=json_values())
@fuzz_settings(max_examples=60)
def test_any_json_body_is_refused_cleanly(menu, new_browser, body):
    """A random JSON document (not an order's shape) is a 4xx JSON error and stores nothing."""
    before = stored_counts()
    response = post_order(new_browser(), json.dumps(body))
    assert_placed_iff_created(response, before, 0)


GOOD_ORDER_IN_UTF16 = json.dumps(GOOD_ORDER).encode("utf-16")  # with a BOM: json.loads reads it


@given(body=st.one_of(st.binary(max_size=300), json_values().map(lambda value: json.dumps(value).encode()),
                     st.sampled_from([GOOD_ORDER_IN_UTF16, b"\xef\xbb\xbf{}", b"\xff\xfe{", b"{}{}", b"  "])),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                     "multipart/form-data; boundary=x", "application/json; charset=bogus", ""]))
@fuzz_settings(max_examples=40)
def test_raw_bytes_under_any_content_type_never_fail(menu, new_browser, body, content_type):
    """Arbitrary bytes (broken UTF-8, BOMs, UTF-16) under any declared content type: a JSON answer, never a 5xx;
    only a whole valid order is stored."""
    before = stored_counts()
    response = new_browser().generic("POST", "/api/orders", body, content_type=content_type)  # bytes as they are
    assert_placed_iff_created(response, before, 1 if body == GOOD_ORDER_IN_UTF16 else 0)


@given(order_changes=st.dictionaries(st.sampled_from(ORDER_FIELDS), json_values(), max_size=3),
       item_changes=st.dictionaries(st.sampled_from(ITEM_FIELDS), json_values(), max_size=3),
       drop=st.sets(st.sampled_from(list(GOOD_ORDER)), max_size=1), repeat_items=st.integers(1, 3))
@fuzz_settings(max_examples=80)
def test_an_order_with_wrong_types_and_odd_values_is_placed_whole_or_not_at_all(menu, new_browser, order_changes,
                                                                                item_changes, drop, repeat_items):
    """A valid order with some fields swapped for random JSON: 201 with every line stored, or a 4xx and nothing."""
    item = {**GOOD_ORDER["pizza_items"][0], **item_changes}
    body = {**{k: v for k, v in GOOD_ORDER.items() if k not in drop}, "pizza_items": [item] * repeat_items,
            **order_changes}
    items = body.get("pizza_items")
    before = stored_counts()

    response = post_order(new_browser(), json.dumps(body))

    assert_placed_iff_created(response, before, len(items) if isinstance(items, list) else 0)
    if response.status_code == 201:  # whatever got through is within the rules
        order = Order.objects.get(public_id=response.json()["order_id"])
        assert order.customer_name == body["customer_name"].strip() and 1 <= len(order.customer_name) <= 100
        assert all(1 <= quantity <= 20 for quantity in order.lines.values_list("quantity", flat=True))
        assert {line.menu_item.slug for line in order.lines.all()} == {"margherita"} or item_changes.get("pizza_id")


storable_text = st.one_of(text_with_payload(100), edge_text(60).map(lambda text: text.replace("\x00", "")))


@given(name=storable_text, note=storable_text, instructions=storable_text)
@fuzz_settings(max_examples=40)
def test_unicode_and_markup_in_an_order_are_stored_and_returned_as_sent(menu, new_browser, name, note, instructions):
    """RTL, emoji, control characters and markup within the limits: accepted, stored and returned unchanged
    (stripped), as JSON: the API never HTML-escapes data and never serves it as HTML."""
    body = {**GOOD_ORDER, "customer_name": name, "notes": note,
            "pizza_items": [{**GOOD_ORDER["pizza_items"][0], "special_instructions": instructions}]}
    client = new_browser()
    response = post_order(client, json.dumps(body))
    if not name.strip():
        assert response.status_code == 422 and "customer_name" in assert_json(response)["fields"]
        return
    assert response.status_code == 201, response.content
    placed = assert_json(response)
    order = Order.objects.get(public_id=placed["order_id"])
    assert (order.customer_name, order.notes, order.lines.get().special_instructions) == (
        name.strip(), note.strip(), instructions.strip())

    status = client.get(f"/api/orders/{placed['order_id']}/status", HTTP_X_ORDER_ACCESS=placed["access_token"])
    shown = assert_json(status)
    assert shown["customer_name"] == name.strip()
    assert shown["pizzas"][0]["special_instructions"] == instructions.strip()


@given(field=st.sampled_from(["customer_name", "customer_address", "notes", "customer_email", "card_number",
                              "pizza_id", "special_instructions", "toppings"]),
       bad=st.sampled_from(LONE_SURROGATES + ("\x00",)), before_text=st.text(max_size=5),
       as_raw_utf8=st.booleans())
@fuzz_settings(max_examples=40)
def test_nul_and_lone_surrogates_in_any_text_field_are_refused(menu, new_browser, field, bad, before_text, as_raw_utf8):
    """Text no database can store (NUL; a lone UTF-16 surrogate, escaped or as raw bytes) is a 4xx, never a 500."""
    item = dict(GOOD_ORDER["pizza_items"][0])
    body = {**GOOD_ORDER, "payment_method": "card" if field == "card_number" else "cash", "pizza_items": [item]}
    value = before_text + bad
    if field in ITEM_FIELDS:
        item[field] = [value] if field == "toppings" else value
    else:
        body[field] = value
    # As JSON escapes ("\ud800", "\u0000"), or as raw bytes (a surrogate's would-be UTF-8, a bare NUL).
    payload = json.dumps(body, ensure_ascii=not as_raw_utf8).encode("utf-8", "surrogatepass")
    before = stored_counts()

    response = post_order(new_browser(), payload)

    assert_placed_iff_created(response, before, 1)
    assert response.status_code != 201


@given(digits=st.lists(st.characters(categories=("Nd", "No")), min_size=12, max_size=19).map("".join)
       .filter(lambda card: not (card.isascii() and card.isdigit())))
@fuzz_settings(max_examples=25)
def test_a_card_number_is_ascii_digits_only(menu, new_browser, digits):
    """Other scripts' digits ("٤", "𝟒", "²") are not a card number: refused, never sent to the payment gateway."""
    before = stored_counts()
    body = {**GOOD_ORDER, "payment_method": "card", "card_number": digits}
    response = post_order(new_browser(), json.dumps(body))
    assert_placed_iff_created(response, before, 1)
    assert response.status_code == 422 and "card_number" in response.json()["fields"]


# --- PUT /api/orders/{id}/... --------------------------------------------------------------
@given(step=st.sampled_from(STAFF_STEPS), target=st.sampled_from(["real", "made up"]), made_up=url_ids(),
       body=st.one_of(st.none(), json_values(), st.fixed_dictionaries(
           {}, optional={"estimated_cooking_time_minutes": json_scalars(), "kitchen_staff_id": json_scalars(),
                         "reason": json_scalars()})),
       who=st.sampled_from(["manager", "cook", "driver", "nobody"]))
@fuzz_settings(max_examples=60)
def test_staff_steps_with_any_id_and_body_answer_json_and_move_only_their_order(mediator, menu, new_browser, step,
                                                                                target, made_up, body, who):
    """PUT steps never fail: made-up ids and refusals change nothing; a 200 is a real step of that order."""
    real = mediator.execute(place_order_command(fulfilment="pickup")).data.order_id
    order_id = real if target == "real" else made_up
    statuses_before = dict(Order.objects.values_list("public_id", "status"))
    headers = bearer(who) if who != "nobody" else {}

    response = new_browser().put(f"/api/orders/{segment(order_id)}/{step}", "" if body is None else json.dumps(body),
                                 content_type="application/json", **headers)

    assert_not_server_error(response)
    result = assert_json(response)
    statuses = dict(Order.objects.values_list("public_id", "status"))
    if response.status_code == 200:
        assert target == "real" and result["order_id"] == real
        assert statuses == {**statuses_before, real: result["status"]}
        # the order is a fresh pending pickup: only starting to cook or cancelling can apply to it
        assert result["status"] in {"cook": {OrderStatus.COOKING}, "cancel": {OrderStatus.CANCELLED}}.get(step, ())
    else:
        assert_error_shape(result)
        assert statuses == statuses_before
        if who == "nobody" and step != "cancel":
            assert response.status_code == 401


@given(order_id=url_ids(), access=st.one_of(st.none(), st.text(max_size=40)))
@fuzz_settings(max_examples=30)
def test_order_status_for_made_up_ids_and_tokens_is_a_json_404(menu, new_browser, order_id, access):
    """No made-up id or forged X-Order-Access token reads an order."""
    headers = {} if access is None else {"HTTP_X_ORDER_ACCESS": access}
    response = new_browser().get(f"/api/orders/{segment(order_id)}/status", **headers)
    assert_not_server_error(response)
    assert response.status_code in (404, 422)
    assert_error_shape(assert_json(response))


@given(category=st.one_of(st.none(), st.sampled_from(Category.values), st.sampled_from(Category.labels), edge_text(20)),
       include_seasonal=st.one_of(st.none(), st.sampled_from(["true", "false", "1", "0", "yes", "off"]), edge_text(8)))
@fuzz_settings(max_examples=30)
def test_the_menu_filters_by_a_real_category_and_refuses_anything_else(menu, new_browser, category,
                                                                       include_seasonal):
    """``GET /api/menu``: a real category (or none) lists items of it; an unknown one is a 422 naming it.
    A category is known by its value or its plural (the seeds' ``drinks``), in any case."""
    params = {name: value for name, value in (("category", category), ("include_seasonal", include_seasonal))
              if value is not None}
    response = new_browser().get(f"/api/menu?{urlencode(params)}")
    assert_not_server_error(response)
    body = assert_json(response)
    known = canonical_category(category) if category else None
    if response.status_code == 200:
        assert not category or known in Category.values
        assert body and (not category or {item["category"] for item in body} == {known})
    else:
        assert response.status_code == 422
        assert_error_shape(body)
        if category and known not in Category.values:
            assert body["fields"]


header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
                        min_size=1, max_size=200)  # what an HTTP server hands over: latin-1, no controls


@given(key=st.one_of(header_values, st.sampled_from(["0", " ", "a" * 300, "'; DROP TABLE orders; --"])))
@fuzz_settings(max_examples=25)
def test_any_idempotency_key_places_one_order_per_caller(menu, new_browser, key):
    """The same ``Idempotency-Key`` twice from one caller, whatever it holds, answers the same order; the
    same key from another caller is that caller's own new order, never the first one's."""
    orders_before = Order.objects.count()
    client = new_browser()
    first = post_order(client, json.dumps(GOOD_ORDER), HTTP_IDEMPOTENCY_KEY=key)
    again = post_order(client, json.dumps(GOOD_ORDER), HTTP_IDEMPOTENCY_KEY=key)
    other = post_order(new_browser(), json.dumps(GOOD_ORDER), HTTP_IDEMPOTENCY_KEY=key)  # cookies cleared

    for response in (first, again, other):
        assert_not_server_error(response)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert assert_json(first)["order_id"] == assert_json(again)["order_id"]
    assert assert_json(other)["order_id"] != assert_json(first)["order_id"]
    assert assert_json(other)["access_token"] != assert_json(first)["access_token"]
    assert Order.objects.count() == orders_before + 2


report_dates = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "today", "2026-02-30", "0000-00-00", "9999-12-31", "2026-11-23T00:00:00", "1700000000",
                     "-1", "1e10", "2026-11-23\x00", "99999-01-01"]),
    edge_text(20),
)


@given(day=report_dates)
@fuzz_settings(max_examples=30)
def test_daily_sales_answers_any_date_with_json(menu, new_browser, day):
    """``GET /api/reports/daily-sales?date=``: a real date from 2000 to 2100 is a report for that day; anything
    else is a JSON 4xx, never a 5xx."""
    response = new_browser().get(f"/api/reports/daily-sales?{urlencode({'date': day})}", **bearer("manager"))
    assert_not_server_error(response)
    body = assert_json(response)
    try:
        iso_day = date.fromisoformat(day)
    except ValueError:
        iso_day = None
    if iso_day is not None and len(day) == 10 and date(2000, 1, 1) <= iso_day <= date(2100, 12, 31):
        assert response.status_code == 200 and body["date"] == day
    if response.status_code == 200:
        assert date(2000, 1, 1) <= date.fromisoformat(body["date"]) <= date(2100, 12, 31)
    else:
        assert response.status_code in (400, 422)
        assert_error_shape(body)
