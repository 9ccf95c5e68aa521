"""A new customer orders in a real browser, as a person would."""

from decimal import Decimal

import pytest

from orders.demo_data import load_demo_data
from orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def customise_and_add(page, item, *, size, toppings, quantity=1, note=""):
    page.click(f"#item-{item} summary")
    page.check(f"#size-{item}-{size}")
    for topping in toppings:
        page.check(f"#top-{item}-{topping}")
    page.fill(f"#qty-{item}", str(quantity))
    if note:
        page.fill(f"#note-{item}", note)
    page.click(f"#add-{item} button[type=submit]")
    page.wait_for_selector(f"#add-{item} .success")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_new_customer_orders_two_pizzas_for_delivery(live_server_url, new_page, screenshot, viewport):
    load_demo_data()
    page = new_page(*VIEWPORTS[viewport])
    page.goto(live_server_url + "/")
    assert page.title().startswith("Menu")
    screenshot(page, f"menu-{viewport}")

    customise_and_add(page, "margherita", size="large", toppings=["extra_cheese", "mushrooms"],
                      note="Well done please")                               # 15.60 + 1.50 + 1.00 = 18.10
    customise_and_add(page, "pepperoni", size="small", toppings=["jalapenos"], quantity=2)  # (11.20+0.75) x 2
    cart = page.locator("#cart")
    assert "$42.00" in cart.inner_text()  # the cart updated in place, no reload
    screenshot(page, f"cart-{viewport}")

    page.click("#cart a:has-text('Checkout')")
    page.fill("#id_customer_name", "Peach Toadstool")
    page.fill("#id_customer_phone", "555")  # too short: the form comes back with the error
    page.click("#place-order")
    assert "valid phone number" in page.locator("#field-customer_phone").inner_text()
    assert page.input_value("#id_customer_name") == "Peach Toadstool"
    screenshot(page, f"checkout-errors-{viewport}")

    page.fill("#id_customer_phone", "(202) 555-0142")
    page.fill("#id_delivery_address", "1 Castle Road")
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")

    order = Order.objects.get()
    assert order.total_amount == Decimal("42.00")
    assert page.locator("#order-total").inner_text() == "$42.00"
    assert "Placed" in page.locator("#order-status").inner_text()
    screenshot(page, f"order-{viewport}")
