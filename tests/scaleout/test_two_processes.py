"""Two Daphne processes, one database, one Redis channel layer: what happens on one process is
seen live on sockets connected to the other."""

import asyncio
import json

import httpx
import pytest
import websockets
from django.contrib.auth import get_user_model

from api.models import ApiToken
from orders.demo_data import load_demo_data
from tests.live.conftest import make_session
from tests.scaleout.conftest import daphne_cluster

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {
    "customer_name": "Cross Process", "customer_phone": "(202) 555-0150", "customer_address": "1 Redis Road",
    "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"]}],
}


async def receive_until(socket, text: str, timeout: float = 5) -> str:
    async def wait():
        while True:
            frame = await socket.recv()
            if text in frame:
                return frame
    return await asyncio.wait_for(wait(), timeout)


def test_an_order_on_process_a_reaches_the_kitchen_on_b_and_back(settings):
    load_demo_data()
    cook = get_user_model().objects.get(username="cook")
    cook_cookie = f"{settings.SESSION_COOKIE_NAME}={make_session(user=cook)}"
    token = ApiToken.objects.create(user=cook).key

    with daphne_cluster(2) as ((process_a, process_b), _):
        asyncio.run(scenario(process_a, process_b, cook_cookie, token, settings.SESSION_COOKIE_NAME))


async def scenario(process_a, process_b, cook_cookie, token, session_cookie_name):
    async with websockets.connect(f"ws://{process_b}/ws/kitchen/", origin=f"http://{process_b}",
                                  additional_headers={"Cookie": cook_cookie}) as kitchen_on_b:
        assert 'id="kitchen-board"' in await kitchen_on_b.recv()  # resync first

        async with httpx.AsyncClient(base_url=f"http://{process_a}") as customer:
            placed = await customer.post("/api/orders", json=ORDER)
            assert placed.status_code == 201, placed.text
            order = placed.json()

            frame = await receive_until(kitchen_on_b, f'id="ticket-{order["order_number"]}"')
            assert "Cross Process" in frame and "beforeend:#tickets-new" in frame

            session = customer.cookies[session_cookie_name]
            async with websockets.connect(
                f"ws://{process_a}/ws/orders/{order['order_id']}/", origin=f"http://{process_a}",
                additional_headers={"Cookie": f"{session_cookie_name}={session}"},
            ) as customer_on_a:
                assert 'data-status="pending"' in await customer_on_a.recv()

                async with httpx.AsyncClient(base_url=f"http://{process_b}") as kitchen_api:
                    started = await kitchen_api.put(f"/api/orders/{order['order_id']}/cook",
                                                    headers={"Authorization": f"Bearer {token}"}, json={})
                    assert started.status_code == 200, started.text

                status = await receive_until(customer_on_a, 'data-status="cooking"')
                assert "Cooked by Luigi" in status
                assert json.loads(started.text)["status"] == "cooking"
