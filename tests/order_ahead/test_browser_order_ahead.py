"""In a real browser, on a 390x844 phone and on a desktop: the ETA is visible before paying (menu
and checkout) and follows the live queue; order ahead is chosen at checkout; the order page shows
the promised time and a delivery's arrival. While online ordering is paused, a phone customer
still orders ahead for a time after the pause."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from orders.demo_data import load_demo_data
from orders.models import Order
from pathlib import Path

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    BROWSER_SHOP, CHROMIUM, browser, new_page, screenshot, serve_live,
)
from tests.browser.steps import order_one_item, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")]

VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1920, 1080)}


def midday_zone() -> str:
    """A fixed-offset zone where it is about noon now, so today has slots left whenever CI runs."""
    offset = 12 - datetime.now(timezone.utc).hour
    offset = (offset + 12) % 24 - 12  # -12..11 hours from UTC
    return "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"  # POSIX signs are inverted


@pytest.fixture(scope="module")
def live_server_url(django_db_setup, django_db_blocker):
    """The browser tests' server, at local midday (its own TIME_ZONE), with the default ETA settings."""
    yield from serve_live(django_db_blocker, TIME_ZONE=midday_zone(), PIZZERIA={
        **BROWSER_SHOP, "ORDER_RATE_LIMIT": None, "SLOT_CAPACITY": 4})


def minutes(page, selector) -> int:
    return int(page.inner_text(selector).split(" min")[0].split()[-1])


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_eta_before_paying_live_and_order_ahead(live_server_url, new_page, screenshot, viewport):
    load_demo_data()
    page = new_page(*VIEWPORTS[viewport])
    page.goto(live_server_url + "/")
    banner = page.locator("#eta-banner")
    assert banner.is_visible() and "Pickup ready in about 12 min" in banner.inner_text()
    assert "Delivery arrives in about 32 min" in banner.inner_text()
    screenshot(page, f"eta-menu-{viewport}")

    page.click("#item-margherita summary")
    page.click("#add-margherita button[type=submit]")
    page.wait_for_selector("#add-margherita .success")
    page.goto(live_server_url + "/checkout/")
    assert page.locator("#eta-banner").is_visible() and page.locator("#checkout-when").is_visible()
    asap = page.locator("#id_scheduled_for option").first.inner_text()
    assert asap.startswith("As soon as possible (about ")
    page.fill("#id_customer_name", "Ann Ahead")
    wait_until(page, "document.getElementById('live-seq') && document.getElementById('live-seq').dataset.kind")

    # Someone else orders three pizzas: the open checkout's promise moves, live, without a reload.
    other = new_page(1280, 900)
    order_one_item(other, live_server_url, "margherita", name="Other", phone="(202) 555-0199")
    wait_until(page, "document.querySelector('#eta-banner').innerText.includes('15 min')")
    wait_until(page, f"!document.querySelector('#id_scheduled_for option').innerText.includes({asap[26:-1]!r})"
                     " || document.querySelector('#when-hint').innerText.includes('15 min')")
    assert "ready in about 15 min" in page.inner_text("#when-hint")
    assert page.input_value("#id_customer_name") == "Ann Ahead"  # what was typed stays

    # Order ahead: the third time offered.
    slot = page.locator("#id_scheduled_for option").nth(3)
    slot_value, slot_label = slot.get_attribute("value"), slot.inner_text().split(" — ")[0]
    page.select_option("#id_scheduled_for", slot_value)
    page.locator("#checkout-when").scroll_into_view_if_needed()
    screenshot(page, f"eta-checkout-{viewport}")
    page.fill("#id_customer_phone", "(202) 555-0142")
    page.fill("#id_delivery_address", "12 Harbour Street")
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")
    promise = page.inner_text("#order-promise")
    assert promise == f"Ordered ahead for {slot_label}"
    order = Order.objects.get(customer_name="Ann Ahead")
    assert order.scheduled_for == order.promised_at == datetime.fromisoformat(slot_value)
    arrival = (datetime.fromisoformat(slot_value) + timedelta(minutes=20)).strftime("%-I:%M %p")
    assert page.inner_text("#order-arrival") == f"Arrives about {arrival}"
    screenshot(page, f"eta-order-page-{viewport}")


def test_a_time_picked_while_the_when_section_refreshes_is_kept(live_server_url, new_page):
    """The live refresh of checkout's "when" section leaves with the time chosen then; a time picked
    while it is on its way is what the swapped-in section shows, and what is posted."""
    load_demo_data()
    page = new_page(*VIEWPORTS["phone"])
    held = []  # the when section's refreshes, let through only once a time is picked
    page.route(re.compile(r"/checkout/when/"), lambda route: held.append(route))
    page.goto(live_server_url + "/")
    page.click("#item-margherita summary")
    page.click("#add-margherita button[type=submit]")
    page.wait_for_selector("#add-margherita .success")
    page.goto(live_server_url + "/checkout/")
    wait_until(page, "document.getElementById('live-seq') && document.getElementById('live-seq').dataset.kind")

    order_one_item(new_page(1280, 900), live_server_url, "margherita", name="Other", phone="(202) 555-0199")
    wait_until(page, "document.querySelector('#eta-banner').innerText.includes('15 min')")
    assert held, "the new ETA sends the when section for a refresh"
    slot = page.locator("#id_scheduled_for option").nth(2).get_attribute("value")
    page.select_option("#id_scheduled_for", slot)
    page.evaluate("() => { document.getElementById('checkout-when').dataset.before = 'refresh'; }")
    for route in held:
        route.continue_()
    wait_until(page, "!document.getElementById('checkout-when').dataset.before")
    assert "ready in about 15 min" in page.inner_text("#when-hint")  # the refreshed section
    assert page.input_value("#id_scheduled_for") == slot


def test_while_paused_a_phone_customer_orders_ahead_for_after_the_pause(live_server_url, new_page, screenshot):
    from orders.commands.set_online_ordering import SetOnlineOrderingCommand
    from pizzeria.application.mediator import get_mediator

    load_demo_data()
    assert get_mediator().execute(SetOnlineOrderingCommand(pause_minutes=30, changed_by="Luigi")).is_success
    page = new_page(*VIEWPORTS["phone"])
    page.goto(live_server_url + "/")
    assert "Online ordering is paused" in page.inner_text("#ordering-status")
    first_free = page.inner_text("#eta-banner strong")
    assert "You can still order ahead" in page.inner_text("#eta-banner")
    screenshot(page, "paused-menu-order-ahead-phone")

    page.click("#item-margherita summary")
    page.click("#add-margherita button[type=submit]")
    page.wait_for_selector("#add-margherita .success")
    page.goto(live_server_url + "/checkout/")
    options = page.locator("#id_scheduled_for option")
    assert options.first.inner_text() == "Choose a time"  # as soon as possible is not offered
    assert options.nth(1).inner_text().split(" — ")[0] == first_free
    page.select_option("#id_scheduled_for", index=1)
    page.fill("#id_customer_name", "Paula Paused")
    page.fill("#id_customer_phone", "(202) 555-0142")
    page.check("#id_fulfilment_1")  # pickup
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")
    assert page.inner_text("#order-promise") == f"Ordered ahead for {first_free}"
    assert Order.objects.get(customer_name="Paula Paused").scheduled_for is not None
