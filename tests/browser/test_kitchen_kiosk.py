"""The kitchen as a kiosk, at 1920×1080 and on a 1280×800 tablet: full screen with no shop chrome,
tickets fully visible oldest first, big type and targets, and a new ticket never off-screen unseen."""

import pytest

from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from pizzeria.application.mediator import get_mediator
from tests.browser.steps import sign_in, wait_until
from tests.factories import line, place_order_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FULLY_VISIBLE = """() => Array.from(document.querySelectorAll('#kitchen-board .ticket')).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
}).length"""


def fill_board(new=5, cooking=5, ready=5):
    mediator = get_mediator()
    placed = [mediator.execute(place_order_command(
        customer_name=f"Guest {i}", fulfilment="pickup", delivery_address="",
        lines=(line("margherita", "large", ["extra_cheese"]), line("cola")))).data for i in range(new + cooking + ready)]
    for order in placed[new:]:
        assert mediator.execute(StartCookingCommand(order_id=order.order_id, cook_name="Luigi"))
    for order in placed[new + cooking:]:
        assert mediator.execute(MarkOrderReadyCommand(order_id=order.order_id))
    return placed


@pytest.mark.parametrize(("size", "at_least"), [((1920, 1080), 15), ((1280, 800), 6)])
def test_tickets_fully_visible_without_scrolling(live_server_url, new_page, screenshot, size, at_least):
    load_demo_data()
    fill_board()
    cook = new_page(*size)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    assert cook.locator(".site-footer").count() == 0 and cook.locator(".site-header").count() == 0
    assert cook.evaluate("document.body.dataset.theme") == "dark"
    cook.evaluate("window.staffFitColumns()")
    screenshot(cook, f"kitchen-kiosk-{size[0]}x{size[1]}")
    visible = cook.evaluate(FULLY_VISIBLE)
    assert visible >= at_least, visible
    # Whatever does not fit is counted in its column's "+N more": nothing sits unseen.
    hidden = cook.evaluate("document.querySelectorAll('#kitchen-board .ticket.is-offscreen').length")
    assert visible + hidden == 15  # (before the newest below arrives)
    # A new order lands in view when its column has room (here at 1920×1080), without scrolling.
    if size == (1920, 1080):
        newest = get_mediator().execute(place_order_command(customer_name="Newest", fulfilment="pickup",
                                                            delivery_address="")).data
        cook.wait_for_selector(f"#ticket-{newest.number}")
        cook.evaluate("window.staffFitColumns()")
        box = cook.locator(f"#ticket-{newest.number}").bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 1080
    item_px = cook.evaluate("parseFloat(getComputedStyle(document.querySelector('.ticket-line')).fontSize)")
    button_px = cook.evaluate("document.querySelector('.ticket-actions .button').getBoundingClientRect().height")
    assert item_px >= 20 and button_px >= 48


def test_a_new_ticket_past_the_screen_is_counted_not_lost(live_server_url, new_page):
    load_demo_data()
    fill_board(new=12, cooking=0, ready=0)
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    get_mediator().execute(place_order_command(customer_name="Latecomer", fulfilment="pickup", delivery_address=""))
    # Placed by this (test) process, so the server's screens learn of it from the next heartbeat
    # (every 5 s) and resync: wait for the count, up to three beats.
    wait_until(cook, "document.getElementById('count-new').textContent.trim() === '13'", timeout=15000)
    cook.evaluate("window.staffFitColumns()")
    shown = cook.evaluate("document.querySelectorAll('#column-new .ticket:not(.is-offscreen)').length")
    more = cook.inner_text("#more-new")
    assert more.startswith(f"+{13 - shown} more") and f"showing the {shown} oldest" in more
    assert cook.is_visible("#more-new")


def test_the_light_theme_is_remembered(live_server_url, new_page):
    load_demo_data()
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.click("#theme-toggle")
    cook.reload()
    assert cook.evaluate("document.body.dataset.theme") == "light"


def test_a_station_screen_and_the_expo(live_server_url, new_page, screenshot):
    load_demo_data()
    mediator = get_mediator()
    drinks = mediator.execute(place_order_command(customer_name="Thirsty", fulfilment="pickup", delivery_address="",
                                                  lines=(line("margherita"), line("lemonade")))).data
    fill_board(new=1, cooking=1, ready=3)
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/?station=cold")
    cook.wait_for_selector("#live-status[data-state=live]")
    ticket = cook.inner_text(f"#ticket-{drinks.number}")
    assert "Sicilian lemonade" in ticket and "Margherita" not in ticket
    screenshot(cook, "kitchen-station-cold-1280x800")

    # A new order with something cold reaches the station screen, cut to its cold lines.
    juice = mediator.execute(place_order_command(customer_name="Juice", fulfilment="pickup", delivery_address="",
                                                 lines=(line("pepperoni"), line("cola")))).data
    cook.wait_for_selector(f"#ticket-{juice.number}")
    assert "Pepperoni" not in cook.inner_text(f"#ticket-{juice.number}")

    expo = new_page(1920, 1080)
    sign_in(expo, live_server_url, "cook", "cook-demo", "/kitchen/?station=expo")
    expo.wait_for_selector("#live-status[data-state=live]")
    assert expo.locator("#column-ready .ticket").count() == 3 and expo.locator("#column-new").count() == 0
    screenshot(expo, "kitchen-expo-1920x1080")
