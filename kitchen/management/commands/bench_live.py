"""Commit -> kitchen frame latency: N kitchen sockets listen while M orders go through the mediator.

Runs in one process against the real ASGI application (auth, routing, consumers, the configured
channel layer: in-memory by default, Redis with REDIS_URL), on a throwaway test database.
The clock starts when the order's transaction commits and stops when each socket has the frame.
"""

from __future__ import annotations

import asyncio

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from kitchen.benchmarks import measure_kitchen_latency, scratch_database, staff_session_cookie, summary_ms
from orders.demo_data import load_demo_data
from pizzeria.application.mediator import reset_mediator

BENCH_PIZZERIA = {"OPENING_HOURS": "00:00-23:59", "ALWAYS_OPEN": True, "KITCHEN_CAPACITY": 100_000,
                  "DELIVERY_MINUTES": 20, "RECALL_SECONDS": 120, "ORDER_RATE_LIMIT": None}


class Command(BaseCommand):
    help = "Measure commit -> kitchen websocket frame latency (p50/p95/p99)."

    def add_arguments(self, parser):
        parser.add_argument("--sockets", type=int, default=50, help="kitchen sockets listening (default 50)")
        parser.add_argument("--orders", type=int, default=30, help="orders placed one after another (default 30)")

    def handle(self, *args, sockets: int, orders: int, **options):
        with scratch_database(), override_settings(PIZZERIA=BENCH_PIZZERIA):
            reset_mediator()
            load_demo_data()
            latencies = asyncio.run(measure_kitchen_latency(staff_session_cookie("cook"), sockets, orders))
        figures = summary_ms(latencies)
        self.stdout.write(f"bench_live: {sockets} kitchen sockets, {orders} orders, {len(latencies)} frames")
        self.stdout.write("commit -> frame latency (ms):  " + "  ".join(
            f"{name} {value:.1f}" for name, value in figures.items()))
