"""The performance figures in one table (run it on the embedded default and on the scale-out run).

    python manage.py bench                      # SQLite + in-memory channel layer
    DATABASE_URL=postgres://… REDIS_URL=redis://… python manage.py bench

1. commit -> kitchen frame latency p50/p95/p99 with 1, 50 and 200 connected kitchen sockets
   (in-process ASGI sockets on the configured channel layer; see kitchen.benchmarks);
2. mediator overhead: PlaceOrderCommand through the mediator with every behavior, against its
   handler called directly in a transaction (event handlers off in both, so only the pipeline counts);
3. the kitchen board query with 500 active orders: SQL queries (and with 50, to show it is constant)
   and the time to run the query and render the board;
4. place-order throughput over HTTP with one and with two Daphne processes, as a ratio.
Everything runs on a throwaway test database.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from datetime import timedelta

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from kitchen.benchmarks import bench_order, measure_kitchen_latency, scratch_database, staff_session_cookie, summary_ms
from kitchen.fragments import render_kitchen_board
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from kitchen.management.commands.bench_live import BENCH_PIZZERIA
from orders.commands.place_order import PlaceOrderHandler
from orders.demo_data import load_demo_data
from menu.models import MenuItem
from orders.models import Order, OrderLine
from pizzeria.application.aggregates import unit_of_work_scope
from pizzeria.application.mediator import Mediator, get_mediator, reset_mediator
from scripts.run_scaled import start_daphnes, stop


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Command(BaseCommand):
    help = "Print the performance figures (latency, mediator overhead, board query, scale-out throughput)."

    def add_arguments(self, parser):
        parser.add_argument("--latency-orders", type=int, default=20)
        parser.add_argument("--overhead-orders", type=int, default=300)
        parser.add_argument("--throughput-orders", type=int, default=300)
        parser.add_argument("--clients", type=int, default=20)

    def handle(self, *args, **options):
        rows: list[tuple[str, str]] = []
        layer = "Redis" if settings.REDIS_URL else "in-memory"
        engine = connection.vendor
        with scratch_database(), override_settings(PIZZERIA=BENCH_PIZZERIA):
            reset_mediator()
            load_demo_data()
            cookie = staff_session_cookie("cook")
            for sockets in (1, 50, 200):
                figures = summary_ms(asyncio.run(measure_kitchen_latency(cookie, sockets, options["latency_orders"])))
                rows.append((f"commit -> kitchen frame, {sockets} socket(s)",
                             f"p50 {figures['p50']:.1f} ms  p95 {figures['p95']:.1f} ms  p99 {figures['p99']:.1f} ms"))
            rows.extend(self.mediator_overhead(options["overhead_orders"]))
            rows.extend(self.board_query())
            rows.append(self.throughput(options["throughput_orders"], options["clients"]))
            self.stdout.write(f"\nbench: database {engine}, channel layer {layer}, {os.cpu_count()} cores\n")
            width = max(len(name) for name, _ in rows)
            for name, value in rows:
                self.stdout.write(f"  {name.ljust(width)}  {value}")

    # --- 2. mediator overhead ----------------------------------------------------------------
    def mediator_overhead(self, orders: int) -> list[tuple[str, str]]:
        mediator = get_mediator()
        saved_handlers = dict(mediator.registry.event_handlers)
        mediator.registry.event_handlers.clear()  # publishing is the handlers' work, not the pipeline's
        handler = mediator.container.build(PlaceOrderHandler)
        try:
            def direct(i):
                with transaction.atomic(), unit_of_work_scope():
                    handler.handle(bench_order(i))

            def mediated(i):
                mediator.execute(bench_order(i))

            bare = Mediator(registry=mediator.registry, container=mediator.container)  # routing + injection only

            def dispatched(i):
                with transaction.atomic(), unit_of_work_scope():
                    bare.execute(bench_order(i))

            timings = {"direct": [], "dispatch": [], "pipeline": []}
            for round_ in range(3):  # interleaved rounds, best of three, so drift hits every side alike
                for offset, (name, run) in enumerate((("direct", direct), ("dispatch", dispatched),
                                                      ("pipeline", mediated))):
                    timings[name].append(self.timed(run, orders, offset=(round_ * 3 + offset) * orders))
                Order.objects.all().delete()
        finally:
            mediator.registry.event_handlers.update(saved_handlers)
        best = {name: min(values) / orders * 1000 for name, values in timings.items()}
        return [
            ("mediator overhead, place-order (all behaviors)",
             f"{(best['pipeline'] / best['direct'] - 1) * 100:+.1f}%  ({best['pipeline']:.2f} ms vs "
             f"{best['direct']:.2f} ms per order; {orders} orders, best of 3)"),
            ("  of which routing + injection alone",
             f"{(best['dispatch'] / best['direct'] - 1) * 100:+.1f}%  ({best['dispatch']:.2f} ms per order)"),
        ]

    @staticmethod
    def timed(run, count: int, offset: int) -> float:
        started = time.perf_counter()
        for i in range(count):
            run(offset + i)
        return time.perf_counter() - started

    # --- 3. the kitchen board ---------------------------------------------------------------
    def board_query(self) -> list[tuple[str, str]]:
        rows = []
        for active in (50, 500):
            self.fill_board(active)
            mediator = get_mediator()
            reset_queries()  # the query log is a bounded deque: a full one would count nothing
            with CaptureQueriesContext(connection) as queries:
                mediator.execute(GetKitchenQueueQuery())
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                render_kitchen_board(mediator.execute(GetKitchenQueueQuery()).data)
                timings.append(time.perf_counter() - started)
            rows.append((f"kitchen board, {active} active orders",
                         f"{len(queries)} SQL queries, query + render {statistics.median(timings) * 1000:.0f} ms"))
        Order.objects.all().delete()
        return rows

    @staticmethod
    def fill_board(active: int) -> None:
        """Active orders straight into the tables (no events: only the board's reads are measured)."""
        Order.objects.all().delete()
        items = list(MenuItem.objects.filter(category="pizza"))
        now = timezone.now()
        orders = Order.objects.bulk_create(
            Order(customer_name=f"Board {i}", customer_phone="+12025550142", fulfilment="pickup",
                  payment_method="cash", total_amount=30, placed_at=now - timedelta(minutes=i),
                  estimated_ready_at=now + timedelta(minutes=20), status=("pending", "cooking")[i % 2])
            for i in range(active)
        )
        OrderLine.objects.bulk_create(
            OrderLine(order=order, position=p, menu_item=items[(order.pk + p) % len(items)],
                      item_name=items[(order.pk + p) % len(items)].name, size="large",
                      toppings=[{"slug": "extra_cheese", "name": "Extra cheese", "price": "1.50"}],
                      quantity=1, special_instructions="well done" if p else "", unit_price=15, line_total=15)
            for order in orders for p in range(2)
        )

    # --- 4. throughput, one vs two processes ------------------------------------------------
    def throughput(self, orders: int, clients: int) -> tuple[str, str]:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pizzeria.settings", "DATABASE_URL": database_url(),
               "PIZZERIA_ALWAYS_OPEN": "1", "PIZZERIA_KITCHEN_CAPACITY": "1000000", "LOG_LEVEL": "WARNING",
               # Measures throughput, not abuse limits; the servers share this process's secret key.
               "PIZZERIA_ORDER_RATE_LIMIT": "off", "SECRET_KEY": settings.SECRET_KEY, "PIZZERIA_HTTPS": "0"}
        rates = []
        for processes in (1, 2):
            daphnes = start_daphnes(processes, 8601, env, quiet=True)
            try:
                targets = [f"127.0.0.1:{8601 + i}" for i in range(processes)]
                rates.append(asyncio.run(self.place_many(targets, orders, clients)))
            finally:
                stop(daphnes)
        return ("place-order throughput, 1 -> 2 processes",
                f"{rates[0]:.0f} -> {rates[1]:.0f} orders/s, ratio {rates[1] / rates[0]:.2f} "
                f"({orders} orders, {clients} clients)")

    @staticmethod
    async def place_many(targets: list[str], orders: int, clients: int) -> float:
        body = {"customer_name": "Throughput", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
                "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"]}]}
        sessions = [httpx.AsyncClient(base_url=f"http://{t}", timeout=60) for t in targets]
        remaining = iter(range(orders))

        async def client(n):
            for _ in remaining:
                response = await sessions[n % len(sessions)].post("/api/orders", json=body)
                if response.status_code != 201:
                    print(f"throughput: {response.status_code} {response.text[:200]}", file=sys.stderr)

        started = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
        for session in sessions:
            await session.aclose()
        return orders / elapsed
