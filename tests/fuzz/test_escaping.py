"""Markup typed by customers (names, notes, addresses, special instructions) or staff (menu names) is
shown escaped on every page and live fragment that shows it, and never as markup anywhere.

Each example places a real order through the cart and checkout forms, with the confirmation email
and live broadcasts run (they are published after commit), then looks at every screen.
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.fragments import render_kitchen_board
from orders.fragments import render_order_live_parts
from menu.models import MenuItem
from orders.models import Order
from tests.factories import line, place_order_command
from tests.fuzz.conftest import HTMX, assert_json, fuzz_settings
from tests.fuzz.strategies import text_with_payload

pytestmark = pytest.mark.django_db

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def assert_escaped(page: str, where: str, *, shows: dict[str, str] | None = None,
                   hides: dict[str, str] | None = None) -> None:
    """No typed value appears raw; those the page ``shows`` appear escaped (so the check looked at them)."""
    for field, value in {**(shows or {}), **(hides or {})}.items():
        assert value not in page, f"{field} unescaped in {where}: {value!r}"
    for field, value in (shows or {}).items():
        assert escape(value) in page, f"{field} not shown (escaped) in {where}"


def assert_broadcasts_escaped(sent: list[tuple[str, str]], group: str, *, shows: dict[str, str],
                              hides: dict[str, str]) -> None:
    """Every fragment sent hides the raw values; one sent to ``group`` shows them escaped."""
    for to, html in sent:
        assert_escaped(html, f"the {to} broadcast", hides={**shows, **hides})
    assert any(all(escape(value) in html for value in shows.values()) for to, html in sent if to == group), \
        f"no {group} broadcast shows {list(shows)}"


@given(name=text_with_payload(100), notes=text_with_payload(500), address=text_with_payload(300),
       instructions=text_with_payload(200))
@fuzz_settings(max_examples=15)
def test_customer_text_is_escaped_on_every_page_fragment_and_broadcast(
        mediator, staff, new_browser, broadcasts, django_capture_on_commit_callbacks, settings, name, notes, address,
        instructions):
    """Names, notes, addresses and special instructions with script payloads never reach a page as markup."""
    # Every example's order stays on the boards (one transaction): columns roomy enough to show them all.
    settings.PIZZERIA = {**settings.PIZZERIA, "BOARD_COLUMN_LIMIT": 1000, "BOARD_COLUMN_BYTES": 10**8}
    typed = {"customer_name": name, "notes": notes, "delivery_address": address,
             "special_instructions": instructions}
    browser = new_browser()

    added = browser.post("/cart/add/", {"item": "margherita", "size": "large", "quantity": "1",
                                        "special_instructions": instructions}, **HTMX)
    assert added.status_code == 200
    assert_escaped(added.content.decode(), "the add-to-cart answer", shows={"special_instructions": instructions})
    assert_escaped(browser.get("/cart/").content.decode(), "the cart", shows={"special_instructions": instructions})
    assert_escaped(browser.get("/checkout/").content.decode(), "the checkout page",
                   shows={"special_instructions": instructions})

    sent_before, mails_before = len(broadcasts), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        checkout = browser.post("/checkout/", {
            "customer_name": name, "customer_phone": "(202) 555-0142", "customer_email": "ann@example.com",
            "fulfilment": "delivery", "delivery_address": address, "payment_method": "cash", "notes": notes,
            "submission_key": uuid.uuid4().hex,
        })
    assert checkout.status_code == 302, checkout.content.decode()[:1500]
    order = Order.objects.latest("pk")
    assert (order.customer_name, order.notes, order.delivery_address) == (name, notes, address)

    # The customer's pages and live parts.
    assert_escaped(browser.get(f"/orders/{order.public_id}/").content.decode(), "the order page",
                   shows={"special_instructions": instructions, "delivery_address": address}, hides=typed)
    assert_escaped(browser.get("/orders/").content.decode(), "the order history", hides=typed)
    assert_escaped(render_order_live_parts(order.public_id), "the order page's live parts", hides=typed)

    # The kitchen: page, full fragment (sockets resync with it) and what was broadcast on the order.
    kitchen_shows = {"customer_name": name, "notes": notes, "special_instructions": instructions}
    assert_escaped(staff("cook").get("/kitchen/").content.decode(), "the kitchen board", shows=kitchen_shows,
                   hides=typed)
    assert_escaped(render_kitchen_board(), "the kitchen board fragment", shows=kitchen_shows, hides=typed)
    assert f"order-{order.public_id}" in {group for group, _ in broadcasts[sent_before:]}
    assert_broadcasts_escaped(broadcasts[sent_before:], "kitchen", shows=kitchen_shows, hides=typed)

    # The delivery board, once the order is ready (with what the move broadcast).
    sent_before = len(broadcasts)
    with django_capture_on_commit_callbacks(execute=True):
        cook = get_user_model().objects.get(username="cook")
        assert mediator.execute(StartCookingCommand(order_id=order.public_id, cook_id=cook.pk)).is_success
        assert mediator.execute(MarkOrderReadyCommand(order_id=order.public_id)).is_success
    delivery_shows = {"customer_name": name, "delivery_address": address, "notes": notes}
    assert_escaped(staff("driver").get("/delivery/").content.decode(), "the delivery board",
                   shows=delivery_shows, hides=typed)
    assert_broadcasts_escaped(broadcasts[sent_before:], "delivery", shows=delivery_shows, hides=typed)

    # The back office.
    admin_page = staff("manager").get(f"/admin/orders/order/{order.pk}/change/")
    assert admin_page.status_code == 200
    assert_escaped(admin_page.content.decode(), "the admin order page", shows=typed)

    # The API answers JSON (data as typed, not HTML); the emails (confirmation, "ready") are plain text only.
    status = browser.get(f"/api/orders/{order.public_id}/status")
    assert assert_json(status)["customer_name"] == name
    emails = mail.outbox[mails_before:]
    assert any("received" in email.subject for email in emails)
    for email in emails:
        assert email.to == ["ann@example.com"]
        assert email.content_subtype == "plain" and not getattr(email, "alternatives", [])


@given(lead=st.sampled_from(FORMULA_STARTS), rest=text_with_payload(60))
@fuzz_settings(max_examples=15)
def test_menu_names_typed_by_staff_are_escaped_on_pages_and_guarded_in_the_csv(mediator, staff, lead, rest):
    """A menu name like ``=HYPERLINK(…)<script>`` is escaped on the report and order pages and is never
    a spreadsheet formula in the CSV (its cell starts with an apostrophe)."""
    item_name = (lead + rest)[:80]
    MenuItem.objects.filter(slug="margherita").update(name=item_name)  # as a manager could in the admin
    order_id = mediator.execute(place_order_command(lines=(line("margherita"),))).data.order_id
    manager = staff("manager")
    today = timezone.localdate().isoformat()

    report = manager.get(f"/reports/?start={today}&end={today}")
    assert report.status_code == 200
    assert_escaped(report.content.decode(), "the sales report", shows={"item name": item_name})
    assert_escaped(manager.get(f"/orders/{order_id}/").content.decode(), "the order page",
                   shows={"item name": item_name})

    download = manager.get(f"/reports/sales.csv?start={today}&end={today}")
    assert download["Content-Type"].startswith("text/csv")
    cells = [cell for row in csv.reader(io.StringIO(download.content.decode(), newline="")) for cell in row]
    assert f"'{item_name}" in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
