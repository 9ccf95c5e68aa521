"""What a person does in the browser tests, written once."""

import time


def sign_in(page, base_url, username, password, next_path):
    page.goto(f"{base_url}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def order_one_item(page, base_url, item, *, name, phone, address=None, toppings=(), note=""):
    """Add one ``item`` from the menu and check out (pickup unless an address is given), then wait
    for the live order page to connect."""
    page.goto(base_url + "/")
    page.click(f"#item-{item} summary")
    for topping in toppings:
        page.check(f"#top-{item}-{topping}")
    if note:
        page.fill(f"#note-{item}", note)
    page.click(f"#add-{item} button[type=submit]")
    page.wait_for_selector(f"#add-{item} .success")
    page.goto(base_url + "/checkout/")
    page.fill("#id_customer_name", name)
    page.fill("#id_customer_phone", phone)
    if address:
        page.fill("#id_delivery_address", address)
    else:
        page.check("#id_fulfilment_1")  # pickup
    page.click("#place-order")
    page.wait_for_url("**/orders/*/")
    page.wait_for_selector("#live-status[data-state=live]")


def wait_until(page, expression: str, timeout: int = 5000) -> None:
    """Poll ``expression`` in the page until it is truthy.

    Playwright's ``wait_for_function`` compiles its expression with ``eval`` inside the page, which
    the site's Content-Security-Policy (no unsafe-eval) blocks; ``evaluate`` runs outside the CSP.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < deadline, f"timed out after {timeout} ms waiting for {expression}"
        page.wait_for_timeout(50)
