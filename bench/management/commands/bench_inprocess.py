"""The in-process figures of the benchmark, on its scratch database (prints one JSON line).

* the kitchen board page at 50 and 1,000 active orders (max-size texts): bytes, SQL queries and
  the time to answer, through Django's full request path as a signed-in cook;
* the mediator's overhead: PlaceOrderCommand through every behavior against its handler called
  directly (in a transaction and unit of work, which any caller needs), and against the handler plus
  the timeline rows the pipeline writes for it (the same database work); event handlers are off
  everywhere, so only the pipeline is compared. Interleaved rounds, best of each.
"""

from __future__ import annotations

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client

from bench.fill import fill_active_orders, require_scratch_database
from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand, PlaceOrderHandler
from orders.models import Order
from pizzeria.application.aggregates import unit_of_work_scope
from pizzeria.application.events import EventStore
from pizzeria.application.mediator import get_mediator


def bench_order(index: int) -> PlaceOrderCommand:
    return PlaceOrderCommand(
        customer_name=f"Bench {index}", customer_phone="(202) 555-0142", fulfilment="pickup",
        lines=(OrderLineRequest(item="margherita", size="large", toppings=("extra_cheese",), quantity=2),),
    )


def board_figures(active: int) -> dict:
    fill_active_orders(active)
    client = Client()
    client.force_login(get_user_model().objects.get(username="cook"))
    client.get("/kitchen/")  # warm the templates and caches once
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # A wrapper, not the query log: that one is only kept with DEBUG on, which the bench is not.
    with connection.execute_wrapper(count):
        response = client.get("/kitchen/")
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        client.get("/kitchen/")
        timings.append(time.perf_counter() - started)
    return {"active": active, "status": response.status_code, "bytes": len(response.content),
            "queries": len(queries), "ms": statistics.median(timings) * 1000}


def mediator_overhead(orders: int, rounds: int = 5) -> dict:
    mediator = get_mediator()
    saved = {key: list(value) for key, value in mediator.registry.event_handlers.items()}
    mediator.registry.event_handlers.clear()  # publishing is the event handlers' work, not the pipeline's
    handler = mediator.container.build(PlaceOrderHandler)

    event_store = mediator.container.resolve(EventStore)

    def direct(i):
        with transaction.atomic(), unit_of_work_scope():
            handler.handle(bench_order(i))

    def direct_and_timeline(i):
        """The handler plus the timeline rows the transaction behavior writes for it: the same
        database work as the mediator's, so the difference is the pipeline's own."""
        with transaction.atomic(), unit_of_work_scope() as unit_of_work:
            handler.handle(bench_order(i))
            event_store.append(unit_of_work.collect_events(), unit_of_work.aggregates)

    def mediated(i):
        result = mediator.execute(bench_order(i))
        if not result.is_success:
            raise RuntimeError(f"place-order failed: {result.error}")

    sides = (("direct", direct), ("direct_and_timeline", direct_and_timeline), ("mediator", mediated))
    best = {name: float("inf") for name, _ in sides}
    try:
        for i in range(20):  # warm-up
            for offset, (_, run) in enumerate(sides):
                run(-i - 1 - 100 * offset)
        offset = 0
        for _ in range(rounds):  # interleaved, so drift on a shared machine hits both sides alike
            for name, run in sides:
                started = time.perf_counter()
                for i in range(orders):
                    run(offset + i)
                best[name] = min(best[name], (time.perf_counter() - started) / orders)
                offset += orders
                # Each side starts from an empty board: placing reads the kitchen's open orders, so
                # a side that ran after the other's orders stayed open paid for a bigger board.
                Order.objects.all().delete()
    finally:
        mediator.registry.event_handlers.update(saved)
    return {"direct_ms": best["direct"] * 1000, "mediator_ms": best["mediator"] * 1000,
            "ratio": best["mediator"] / best["direct"],
            "direct_and_timeline_ms": best["direct_and_timeline"] * 1000,
            "ratio_same_writes": best["mediator"] / best["direct_and_timeline"],
            "orders": orders, "rounds": rounds}


class Command(BaseCommand):
    help = "Benchmark figures measured in-process: kitchen board page, mediator overhead (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--overhead-orders", type=int, default=200)

    def handle(self, *args, overhead_orders: int, **options):
        require_scratch_database()
        figures = {"board": [board_figures(50), board_figures(1000)],
                   "mediator": mediator_overhead(overhead_orders)}
        Order.objects.all().delete()
        self.stdout.write(json.dumps(figures))
