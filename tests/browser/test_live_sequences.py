"""A kitchen screen that misses a frame catches up by itself: the next heartbeat carries a number
ahead of the screen's, and live.js asks for a resync on the same socket (no reload, no reconnect)."""

import pytest
from django.test.utils import override_settings

from orders.demo_data import load_demo_data
from tests.browser.steps import order_one_item, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEARTBEAT_SECONDS = 1


@pytest.fixture(scope="module", autouse=True)
def _quick_heartbeat():
    """Set before this module's server process is forked (autouse fixtures come first)."""
    with override_settings(PIZZERIA_LIVE_HEARTBEAT_SECONDS=HEARTBEAT_SECONDS):
        yield


def test_a_dropped_frame_is_caught_up_by_the_next_heartbeat(live_server_url, new_page):
    load_demo_data()
    cook = new_page(1280, 900)
    sockets, dropped, forwarded = [], [], []

    def between_page_and_server(ws):
        """Forward everything both ways, except the first update frame the server sends."""
        sockets.append(ws)
        server = ws.connect_to_server()

        def from_server(message):
            if 'data-kind="update"' in message and not dropped:
                dropped.append(message)  # lost on the way, as on a flaky network
                return
            forwarded.append(message)
            ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    cook.route_web_socket("**/ws/kitchen/", between_page_and_server)
    reloads = []
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")
    cook.on("framenavigated", lambda frame: reloads.append(frame.url) if frame == cook.main_frame else None)

    customer = new_page(390, 844)
    order_one_item(customer, live_server_url, "margherita", name="Peach", phone="(202) 555-0142")
    number = customer.locator("h1").inner_text().split("#")[1]

    ticket = cook.locator(f"#ticket-{number}")
    ticket.wait_for(timeout=(3 * HEARTBEAT_SECONDS + 5) * 1000)  # within a heartbeat or so
    assert "Peach" in ticket.inner_text()
    assert len(dropped) == 1 and f'id="ticket-{number}"' in dropped[0]
    # It came back through a heartbeat ahead of the screen, then a resync frame on the same socket.
    wait_until(cook, "document.documentElement.dataset.liveLastResync === 'heartbeat'", timeout=1000)
    resyncs = [m for m in forwarded if 'data-kind="resync"' in m]
    assert len(resyncs) == 2 and f'id="ticket-{number}"' in resyncs[1]  # on connect, then the catch-up
    assert len(sockets) == 1 and reloads == []
    assert cook.evaluate("() => document.getElementById('live-status').dataset.state") == "live"


def test_old_and_repeated_frames_are_ignored(live_server_url, new_page):
    """A frame whose number the screen has already passed (e.g. a late one from another process)
    is not applied: the board keeps what the newer frames said."""
    load_demo_data()
    cook = new_page(1280, 900)
    replay = {}

    def between_page_and_server(ws):
        server = ws.connect_to_server()

        def from_server(message):
            if 'data-kind="update"' in message and "first" not in replay:
                replay["first"] = message
            ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))
        replay["page"] = ws

    cook.route_web_socket("**/ws/kitchen/", between_page_and_server)
    sign_in(cook, live_server_url, "cook", "cook-demo", "/kitchen/")
    cook.wait_for_selector("#live-status[data-state=live]")

    customer = new_page(390, 844)
    order_one_item(customer, live_server_url, "cola", name="Daisy", phone="(202) 555-0143")
    number = customer.locator("h1").inner_text().split("#")[1]
    cook.locator(f"#column-new #ticket-{number}").wait_for(timeout=3000)
    cook.click(f"#ticket-{number} button:has-text('Start cooking')")
    cook.locator(f"#column-cooking #ticket-{number}").wait_for(timeout=3000)

    cook.evaluate("""(old) => { window.seen = []; window.oldApplied = 0; window.oldFrame = old;
        document.body.addEventListener("htmx:wsBeforeMessage", (e) => window.seen.push(e.detail.message));
        document.body.addEventListener("htmx:wsAfterMessage", (e) => { if (e.detail.message === old) window.oldApplied++; });
    }""", replay["first"])
    replay["page"].send(replay["first"])  # the "new order" frame again, long after "cooking"
    wait_until(cook, "window.seen.includes(window.oldFrame)")  # it reached the page...
    assert cook.evaluate("() => window.oldApplied") == 0  # ...and was dropped, not swapped in
    assert cook.locator(f"#column-cooking #ticket-{number}").count() == 1
    assert cook.locator(f"#column-new #ticket-{number}").count() == 0
