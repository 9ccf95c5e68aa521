"""A keyboard-only cook (or a USB bump bar, which types keys) runs the board: a number selects a
ticket, Enter bumps it to its next step, Backspace recalls the last bump."""

import pytest

from orders.demo_data import load_demo_data
from orders.models import Order
from pizzeria.application.mediator import get_mediator
from tests.browser.steps import sign_in, wait_until
from tests.factories import place_order_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_number_enter_and_backspace(live_server_url, new_page, screenshot):
    load_demo_data()
    first = get_mediator().execute(place_order_command(customer_name="First", fulfilment="pickup",
                                                       delivery_address="")).data
    second = get_mediator().execute(place_order_command(customer_name="Second", fulfilment="pickup",
                                                        delivery_address="")).data
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    assert cook.inner_text(f"#ticket-{first.number} .ticket-key") == "1"
    assert cook.inner_text(f"#ticket-{second.number} .ticket-key") == "2"

    cook.keyboard.press("2")
    assert "is-selected" in cook.get_attribute(f"#ticket-{second.number}", "class")
    cook.keyboard.press("Enter")  # start cooking the second order
    cook.wait_for_selector(f"#column-cooking #ticket-{second.number}")
    wait_until(cook, f"document.getElementById('ticket-{second.number}').classList.contains('is-selected')")
    cook.keyboard.press("Enter")  # the selection followed it: now "Order ready"
    cook.wait_for_selector(f"#column-ready #ticket-{second.number}")
    screenshot(cook, "kitchen-bump-bar")

    cook.keyboard.press("Backspace")  # recall the last bump
    cook.wait_for_selector(f"#column-cooking #ticket-{second.number}")
    assert Order.objects.get(public_id=second.order_id).status == "cooking"
    assert Order.objects.get(public_id=first.order_id).status == "pending"  # untouched
