"""Benchmark helpers: a throwaway database, kitchen sockets, percentiles, commit -> frame latency."""

from __future__ import annotations

import asyncio
import statistics
import time
from contextlib import contextmanager

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections

from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
from pizzeria.application import Outcome
from pizzeria.application.mediator import get_mediator


@contextmanager
def scratch_database():
    """Create the test database (never the real one), migrate it, and drop it afterwards."""
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        try:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        except Exception as problem:  # the next run's create_test_db clobbers it anyway
            print(f"(could not drop the scratch database: {problem})")


def staff_session_cookie(username: str) -> bytes:
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session.update({
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
    })
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..100)."""
    ordered = sorted(samples)
    rank = max(1, round(share / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "p50": percentile(samples, 50) * 1000,
        "p95": percentile(samples, 95) * 1000,
        "p99": percentile(samples, 99) * 1000,
        "max": max(samples) * 1000,
        "mean": statistics.fmean(samples) * 1000,
    }


def close_this_threads_connections() -> None:
    connections.close_all()


def bench_order(index: int) -> PlaceOrderCommand:
    return PlaceOrderCommand(
        customer_name=f"Bench {index}", customer_phone="(202) 555-0142", fulfilment="pickup",
        lines=(OrderLineRequest(item="margherita", size="large", toppings=("extra_cheese",), quantity=2),),
    )


def place_one(index: int) -> float:
    """Place an order; return the moment its transaction committed (before events are published)."""
    committed = []
    with transaction.atomic():
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        result = get_mediator().execute(bench_order(index))
    if result.outcome is not Outcome.CREATED:
        raise RuntimeError(f"Placing order {index} failed: {result.error}")
    return committed[0]


async def measure_kitchen_latency(cookie: bytes, sockets: int, orders: int) -> list[float]:
    """Seconds from each order's commit to its kitchen frame, for every socket and order.

    The sockets talk to the real ASGI application in this process (auth, routing, consumer and
    the configured channel layer); the first order warms up and is not counted.
    """
    from pizzeria.asgi import application

    listeners = []
    for _ in range(sockets):
        communicator = WebsocketCommunicator(
            application, "/ws/kitchen/", headers=[(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie)],
        )
        connected, _ = await communicator.connect(timeout=10)
        if not connected:
            raise RuntimeError("A kitchen socket was refused.")
        await communicator.receive_from(timeout=30)  # the resync frame
        listeners.append(communicator)

    async def next_frame(communicator):
        await communicator.receive_from(timeout=30)
        return time.perf_counter()

    latencies: list[float] = []
    for index in range(-1, orders):
        waiting = [asyncio.ensure_future(next_frame(c)) for c in listeners]
        committed = await database_sync_to_async(place_one)(index)
        received = await asyncio.gather(*waiting)
        if index >= 0:
            latencies.extend(moment - committed for moment in received)
    for communicator in listeners:
        await communicator.disconnect()
    await database_sync_to_async(close_this_threads_connections)()  # else the scratch DB can't be dropped
    return latencies
