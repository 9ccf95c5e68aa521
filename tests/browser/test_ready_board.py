"""The shop's order-ready screen on a TV: a cook's taps on the kitchen board move the numbers
across it live, and a customer finds theirs; it also reads on a tablet and a phone."""

import pytest

from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from orders.models import Order
from pizzeria.application.mediator import get_mediator
from tests.browser.steps import sign_in
from tests.factories import place_order_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pickup(name: str) -> Order:
    result = get_mediator().execute(place_order_command(fulfilment="pickup", delivery_address="", customer_name=name))
    assert result, result.first_error
    return Order.objects.get(public_id=result.data.order_id)


def test_numbers_move_from_the_oven_to_the_counter_live(live_server_url, new_page, screenshot):
    load_demo_data()
    first, second = pickup("Daisy"), pickup("Wario")
    assert get_mediator().execute(StartCookingCommand(order_id=first.public_id, cook_name="Luigi"))

    screen = new_page(1920, 1080)
    screen.goto(f"{live_server_url}/ready-board/")
    screen.wait_for_selector("#live-status[data-state=live]")
    reloads = []
    screen.on("framenavigated", lambda frame: reloads.append(frame.url) if frame == screen.main_frame else None)
    oven, counter = screen.locator(".ready-column-oven"), screen.locator(".ready-column-ready")
    assert str(first.pk) in oven.inner_text() and "Nothing waiting" in counter.inner_text()

    cook = new_page(1280, 900)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.click(f"#ticket-{second.pk} button:has-text('Start cooking')")
    oven.locator(f"li:has-text('{second.pk}')").wait_for(timeout=3000)
    cook.click(f"#ticket-{first.pk} button:has-text('Ready')")
    counter.locator(f"li.is-new:has-text('{first.pk}')").wait_for(timeout=3000)

    assert oven.locator("li").all_text_contents() == [f"Order {second.pk}"]
    assert reloads == []  # every change came over the socket
    assert "Daisy" not in screen.content() and "Wario" not in screen.content()
    screenshot(screen, "ready-board-1080p")

    for width, height, name in ((768, 1024, "tablet"), (390, 844, "phone")):
        page = new_page(width, height)
        page.goto(f"{live_server_url}/ready-board/")
        page.wait_for_selector("#live-status[data-state=live]")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, f"ready-board-{name}")
