"""86 from the kitchen reaches a customer's open menu, in a real browser: the item greys out, the
topping can't be ticked, the cart warns, and nothing the customer typed is lost."""

import pytest

from orders.demo_data import load_demo_data
from tests.browser.conftest import SCREENSHOTS
from tests.browser.steps import sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_86_and_a_pause_reach_an_open_menu(live_server_url, new_page, screenshot):
    load_demo_data()
    customer = new_page(390, 844)
    customer.goto(live_server_url + "/")
    customer.click("#item-pepperoni summary")
    customer.click("#add-pepperoni button[type=submit]")
    customer.wait_for_selector("#add-pepperoni .success")
    customer.click("#item-margherita summary")
    customer.check("#top-margherita-mushrooms")
    customer.fill("#note-margherita", "Cut in squares")
    wait_until(customer, "document.getElementById('live-seq') && document.getElementById('live-seq').dataset.kind")

    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/menu/")
    cook.click("#availability-item-pepperoni button")
    cook.wait_for_selector("#availability-item-pepperoni.is-sold-out")
    cook.click("#availability-topping-mushrooms button")
    cook.wait_for_selector("#availability-topping-mushrooms.is-sold-out")
    screenshot(cook, "kitchen-86-screen")

    wait_until(customer, "document.getElementById('item-pepperoni').classList.contains('is-sold-out')")
    assert customer.is_visible("#item-pepperoni .sold-out-button")
    assert not customer.is_visible("#item-pepperoni details.customise")
    wait_until(customer, "document.getElementById('top-margherita-mushrooms').disabled")
    assert not customer.is_checked("#top-margherita-mushrooms")  # unticked: it can't be ordered
    assert customer.input_value("#note-margherita") == "Cut in squares"  # what was typed stays
    wait_until(customer, "document.querySelector('#cart .cart-line.has-problem')")
    assert "sold out" in customer.inner_text("#cart").lower()

    cook.click("button[name=pause_minutes][value='15']")
    cook.wait_for_selector("text=Resume now")
    wait_until(customer, "document.querySelector('#ordering-status .notice-paused')")
    assert "Online ordering is paused" in customer.inner_text("#ordering-status")
    screenshot(customer, "menu-phone-86-and-paused")
    customer.locator("#item-margherita").scroll_into_view_if_needed()
    customer.screenshot(path=str(SCREENSHOTS / "menu-phone-86-viewport.png"))

    cook.click("#availability-item-pepperoni button")  # back on
    wait_until(customer, "!document.getElementById('item-pepperoni').classList.contains('is-sold-out')")
    assert customer.is_visible("#item-pepperoni details.customise")
