"""Phone-first ordering and returning customers in a real browser, on a 390x844 phone and a
desktop: an add is seen and heard where the customer is, the focus goes somewhere sensible, every
target is thumb-sized, and "Order again" and the remembered details work as a person uses them."""

import pytest

from menu.models import MenuItem
from orders.demo_data import load_demo_data
from orders.models import Order
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import order_one_item, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, TABLET, DESKTOP = (390, 844), (768, 1024), (1920, 1080)


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def in_viewport(page, selector) -> bool:
    """The element is rendered and wholly inside the visible window (no scrolling needed)."""
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        if (!el || !el.getClientRects().length) return false;
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth
            && getComputedStyle(el).visibility !== 'hidden';
    }""", selector)


def add(page, item, size=None, wait_text=None):
    if not page.locator(f"#item-{item} details.customise").evaluate("d => d.open"):
        page.click(f"#item-{item} summary")
    if size:
        page.check(f"#size-{item}-{size}")
    page.click(f"#add-{item}-submit")
    page.wait_for_selector(f"#add-{item} .success")
    if wait_text:
        for _ in range(100):  # (wait_for_function needs eval, which the CSP forbids: poll instead)
            if wait_text in page.inner_text("#cart-announce"):
                break
            page.wait_for_timeout(50)


SMALL_TARGETS = """() => {
    const selectors = 'button, a.button, .chip, .site-nav a, .cart-bar-link, summary, .option, '
        + 'input[type=text], input[type=number], input[type=email], input[type=tel], textarea, .history-link';
    const shown = [...document.querySelectorAll(selectors)].filter((el) => el.getClientRects().length
            && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden, .skip-link'));
    const small = shown.map((el) => { const b = el.getBoundingClientRect();
                       return {what: el.outerHTML.slice(0, 90), w: Math.round(b.width), h: Math.round(b.height)}; })
        .filter((t) => t.w < 44 || t.h < 44);
    return {checked: shown.length, small};
}"""


def test_an_add_on_a_phone_is_seen_heard_and_keeps_the_focus(live_server_url, new_page):
    load_demo_data()
    page = new_page(*PHONE)
    page.goto(live_server_url + "/")
    assert not in_viewport(page, "#cart-bar")  # an empty cart: no bar

    page.locator("#item-margherita").scroll_into_view_if_needed()
    add(page, "margherita", "large", wait_text="Added 1 Margherita")

    assert page.inner_text("#cart-announce") == "Added 1 Margherita (large) — 1 item, $15.60"
    assert in_viewport(page, "#cart-bar")  # in view where the customer is, no scrolling
    bar = page.inner_text("#cart-bar")
    assert "Added 1 Margherita (large)" in bar and "1 item" in bar and "$15.60" in bar
    assert active_id(page) == "add-margherita-submit"
    assert in_viewport(page, "#add-margherita .success")
    assert in_viewport(page, ".site-header")  # the header stays too

    page.locator("#item-cola").scroll_into_view_if_needed()
    add(page, "cola", "small", wait_text="Added 1 Cola")
    assert page.inner_text("#cart-announce") == "Added 1 Cola (small) — 2 items, $17.60"
    assert "2 items" in page.inner_text("#cart-bar") and "$17.60" in page.inner_text("#cart-bar")
    assert active_id(page) == "add-cola-submit"
    page.screenshot(path=str(SCREENSHOTS / "phone-after-add-viewport.png"))

    page.click("#cart-bar a")
    page.wait_for_url("**/cart/")
    assert page.locator(".cart-line").count() == 2


def test_an_add_on_a_desktop_updates_the_sticky_header_and_the_cart_beside_the_menu(live_server_url, new_page):
    load_demo_data()
    page = new_page(*DESKTOP)
    page.goto(live_server_url + "/")
    page.locator("#item-tiramisu").scroll_into_view_if_needed()
    add(page, "tiramisu", wait_text="Added 1")

    assert page.inner_text("#cart-announce") == "Added 1 Tiramisù — 1 item, $6.50"
    assert not in_viewport(page, "#cart-bar")  # the desktop has the header and the cart column
    assert in_viewport(page, "#cart-count") and "$6.50" in page.inner_text("#cart-count")
    assert in_viewport(page, "#cart") and "Tiramisù" in page.inner_text("#cart")
    assert active_id(page) == "add-tiramisu-submit"


def test_the_focus_after_a_removal_and_after_a_failed_checkout(live_server_url, new_page):
    load_demo_data()
    page = new_page(*PHONE)
    page.goto(live_server_url + "/")
    add(page, "margherita", "large", wait_text="Added 1 Margherita")
    add(page, "pepperoni", "medium", wait_text="Added 1 Pepperoni")
    page.goto(live_server_url + "/cart/")
    page.click("#cart .cart-line:first-child button:has-text('Remove')")
    page.wait_for_selector("#cart-status")
    assert active_id(page) == "cart-status"
    assert page.inner_text("#cart-status") == "Removed Margherita (large). Your cart: 1 item, $14.00."
    assert page.locator(".cart-line").count() == 1
    assert "1" in page.inner_text("#cart-count")

    page.click("#cart a:has-text('Checkout')")
    page.fill("#id_customer_name", "Peach")
    page.fill("#id_customer_phone", "555")
    page.click("#place-order")
    page.wait_for_selector("#checkout-errors")
    assert active_id(page) == "checkout-errors"
    assert in_viewport(page, "#checkout-errors")
    assert page.input_value("#id_customer_name") == "Peach"
    page.click("#checkout-errors a[href='#id_customer_phone']")
    assert active_id(page) == "id_customer_phone"  # the summary's link takes the customer to the field
    page.screenshot(path=str(SCREENSHOTS / "checkout-error-summary-phone-viewport.png"))


def test_without_javascript_an_add_lands_back_on_the_item_with_the_bar_and_errors_take_the_focus(live_server_url, browser):
    load_demo_data()
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server_url + "/")
        page.click("#item-diavola summary")
        page.click("#add-diavola-submit")
        page.wait_for_url("**/#item-diavola")
        assert in_viewport(page, "#cart-bar")
        assert "Added 1 Diavola (medium) — 1 item, $14.50" in page.inner_text("#cart-bar")

        page.goto(live_server_url + "/checkout/")
        page.click("#place-order")  # nothing filled in: a full page load, then the browser's autofocus
        wait_until(page, "document.activeElement && document.activeElement.id === 'checkout-errors'")
        assert active_id(page) == "checkout-errors"
    finally:
        context.close()


def test_every_target_is_at_least_44_px_on_a_phone(live_server_url, new_page):
    load_demo_data()
    page = new_page(*PHONE)
    order_one_item(page, live_server_url, "margherita", name="Toad", phone="(202) 555-0142")
    too_small, checked = {}, {}
    page.goto(live_server_url + "/")
    add(page, "margherita", "large", wait_text="Added 1")  # a cart for the bar; the form stays open
    found = page.evaluate(SMALL_TARGETS)
    too_small["menu"], checked["menu"] = found["small"], found["checked"]
    for path in ("/cart/", "/checkout/", "/orders/", "/accounts/login/"):
        page.goto(live_server_url + path)
        found = page.evaluate(SMALL_TARGETS)
        too_small[path], checked[path] = found["small"], found["checked"]
    assert too_small == {"menu": [], "/cart/": [], "/checkout/": [], "/orders/": [], "/accounts/login/": []}
    assert checked["menu"] > 60 and min(checked.values()) >= 6, checked  # it did look at the controls


def test_a_returning_customer_orders_again_and_finds_their_details_filled_in(live_server_url, new_page, screenshot):
    load_demo_data()
    page = new_page(*PHONE)
    order_one_item(page, live_server_url, "hawaiian", name="Bowser Koopa", phone="(202) 555-0188",
                   address="1 Lava Lane")
    page.goto(live_server_url + "/")
    add(page, "cannoli", wait_text="Added 1 Cannoli")
    page.goto(live_server_url + "/checkout/")
    assert page.input_value("#id_customer_name") == "Bowser Koopa"
    assert page.input_value("#id_customer_phone") == "(202) 555-0188"
    assert page.input_value("#id_delivery_address") == "1 Lava Lane"
    assert page.is_checked("#id_fulfilment_0")  # delivery, as last time
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")
    second = Order.objects.order_by("-placed_at").first()
    assert second.delivery_address == "1 Lava Lane" and second.customer_name == "Bowser Koopa"

    MenuItem.objects.filter(slug="cannoli").update(is_available=False)
    page.goto(live_server_url + "/orders/")
    page.click(f"form[action='/orders/{second.public_id}/reorder/'] button")
    page.wait_for_url("**/cart/")
    messages = page.inner_text(".messages")
    assert "Nothing from order" in messages and "Not added: 1 × Cannoli. Cannoli is sold out today." in messages
    assert page.locator(".cart-line").count() == 0
    screenshot(page, "customer-reorder-nothing-available-phone")

    first = Order.objects.order_by("placed_at").first()
    page.goto(f"{live_server_url}/orders/{first.public_id}/")
    page.click("button:has-text('Order again')")
    page.wait_for_url("**/cart/")
    assert f"Added 1 item from order #{first.pk}" in page.inner_text(".messages")
    assert "Hawaiian" in page.inner_text("#cart")
    screenshot(page, "customer-reorder-phone")


@pytest.mark.parametrize("name, size", [("phone", PHONE), ("tablet", TABLET), ("desktop", DESKTOP)])
def test_screenshots_of_the_customer_screens(live_server_url, new_page, screenshot, name, size):
    load_demo_data()
    page = new_page(*size)
    order_one_item(page, live_server_url, "pepperoni", name="Luigi", phone="(202) 555-0177", address="2 Pipe St")
    page.goto(live_server_url + "/")
    add(page, "margherita", "large", wait_text="Added 1")
    page.screenshot(path=str(SCREENSHOTS / f"customer-menu-{name}-viewport.png"))
    screenshot(page, f"customer-menu-{name}")
    page.goto(live_server_url + "/cart/")
    screenshot(page, f"customer-cart-{name}")
    page.goto(live_server_url + "/checkout/")
    screenshot(page, f"customer-checkout-{name}")
    page.goto(live_server_url + "/orders/")
    screenshot(page, f"customer-history-{name}")
    sign_in(page, live_server_url, "customer", "customer-demo", "/accounts/profile/")
    screenshot(page, f"customer-profile-{name}")
