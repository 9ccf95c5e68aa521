"""A committed order reaches an open screen even when the process that committed it dies before
broadcasting: the surviving process's heartbeat carries the kitchen stream's new number, and the
screen (here, this test doing what static/js/live.js does) asks for a resync on the same socket.

PostgreSQL + Redis, two Daphne processes: A runs with PIZZERIA_FAULT=die-after-commit (it exits
right after a command commits, before any broadcast), the kitchen socket is on B.
"""

import asyncio
import json
import os
import re
import time

import httpx
import pytest
import websockets
from django.conf import settings
from django.contrib.auth import get_user_model

from orders.demo_data import load_demo_data
from orders.models import Order
from scripts.run_scaled import start_daphnes, stop
from tests.live.conftest import make_session
from tests.scaleout import conftest as scaleout

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {
    "customer_name": "Survivor", "customer_phone": "(202) 555-0151", "customer_address": "1 Crash Court",
    "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": []}],
}
HEARTBEAT_SECONDS = 5  # the default
MARKER = re.compile(r'^<span id="live-seq"([^>]*)hidden></span>')


def marker(frame: str) -> dict[str, str]:
    found = MARKER.match(frame)
    assert found, frame[:120]
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', found.group(1)))


def server_env(**extra) -> dict[str, str]:
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "pizzeria.settings_test", "DATABASE_URL": scaleout.test_database_url(),
        "REDIS_URL": settings.REDIS_URL, "PIZZERIA_ALWAYS_OPEN": "1", "LOG_LEVEL": "WARNING",
        "PIZZERIA_KITCHEN_CAPACITY": "5000", "PIZZERIA_ORDER_RATE_LIMIT": "off",
        "PIZZERIA_LIVE_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS), **extra,
    }


def test_an_order_committed_by_a_process_that_dies_reaches_the_kitchen_on_the_other(settings):
    load_demo_data()
    cook = get_user_model().objects.get(username="cook")
    cook_cookie = f"{settings.SESSION_COOKIE_NAME}={make_session(user=cook)}"

    base = scaleout.free_port_pair()
    survivor = start_daphnes(1, base + 1, server_env(), quiet=True)
    doomed = start_daphnes(1, base, server_env(PIZZERIA_FAULT="die-after-commit"), quiet=True)
    try:
        seen = asyncio.run(scenario(f"127.0.0.1:{base}", f"127.0.0.1:{base + 1}", cook_cookie, doomed[0]))
    finally:
        stop(doomed + survivor)

    order = Order.objects.get(customer_name="Survivor")  # committed before the process died
    frame, elapsed, path = seen
    assert f'id="ticket-{order.pk}"' in frame and "Survivor" in frame
    assert path == ["heartbeat", "resync"]  # it came through the heartbeat, not a broadcast
    assert elapsed < 10
    print(f"\nkill-after-commit: order on the surviving process's screen {elapsed:.2f} s after the POST "
          f"(heartbeat every {HEARTBEAT_SECONDS} s)")


async def scenario(process_a, process_b, cook_cookie, doomed_process):
    async with websockets.connect(f"ws://{process_b}/ws/kitchen/", origin=f"http://{process_b}",
                                  additional_headers={"Cookie": cook_cookie}) as kitchen_on_b:
        resync = await kitchen_on_b.recv()
        assert marker(resync)["kind"] == "resync"
        last = int(marker(resync)["seq"])

        started = time.monotonic()
        async with httpx.AsyncClient(base_url=f"http://{process_a}") as customer:
            with pytest.raises(httpx.TransportError):  # A exits after the commit, before answering
                await customer.post("/api/orders", json=ORDER, timeout=10)
        assert doomed_process.wait(timeout=10) == 70  # the fault's exit code: it really died there

        path = []

        async def until_the_order_shows():
            nonlocal last
            while True:
                frame = await kitchen_on_b.recv()
                mark = marker(frame)
                if mark["kind"] == "heartbeat" and int(mark["seq"]) > last:
                    path.append("heartbeat")
                    await kitchen_on_b.send(json.dumps({"resync": True}))  # what live.js does
                elif mark["kind"] == "resync" and "Survivor" in frame:
                    path.append("resync")
                    return frame
                elif mark["kind"] == "update":
                    path.append("update")  # a broadcast of the order: must not exist
                    last = max(last, int(mark["seq"]))

        frame = await asyncio.wait_for(until_the_order_shows(), timeout=15)
        return frame, time.monotonic() - started, path
