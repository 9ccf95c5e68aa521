"""Faults on the scale-out configuration: a process dies mid-load, Redis goes away and comes back."""

import asyncio
import shutil
import subprocess
import time

import httpx
import pytest
import websockets
from django.contrib.auth import get_user_model
from django.core.management import call_command

from orders.demo_data import load_demo_data
from orders.models import Order
from scripts.run_scaled import wait_for_port
from tests.live.conftest import make_session
from tests.scaleout.conftest import daphne_cluster, free_port_pair

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {"customer_name": "Redis Blip", "customer_phone": "(202) 555-0160", "fulfilment": "pickup",
         "pizza_items": [{"pizza_id": "margherita"}]}


def test_killing_a_process_mid_load_loses_no_order_and_its_screens_resync(capsys):
    load_demo_data()
    with daphne_cluster(2) as (targets, processes):
        # Raises if any acknowledged order is missing, duplicated or mispriced, or a screen lacks one.
        call_command("load_test", targets=",".join(targets), orders=60, clients=6, sockets=6,
                     kill_pid=processes[1].pid, kill_after=20, timeout=120)
    report = capsys.readouterr().out
    assert "orders acknowledged      60 / 60" in report and "orders in the database   60" in report
    assert processes[1].poll() is not None  # it really was killed
    assert "reconnects 0" not in report  # the screens on the dead process moved to the other one


@pytest.fixture
def private_redis():
    """A Redis of this test's own, so it can be stopped without disturbing anything else."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port_pair()

    def start():
        process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for_port(port)
        return process

    state = {"process": start()}
    yield port, state, start
    if state["process"].poll() is None:
        state["process"].terminate()
        state["process"].wait()


def test_with_redis_down_orders_are_still_placed_and_screens_resync_when_it_returns(settings, private_redis):
    port, redis_state, start_redis = private_redis
    load_demo_data()
    cookie = f"{settings.SESSION_COOKIE_NAME}={make_session(user=get_user_model().objects.get(username='cook'))}"

    with daphne_cluster(1, REDIS_URL=f"redis://127.0.0.1:{port}/0") as ((server,), _):
        redis_state["process"].terminate()
        redis_state["process"].wait()

        # Customers can still browse and order; the order is stored.
        with httpx.Client(base_url=f"http://{server}", timeout=30) as client:
            assert client.get("/").status_code == 200
            placed = client.post("/api/orders", json=ORDER)
        assert placed.status_code == 201, placed.text
        assert Order.objects.filter(public_id=placed.json()["order_id"]).exists()

        # A kitchen screen can't subscribe now: it is closed (and will retry), not shown an error page.
        assert asyncio.run(kitchen_socket_is_refused(server, cookie))

        redis_state["process"] = start_redis()
        board = asyncio.run(first_frame_when_back(server, cookie))
        assert f'id="ticket-{placed.json()["order_number"]}"' in board  # the resync shows the missed order


async def kitchen_socket_is_refused(server: str, cookie: str) -> bool:
    try:
        async with websockets.connect(f"ws://{server}/ws/kitchen/", origin=f"http://{server}",
                                      additional_headers={"Cookie": cookie}, open_timeout=10) as socket:
            await asyncio.wait_for(socket.recv(), 10)
    except websockets.ConnectionClosedError as closed:
        return closed.rcvd is None or closed.rcvd.code in (1006, 1011)
    except websockets.InvalidStatus:
        return True
    return False


async def first_frame_when_back(server: str, cookie: str) -> str:
    deadline = time.monotonic() + 20
    while True:
        try:
            async with websockets.connect(f"ws://{server}/ws/kitchen/", origin=f"http://{server}",
                                          additional_headers={"Cookie": cookie}, max_size=None) as socket:
                return await asyncio.wait_for(socket.recv(), 10)
        except (websockets.ConnectionClosed, websockets.InvalidStatus, OSError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)  # as the page does: back off and reconnect
