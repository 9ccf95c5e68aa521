"""A driver delivers an order while the customer's order page is open."""

import pytest

from orders.demo_data import load_demo_data
from orders.models import Order
from tests.browser.steps import order_one_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_customer_watches_the_driver_deliver(live_server_url, new_page, screenshot):
    load_demo_data()
    customer = new_page(390, 844)
    order_one_item(customer, live_server_url, "pepperoni", name="Daisy", phone="(202) 555-0177",
                   address="3 Sarasaland Way")
    order = Order.objects.get()

    # The kitchen's part goes through the server too: events reach sockets only from its process.
    cook = new_page(1024, 768)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.click(f"#ticket-{order.pk} button:has-text('Start cooking')")
    cook.click(f"#ticket-{order.pk} button:has-text('Order ready')")
    customer.wait_for_selector("#order-status [data-status=ready]", timeout=2000)

    driver = new_page(1024, 768)
    sign_in(driver, live_server_url, "driver", "driver-demo", "/delivery/")
    driver.wait_for_selector("#live-status[data-state=live]")
    driver.click(f"#delivery-{order.pk} button:has-text('Take it')")
    driver.click(f"#delivery-{order.pk} button:has-text('Leave now')")
    customer.wait_for_selector("#order-status [data-status=delivering]", timeout=2000)
    assert "Your driver: Toad" in customer.locator("#order-status").inner_text()
    screenshot(driver, "delivery-board")

    driver.click(f"#delivery-{order.pk} button:has-text('Delivered')")
    customer.wait_for_selector("#order-status [data-status=delivered]", timeout=2000)
    assert "Delivered. Enjoy!" in customer.locator("#order-timeline").inner_text()
    screenshot(customer, "order-delivered-phone")
