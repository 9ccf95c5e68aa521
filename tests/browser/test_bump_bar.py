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


def test_a_key_right_after_the_board_is_swapped_in_is_not_lost(live_server_url, new_page):
    """An action's answer swaps the board in, and htmx wires its buttons only when it settles: a
    key pressed in between must still bump. The swap is made here by hand, so the board's
    buttons are exactly in that state (in the DOM, not wired) when the keys arrive."""
    load_demo_data()
    order = get_mediator().execute(place_order_command(customer_name="Quick", fulfilment="pickup",
                                                       delivery_address="")).data
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    cook.evaluate("""() => {
        const board = document.getElementById('kitchen-board');
        board.outerHTML = board.outerHTML;  // the same board, parsed again: htmx has not seen it
    }""")
    cook.keyboard.press("1")
    cook.keyboard.press("Enter")
    cook.wait_for_selector(f"#column-cooking #ticket-{order.number}")
    assert Order.objects.get(public_id=order.order_id).status == "cooking"
