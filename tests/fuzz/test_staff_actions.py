"""Staff screens with hostile URLs and query strings: kitchen and delivery actions, the sales report.

Every property: never a 5xx; a refused action changes no order; an accepted one changes only its
own order, and only along the order's state machine.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.models import ALLOWED_TRANSITIONS, Order, OrderStatus
from tests.factories import line, place_order_command
from tests.fuzz.conftest import (
    HTMX, assert_no_raw_payload, assert_not_server_error, fuzz_settings, order_snapshot, segment,
)
from tests.fuzz.strategies import edge_text, hostile_text, url_ids

pytestmark = pytest.mark.django_db

# The kitchen's steps, and what each may do to an order's status when it is accepted.
KITCHEN_ACTIONS = {
    "start": {OrderStatus.COOKING},
    "lines/{position}/ready": {OrderStatus.COOKING, OrderStatus.READY},
    "ready": {OrderStatus.READY},
    "picked-up": {OrderStatus.PICKED_UP},
    "recall": {OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.COOKING, OrderStatus.READY},
}
DELIVERY_ACTIONS = {
    "take": {OrderStatus.READY},
    "depart": {OrderStatus.DELIVERING},
    "delivered": {OrderStatus.DELIVERED},
}
EARLIEST, LATEST, MAX_DAYS = date(2000, 1, 1), date(2100, 12, 31), 366

positions = st.one_of(st.integers(0, 3).map(str), st.integers(0, 10**40).map(str), edge_text(8),
                      st.sampled_from(["-1", "+1", "1.0", "01", "٣"]))


def order_in_state(mediator, state: str, fulfilment: str) -> str:
    """A fresh two-line order, moved through the mediator to ``state``."""
    cook = get_user_model().objects.get(username="cook").pk
    driver = get_user_model().objects.get(username="driver").pk
    order_id = mediator.execute(place_order_command(
        fulfilment=fulfilment, lines=(line("margherita"), line("cola", quantity=2)))).data.order_id
    steps = {
        "pending": [],
        "cooking": [StartCookingCommand(order_id=order_id, cook_id=cook)],
        "ready": [StartCookingCommand(order_id=order_id, cook_id=cook), MarkOrderReadyCommand(order_id=order_id)],
        "taken": [StartCookingCommand(order_id=order_id, cook_id=cook), MarkOrderReadyCommand(order_id=order_id),
                  AssignOrderToDeliveryCommand(order_id=order_id, driver_id=driver)],
        "delivering": [StartCookingCommand(order_id=order_id, cook_id=cook), MarkOrderReadyCommand(order_id=order_id),
                       MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver)],
    }[state]
    for command in steps:
        assert mediator.execute(command).is_success
    return order_id


def others(snapshot: list[tuple], order_id: str) -> list[tuple]:
    return [row for row in snapshot if row[0] != order_id]


def assert_only_a_legal_change(before: list[tuple], order_id: str, old_status: str, allowed: set[str]) -> None:
    """Other orders are untouched; this one kept its status or moved to one ``allowed`` and legal."""
    assert others(order_snapshot(), order_id) == others(before, order_id)
    new_status = Order.objects.get(public_id=order_id).status
    if new_status != old_status:
        assert new_status in allowed
        assert new_status in ALLOWED_TRANSITIONS.get(old_status, set()) or allowed == KITCHEN_ACTIONS["recall"]


# --- kitchen -------------------------------------------------------------------------------
@given(state=st.sampled_from(["pending", "cooking", "ready"]), fulfilment=st.sampled_from(["delivery", "pickup"]),
       action=st.sampled_from(list(KITCHEN_ACTIONS)), position=positions, target=st.sampled_from(["real", "made up"]),
       made_up=url_ids(), htmx=st.booleans())
@fuzz_settings(max_examples=60)
def test_kitchen_actions_on_any_url_only_move_their_order_along_the_state_machine(
        mediator, staff, state, fulfilment, action, position, target, made_up, htmx):
    """Kitchen posts never fail; refusals change nothing; an accepted step is a legal move of its own order."""
    cook = staff("cook")
    order_id = order_in_state(mediator, state, fulfilment)
    old_status = Order.objects.get(public_id=order_id).status
    before = order_snapshot()
    url_id = order_id if target == "real" else made_up

    response = cook.post(f"/kitchen/orders/{segment(url_id)}/{action.format(position=segment(position))}/",
                         **(HTMX if htmx else {}))

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    event(f"{target} id: {response.status_code}")
    if target == "made up" or (response.status_code >= 400 and htmx):
        assert order_snapshot() == before
    else:
        assert_only_a_legal_change(before, order_id, old_status, KITCHEN_ACTIONS[action])
    if htmx and response.status_code == 200:
        assert 'id="kitchen-board"' in response.content.decode()
    if not htmx and response.status_code == 302:
        assert response["Location"] == "/kitchen/"


# --- delivery ------------------------------------------------------------------------------
@given(state=st.sampled_from(["pending", "ready", "taken", "delivering"]),
       fulfilment=st.sampled_from(["delivery", "delivery", "pickup"]), action=st.sampled_from(list(DELIVERY_ACTIONS)),
       target=st.sampled_from(["real", "made up"]), made_up=url_ids(), htmx=st.booleans())
@fuzz_settings(max_examples=50)
def test_delivery_actions_on_any_url_only_move_their_order_along_the_state_machine(
        mediator, staff, state, fulfilment, action, target, made_up, htmx):
    """Driver posts never fail; refusals change nothing; an accepted step is a legal move of its own order."""
    reachable = "ready" if fulfilment == "pickup" and state in ("taken", "delivering") else state
    driver = staff("driver")
    order_id = order_in_state(mediator, reachable, fulfilment)
    old_status = Order.objects.get(public_id=order_id).status
    before = order_snapshot()
    url_id = order_id if target == "real" else made_up

    response = driver.post(f"/delivery/orders/{segment(url_id)}/{action}/", **(HTMX if htmx else {}))

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    event(f"{target} id: {response.status_code}")
    if target == "made up" or (response.status_code >= 400 and htmx):
        assert order_snapshot() == before
    else:
        assert_only_a_legal_change(before, order_id, old_status, DELIVERY_ACTIONS[action])
        if fulfilment == "pickup":
            assert Order.objects.get(public_id=order_id).driver_id is None  # pickups never get a driver
    if htmx and response.status_code == 200:
        assert 'id="delivery-board"' in response.content.decode()


# --- reports -------------------------------------------------------------------------------
def as_date(text: str | None) -> date | None:
    """How the report form reads a date (Django's DateField with the site's input formats), or None."""
    try:
        return forms.DateField().clean(text)
    except ValidationError:
        return None


def report_range_allowed(params: dict[str, str]) -> bool:
    if "start" not in params and "end" not in params:
        return True  # today
    start, end = as_date(params.get("start")), as_date(params.get("end"))
    return (start is not None and end is not None and EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST
            and start <= end and (end - start).days + 1 <= MAX_DAYS)


date_texts = st.one_of(
    st.dates().map(date.isoformat),
    st.dates(min_value=date(1999, 12, 1), max_value=date(2101, 2, 1)).map(date.isoformat),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)).map(lambda day: day.strftime("%m/%d/%Y")),
    st.sampled_from(["", "today", "0000-00-00", "2026-02-30", "2026-13-01", "9999-12-31", "0001-01-01",
                     "99999-01-01", "2026-11-23T10:00", "2026-11-23 ", " 2026-11-23", "20261123", "-2026-01-01",
                     "2026-11-23\x00", "١٠٢٠-١١-٢٣"]),
    hostile_text(20),
)


near_valid_ranges = st.builds(  # around the allowed years, up to a little over the longest period
    lambda start, days: (start.isoformat(), (start + timedelta(days=days)).isoformat()),
    st.dates(min_value=date(1999, 6, 1), max_value=date(2101, 6, 1)), st.integers(-5, MAX_DAYS + 5))
any_ranges = st.tuples(st.one_of(st.none(), date_texts), st.one_of(st.none(), date_texts))


@given(start_end=st.one_of(near_valid_ranges, any_ranges), htmx=st.booleans())
@fuzz_settings(max_examples=50)
def test_the_sales_report_and_its_csv_answer_any_range_without_failing(staff, start_end, htmx):
    """Any ``?start=&end=``: a valid range gives the page and a CSV; anything else a 422 page saying why."""
    manager = staff("manager")
    start, end = start_end
    params = {name: value for name, value in (("start", start), ("end", end)) if value is not None}
    query = urlencode(params)
    allowed = report_range_allowed(params)
    event(f"accepted: {allowed}")

    page = manager.get(f"/reports/?{query}", **(HTMX if htmx else {}))
    download = manager.get(f"/reports/sales.csv?{query}")

    for response in (page, download):
        assert_not_server_error(response)
    assert_no_raw_payload(page.content.decode())
    assert page.status_code == (200 if allowed else 422)
    if allowed:
        assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
        first_row = next(csv.reader(io.StringIO(download.content.decode())))
        expected_start = as_date(start) if params else timezone.localdate()
        assert first_row[:2] == ["Sales report", expected_start.isoformat()]
    else:
        assert download.status_code == 422 and download["Content-Type"].startswith("text/html")
        assert_no_raw_payload(download.content.decode())


@given(raw_query=st.sampled_from([
    "start=%00&end=%00", "start=%ff%fe&end=%c0%af", "start[]=2026-01-01&end[]=2026-01-02",
    "start=2026-01-01&start=2026-01-05&end=2026-01-03", "start=2026-01-01;end=2026-01-02", "start&end",
    "start=2026-01-01&end=" + "9" * 5000, "%zz=1", "start=%", "=&=&&",
]))
@fuzz_settings(max_examples=10)
def test_the_sales_report_survives_malformed_query_strings(staff, raw_query):
    """Hand-mangled query strings (broken percent-escapes, repeated or bracketed keys) never fail."""
    manager = staff("manager")
    for url in (f"/reports/?{raw_query}", f"/reports/sales.csv?{raw_query}"):
        response = manager.get(url)
        assert_not_server_error(response)
        assert response.status_code in (200, 422)
