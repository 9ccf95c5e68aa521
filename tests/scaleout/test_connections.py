"""Persistent connections under Daphne stay bounded on PostgreSQL: requests run on at most
PIZZERIA_REQUEST_THREADS (8) long-lived threads, each keeping one connection, however many arrive
at once (Django's own handler made a thread per request, so each request stranded a connection)."""

import asyncio

import httpx
import pytest
from django.db import connection

from orders.demo_data import load_demo_data
from tests.scaleout.conftest import daphne_cluster

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {"customer_name": "Connections", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
         "pizza_items": [{"pizza_id": "margherita"}]}


def server_connections() -> int:
    """Connections to the test database other than this one (run in a thread: closed after)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def test_two_hundred_requests_leave_the_connection_count_bounded():
    load_demo_data()
    with daphne_cluster(1, CONN_MAX_AGE="60") as ((server,), _):
        async def load():
            peak = 0
            async with httpx.AsyncClient(base_url=f"http://{server}", timeout=30) as client:
                for _ in range(10):  # 10 rounds of 10 concurrent pages and 10 orders
                    pages = await asyncio.gather(*(client.get("/") for _ in range(10)))
                    orders = [await client.post("/api/orders", json=ORDER) for _ in range(10)]
                    assert all(r.status_code == 200 for r in pages) and all(r.status_code == 201 for r in orders)
                    peak = max(peak, await asyncio.to_thread(server_connections))
            return peak

        peak = asyncio.run(load())
        print(f"\nconnections from the Daphne process after each round of 20 requests: at most {peak}")
        # With a thread per request and no pool this grew with every request (44 of 200 left open);
        # now: the 8 request threads' connections and the consumers' (none here) at most.
        assert peak <= 12
