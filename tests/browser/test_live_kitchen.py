"""Two people at once: a customer orders while a cook's kitchen board is open, and each sees the
other's steps without reloading."""

import pytest

from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from pizzeria.application.mediator import get_mediator
from tests.browser.steps import order_one_item, sign_in, wait_until
from tests.factories import place_order_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_kitchen_and_the_customer_see_each_other_live(live_server_url, new_page, screenshot):
    load_demo_data()
    cook = new_page(1280, 900)
    customer = new_page(390, 844)

    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    reloads = []
    cook.on("framenavigated", lambda frame: reloads.append(frame.url) if frame == cook.main_frame else None)

    order_one_item(customer, live_server_url, "margherita", name="Rosalina", phone="(202) 555-0199",
                   toppings=["extra_cheese"], note="Cut in squares")
    number = customer.locator("h1").inner_text().split("#")[1]

    # The open kitchen board shows the new ticket, highlighted, within 2 seconds and without a reload.
    ticket = cook.locator(f"#column-new #ticket-{number}")
    ticket.wait_for(timeout=2000)
    assert "Cut in squares" in ticket.inner_text() and "Rosalina" in ticket.inner_text()
    assert "is-new" in ticket.get_attribute("class")
    screenshot(cook, "kitchen-new-order")

    cook.click(f"#ticket-{number} button:has-text('Start cooking')")
    customer.wait_for_selector("#order-status [data-status=cooking]", timeout=2000)
    assert "Luigi started cooking." in customer.locator("#order-timeline").inner_text()

    cook.click(f"#ticket-{number} button:has-text('Ready')")  # the only pizza: the order is ready
    customer.wait_for_selector("#order-status [data-status=ready]", timeout=2000)
    cook.locator(f"#column-ready #ticket-{number}").wait_for(timeout=2000)
    screenshot(customer, "order-ready-phone")

    assert reloads == []  # every change arrived over the socket


def test_the_order_page_says_it_is_reconnecting_and_resyncs(live_server_url, new_page):
    load_demo_data()
    customer = new_page(390, 844)
    order_one_item(customer, live_server_url, "cola", name="Toad", phone="(202) 555-0111")

    # Record every state the indicator shows, then drop the connection as a flaky network would.
    customer.evaluate("""() => {
        window.liveStates = [];
        const status = document.getElementById("live-status");
        new MutationObserver(() => window.liveStates.push(status.dataset.state + ": " + status.textContent))
            .observe(status, {attributes: true, childList: true});
        window.framesAfterDrop = 0;
        document.body.addEventListener("htmx:wsAfterMessage", () => window.framesAfterDrop++);
        document.querySelector("[ws-connect]")["htmx-internal-data"].webSocket.socket.close();
    }""")
    wait_until(customer, "window.liveStates.some(s => s.startsWith('offline'))", timeout=5000)
    wait_until(customer, "window.liveStates.length && window.liveStates.at(-1).startsWith('live')", timeout=20000)
    states = customer.evaluate("window.liveStates")
    assert any("Offline — reconnecting…" in state for state in states), states
    # Back online, the server resynced the page: a full status card arrived over the new socket.
    wait_until(customer, "window.framesAfterDrop >= 1", timeout=5000)
    assert customer.locator("#order-status [data-status=pending]").is_visible()


def test_a_kitchen_screen_that_loses_its_socket_pauses_its_buttons(live_server_url, new_page):
    load_demo_data()
    customer = new_page(390, 844)
    order_one_item(customer, live_server_url, "cola", name="Toad", phone="(202) 555-0111")
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    cook.evaluate("""() => {
        window.seen = [];
        const status = document.getElementById("live-status");
        new MutationObserver(() => window.seen.push(
            status.dataset.state + ":" + document.getElementById("kitchen-board").inert + ":" + status.textContent))
            .observe(status, {attributes: true, childList: true});
        document.querySelector("[ws-connect]")["htmx-internal-data"].webSocket.socket.close();
    }""")
    wait_until(cook, "window.seen.some(s => s.startsWith('offline:true'))", timeout=5000)
    wait_until(cook, "window.seen.length && window.seen.at(-1).startsWith('live')", timeout=20000)
    seen = cook.evaluate("window.seen")
    offline = next(s for s in seen if s.startswith("offline"))
    assert offline.startswith("offline:true") and "Buttons are paused" in offline, seen
    assert not cook.evaluate("document.getElementById('kitchen-board').inert")
    cook.click("#column-new button:has-text('Start cooking')")  # usable again
    cook.wait_for_selector("#column-cooking .ticket")


def test_the_screen_remembers_mute_and_volume(live_server_url, new_page):
    load_demo_data()
    cook = new_page(1280, 800)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.fill("#sound-volume", "25")
    cook.dispatch_event("#sound-volume", "change")
    cook.click("#sound-toggle")
    assert cook.inner_text("#sound-toggle") == "Sound: muted"
    cook.reload()
    cook.wait_for_selector("#live-status[data-state=live]")
    assert cook.input_value("#sound-volume") == "25" and cook.inner_text("#sound-toggle") == "Sound: muted"


def test_a_cook_who_loses_the_race_is_told_on_that_screen(live_server_url, new_page):
    """Cook B's screen misses the frame (held back on the way) and taps a ticket another cook has
    just started: the 409 comes back as a short message on B's screen."""
    load_demo_data()
    placed = get_mediator().execute(place_order_command(fulfilment="pickup", delivery_address="")).data
    held = {"on": False}
    cook = new_page(1280, 800)

    def hold_frames(route):
        server = route.connect_to_server()
        server.on_message(lambda message: None if held["on"] else route.send(message))

    cook.route_web_socket("**/ws/kitchen/", hold_frames)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector(f"#ticket-{placed.number} button:has-text('Start cooking')")
    held["on"] = True
    assert get_mediator().execute(StartCookingCommand(order_id=placed.order_id, cook_name="Mario"))

    cook.click(f"#ticket-{placed.number} button:has-text('Start cooking')")
    cook.wait_for_selector("#kitchen-message p")
    assert "already started by Mario" in cook.inner_text("#kitchen-message")
