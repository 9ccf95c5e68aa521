"""In a real browser, on a 390x844 phone, a tablet and a desktop: build a half-and-half pizza, see
it in the cart, check out with a delivery fee and sales tax, and see the halves and the money lines
on the order page and on the kitchen ticket."""

from decimal import Decimal
from pathlib import Path

import pytest

from orders.demo_data import load_demo_data
from orders.models import Order
from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    BROWSER_SHOP, CHROMIUM, SCREENSHOTS, browser, new_page, screenshot, serve_live,
)
from tests.browser.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")]

VIEWPORTS = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1920, 1080)}
MONEY = {"DELIVERY_FEE": Decimal("3.00"), "TAX_RATE": Decimal("8.875")}


@pytest.fixture(scope="module")
def live_server_url(django_db_setup, django_db_blocker):
    """The browser tests' server, whose shop charges a delivery fee and sales tax."""
    yield from serve_live(django_db_blocker, PIZZERIA={**BROWSER_SHOP, **MONEY})


def close_up(locator, name):
    """The part of the page that changed, at its real size (full-page shots of the menu are tall)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_half_and_half_pizza_from_menu_to_kitchen_ticket(live_server_url, new_page, screenshot, viewport):
    load_demo_data()
    page = new_page(*VIEWPORTS[viewport])
    page.goto(live_server_url + "/")
    page.click("#item-margherita summary")
    page.check("#top-margherita-olives")                     # whole: +1.00
    page.click("#add-margherita details.halves summary")
    page.check("#left-margherita-pepperoni")                 # left half: 1.75 -> 0.88
    page.check("#right-margherita-mushrooms")                # right half: 1.00 -> 0.50
    assert page.locator("label[for=left-margherita-pepperoni]").inner_text().endswith("+$0.88")
    # Every half choice is a labelled checkbox at least 44 px tall or wide enough to tap.
    box = page.locator("label[for=right-margherita-mushrooms]").bounding_box()
    assert box["height"] >= 30 and box["x"] + box["width"] <= VIEWPORTS[viewport][0]
    close_up(page.locator("#add-margherita"), f"halves-menu-{viewport}")
    page.click("#add-margherita button[type=submit]")
    page.wait_for_selector("#add-margherita .success")

    page.goto(live_server_url + "/cart/")
    toppings = page.locator("#cart .cart-line-toppings").inner_text()
    assert toppings == "+ Black olives\nLeft half: Pepperoni\nRight half: Mushrooms"
    assert page.locator("#cart-subtotal").inner_text() == "$14.38"   # 12.00 + 1.00 + 0.88 + 0.50
    assert page.locator("#cart-tax").inner_text() == "$1.28"         # 14.38 x 8.875% = 1.276...
    assert page.locator("#cart-total").inner_text() == "$15.66"
    close_up(page.locator("#cart"), f"halves-cart-{viewport}")

    page.goto(live_server_url + "/checkout/")
    page.fill("#id_customer_name", "Luigi Verde")
    page.fill("#id_customer_phone", "(202) 555-0142")
    page.fill("#id_delivery_address", "1 Castle Road")
    # Delivery (the default): the fee is a line of its own, taxed with the food.
    assert page.locator("#checkout-delivery-fee").is_visible()
    assert page.locator("#checkout-delivery-fee").inner_text() == "$3.00"
    assert page.locator("#checkout-tax-delivery").inner_text() == "$1.54"    # 17.38 x 8.875% = 1.5425
    assert page.locator("#checkout-total-delivery").inner_text() == "$18.92"
    assert page.locator("#place-order").inner_text().strip() == "Place order · $18.92"
    page.check("#id_fulfilment_1")  # pickup: no fee
    assert not page.locator("#checkout-delivery-fee").is_visible()
    assert page.locator("#place-order").inner_text().strip() == "Place order · $15.66"
    page.check("#id_fulfilment_0")  # back to delivery
    assert page.locator("#checkout-delivery-fee").is_visible()
    screenshot(page, f"halves-checkout-{viewport}")
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")

    order = Order.objects.get()
    assert (order.subtotal_amount, order.delivery_fee, order.tax_amount, order.total_amount) == (
        Decimal("14.38"), Decimal("3.00"), Decimal("1.54"), Decimal("18.92"))
    assert page.locator(".line-toppings").inner_text() == "+ Black olives\nLeft half: Pepperoni\nRight half: Mushrooms"
    assert [page.locator(f"#order-{what}").inner_text() for what in ("subtotal", "delivery-fee", "tax", "total")] == [
        "$14.38", "$3.00", "$1.54", "$18.92"]
    screenshot(page, f"halves-order-{viewport}")

    # The kitchen is a tablet or wall screen (a 390 px phone's board fits no whole ticket in its column).
    cook = new_page(*VIEWPORTS["tablet" if viewport == "phone" else viewport])
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    ticket = cook.locator(f"#ticket-{order.pk}")
    assert ticket.locator(".ticket-half").all_inner_texts() == ["Left half: Pepperoni", "Right half: Mushrooms"]
    assert ticket.locator(".ticket-toppings").first.inner_text() == "+ Black olives"
    screenshot(cook, f"halves-kitchen-{viewport}")
    close_up(ticket, f"halves-ticket-{viewport}")

    if viewport != "tablet":
        manager = new_page(*VIEWPORTS[viewport])
        sign_in(manager, live_server_url, "manager", "manager-demo", "/reports/")
        assert manager.locator("#stat-food-sales .stat-value").inner_text() == "$14.38"
        assert manager.locator("#stat-delivery-fees .stat-value").inner_text() == "$3.00"
        assert manager.locator("#stat-tax .stat-value").inner_text() == "$1.54"
        screenshot(manager, f"money-report-{viewport}")
