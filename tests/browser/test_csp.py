"""Under the real Content-Security-Policy, in Chromium against Daphne: a customer adds a pizza with
htmx and orders, the cook's kitchen board goes live over its socket and draws the new ticket and the
capacity meter, and the browser reports no violation on any of it."""

import pytest

from orders.demo_data import load_demo_data
from tests.browser.steps import order_one_item, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installed before any page script runs: every violation the browser reports, as text.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
                            + `at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""


def watch(page):
    """Record CSP violations on ``page``: the DOM event and Chromium's console message."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    return console


def violations(page, console):
    return console + page.evaluate("window.cspViolations || []")


def test_ordering_and_the_live_kitchen_work_under_the_policy(live_server_url, new_page):
    load_demo_data()
    customer = new_page(390, 844)
    customer_console = watch(customer)
    cook = new_page(1280, 900)
    cook_console = watch(cook)

    response = customer.goto(live_server_url + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp

    # htmx adds to the cart without a page load, and injects no indicator <style> of its own.
    customer.click("#item-margherita summary")
    customer.click("#add-margherita button[type=submit]")
    customer.wait_for_selector("#add-margherita .success")
    assert customer.evaluate("document.querySelectorAll('style').length") == 0
    assert violations(customer, customer_console) == []

    # The cook's board connects its socket (connect-src 'self' covers ws: on the same origin).
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")

    order_one_item(customer, live_server_url, "cola", name="Toad", phone="(202) 555-0111")
    number = customer.locator("h1").inner_text().split("#")[1]
    cook.locator(f"#column-new #ticket-{number}").wait_for(timeout=2000)

    # The capacity meter swapped in over the socket got its width from data-pct (no style="").
    meter = cook.locator("#kitchen-capacity .capacity-meter span")
    assert meter.get_attribute("data-pct") != "0"
    assert meter.evaluate("el => el.style.getPropertyValue('--pct')") == meter.get_attribute("data-pct")
    assert meter.evaluate("el => el.getBoundingClientRect().width") > 0

    assert violations(customer, customer_console) == []
    assert violations(cook, cook_console) == []
