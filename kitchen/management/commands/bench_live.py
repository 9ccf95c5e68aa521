"""Commit -> kitchen frame latency: N kitchen sockets listen while M orders go through the mediator.

Runs in one process against the real ASGI application (auth, routing, consumers, the configured
channel layer: in-memory by default, Redis with REDIS_URL), on a throwaway test database.
The clock starts when the order's transaction commits and stops when each socket has the frame.
"""

from __future__ import annotations

import asyncio
import time

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from kitchen.benchmarks import scratch_database, staff_session_cookie, summary_ms
from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
from orders.demo_data import load_demo_data
from pizzeria.application.mediator import get_mediator, reset_mediator


def place_one(index: int) -> float:
    """Place an order; return the moment its transaction committed (before events are published)."""
    committed = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        result = get_mediator().execute(PlaceOrderCommand(
            customer_name=f"Bench {index}", customer_phone="(202) 555-0142", fulfilment="pickup",
            lines=(OrderLineRequest(item="margherita", size="large", toppings=("extra_cheese",), quantity=2),),
        ))
    if result.status != 201:
        raise RuntimeError(f"Placing order {index} failed: {result.error}")
    return committed[0]


class Command(BaseCommand):
    help = "Measure commit -> kitchen websocket frame latency (p50/p95/p99)."

    def add_arguments(self, parser):
        parser.add_argument("--sockets", type=int, default=50, help="kitchen sockets listening (default 50)")
        parser.add_argument("--orders", type=int, default=30, help="orders placed one after another (default 30)")

    def handle(self, *args, sockets: int, orders: int, **options):
        with scratch_database(), override_settings(
            PIZZERIA={"OPENING_HOURS": "00:00-23:59", "ALWAYS_OPEN": True, "KITCHEN_CAPACITY": orders + 2,
                      "DELIVERY_MINUTES": 20, "RECALL_SECONDS": 120},
        ):
            reset_mediator()
            load_demo_data()
            cookie = staff_session_cookie("cook")
            latencies, board_bytes = asyncio.run(self.measure(cookie, sockets, orders))
        figures = summary_ms(latencies)
        self.stdout.write(f"bench_live: {sockets} kitchen sockets, {orders} orders, {len(latencies)} frames, "
                          f"board frame {board_bytes} bytes at the end")
        self.stdout.write("commit -> frame latency (ms):  " + "  ".join(
            f"{name} {value:.1f}" for name, value in figures.items()))

    async def measure(self, cookie: bytes, sockets: int, orders: int) -> tuple[list[float], int]:
        from pizzeria.asgi import application

        listeners = []
        for _ in range(sockets):
            communicator = WebsocketCommunicator(
                application, "/ws/kitchen/", headers=[(b"origin", b"http://localhost"), (b"cookie", cookie)],
            )
            connected, _ = await communicator.connect(timeout=10)
            if not connected:
                raise RuntimeError("A kitchen socket was refused.")
            await communicator.receive_from(timeout=10)  # the resync frame
            listeners.append(communicator)

        async def next_frame(communicator):
            html = await communicator.receive_from(timeout=10)
            return time.perf_counter(), len(html)

        latencies: list[float] = []
        size = 0
        for index in range(-1, orders):  # order -1 warms up templates and connections, uncounted
            waiting = [asyncio.ensure_future(next_frame(c)) for c in listeners]
            committed = await database_sync_to_async(place_one)(index)
            for received, size in await asyncio.gather(*waiting):
                if index >= 0:
                    latencies.append(received - committed)
        for communicator in listeners:
            await communicator.disconnect()
        return latencies, size
