"""How wrong is the promise? ``make eta`` (or ``python -m bench.eta_error``).

In-process, on a scratch SQLite database of its own, on a simulated clock: customers arrive at
random (exponential gaps) with random carts and check out through ``PlaceOrderCommand`` — the
real promise model (``orders/eta.py``) against the real queue — then a simulated kitchen works
the orders through the real commands: an oven of ``OVEN_CAPACITY`` places, first come first
served, each pizza baking its menu item's preparation time × a random factor; other items are
made beside it; a delivery leaves a few minutes after it is ready and drives
``DELIVERY_MINUTES`` × a random factor. The kitchen's pace is the simulation's, not the model's,
so the figures say how far the model is from a kitchen that behaves like this one.

It prints, in minutes (positive = later than promised):
  ready error     = the order's actual ready time − the first promised time (``promised_at``)
  delivered error = a delivery's actual arrival − (first promised ready time + DELIVERY_MINUTES)
with mean, p50, p90 and the share of late orders; beside them, for comparison, the rule the model
replaced ("slowest item + 4 minutes per active order"), computed at the same moments.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import math
import os
import random
import statistics
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path


def _django(database: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pizzeria.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("SECRET_KEY", "eta-bench-only-" + "x" * 40)
    os.environ.update({"PIZZERIA_ALWAYS_OPEN": "1", "PIZZERIA_ORDER_RATE_LIMIT": "off", "LOG_LEVEL": "WARNING",
                       "PIZZERIA_KITCHEN_CAPACITY": os.environ.get("PIZZERIA_KITCHEN_CAPACITY", "1000")})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]  # nearest rank


def summary(label: str, errors: list[float]) -> str:
    if not errors:
        return f"{label:<34} (none)"
    late = sum(e > 0.5 for e in errors) / len(errors)
    return (f"{label:<34} n={len(errors):<4} mean {statistics.fmean(errors):+6.1f}  p50 {percentile(errors, .5):+6.1f}  "
            f"p90 {percentile(errors, .9):+6.1f}  late {late:5.0%}")


def run(*, orders: int, gap: float, seed: int, bake_jitter: float, drive_jitter: float) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
    from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
    from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
    from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
    from kitchen.commands.start_cooking import StartCookingCommand
    from menu.models import Category, MenuItem
    from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
    from orders.demo_data import load_demo_data
    from orders.models import ACTIVE_STATUSES, Order
    from orders.services import Clock, FixedClock
    from pizzeria.application.mediator import get_mediator

    load_demo_data()
    rng = random.Random(seed)
    mediator = get_mediator()
    clock = FixedClock(datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc))
    mediator.container.register_instance(Clock, clock)
    users = get_user_model().objects
    cook, driver = users.get(username="cook"), users.get(username="driver")
    menu = {item.slug: item for item in MenuItem.objects.filter(is_available=True)}
    pizzas = [slug for slug, item in menu.items() if item.category == Category.PIZZA]
    sides = [slug for slug, item in menu.items() if item.category != Category.PIZZA]
    oven = [clock.now()] * max(1, int(settings.PIZZERIA["OVEN_CAPACITY"]))  # when each place is free
    delivery_minutes = int(settings.PIZZERIA["DELIVERY_MINUTES"])

    events: list = []
    sequence = itertools.count()

    def at(when, action, *args):
        heapq.heappush(events, (when, next(sequence), action, args))

    def cart():
        lines = [OrderLineRequest(item=rng.choice(pizzas), size=rng.choice(["small", "medium", "large"]),
                                  quantity=rng.choices([1, 2, 3], weights=[6, 3, 1])[0])]
        if rng.random() < .35:
            lines.append(OrderLineRequest(item=rng.choice(pizzas)))
        if rng.random() < .5:
            lines.append(OrderLineRequest(item=rng.choice(sides)))
        return tuple(lines)

    outcome = {"placed": 0, "refused": 0, "old_rule": {}}

    def arrive(number):
        lines = cart()
        fulfilment = "delivery" if rng.random() < .6 else "pickup"
        slowest = max(menu[line.item].preparation_minutes for line in lines)
        active = Order.objects.filter(status__in=ACTIVE_STATUSES).count()
        result = mediator.execute(PlaceOrderCommand(
            customer_name=f"Guest {number}", customer_phone="(202) 555-0142", fulfilment=fulfilment,
            delivery_address="12 Harbour Street" if fulfilment == "delivery" else "", lines=lines))
        if not result.is_success:
            outcome["refused"] += 1
            return
        outcome["placed"] += 1
        order_id = result.data.order_id
        outcome["old_rule"][order_id] = clock.now() + timedelta(minutes=slowest + 4 * active)
        # The oven, first come first served: each pizza takes the place that frees first.
        starts, ends = [], []
        for line in lines:
            item = menu[line.item]
            for _ in range(line.quantity if item.category == Category.PIZZA else 0):
                place = min(range(len(oven)), key=oven.__getitem__)
                start = max(oven[place], clock.now() + timedelta(minutes=1))  # a minute to stretch the dough
                end = start + timedelta(minutes=item.preparation_minutes * rng.uniform(1 - bake_jitter, 1 + bake_jitter))
                oven[place] = end
                starts.append(start)
                ends.append(end)
        sides_ready = clock.now() + timedelta(minutes=max(
            (menu[line.item].preparation_minutes for line in lines if menu[line.item].category != Category.PIZZA),
            default=0))
        start = min(starts, default=clock.now() + timedelta(minutes=1))
        ready = max([*ends, sides_ready, start + timedelta(minutes=1)])
        at(start, start_cooking, order_id)
        at(ready, mark_ready, order_id, fulfilment)

    def start_cooking(order_id):
        mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))

    def mark_ready(order_id, fulfilment):
        mediator.execute(MarkOrderReadyCommand(order_id=order_id))
        if fulfilment == "pickup":
            at(clock.now() + timedelta(minutes=rng.uniform(1, 8)), lambda: mediator.execute(
                MarkOrderPickedUpCommand(order_id=order_id)))
        else:
            leaves = clock.now() + timedelta(minutes=rng.uniform(0, 4))
            at(leaves, lambda: mediator.execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver.pk)))
            drive = delivery_minutes * rng.uniform(1 - drive_jitter, 1 + drive_jitter)
            at(leaves + timedelta(minutes=drive), lambda: mediator.execute(
                MarkOrderDeliveredCommand(order_id=order_id, driver_id=driver.pk)))

    arrival = clock.now()
    for number in range(orders):
        arrival += timedelta(minutes=rng.expovariate(1 / gap))
        at(arrival, arrive, number)
    while events:
        when, _, action, args = heapq.heappop(events)
        clock.moment = when
        action(*args)

    ready_errors, delivered_errors, old_ready = [], [], []
    for order in Order.objects.exclude(ready_at=None):
        ready_errors.append((order.ready_at - order.promised_at).total_seconds() / 60)
        old_ready.append((order.ready_at - outcome["old_rule"][order.public_id]).total_seconds() / 60)
        if order.fulfilment == "delivery" and order.completed_at:
            promised_arrival = order.promised_at + timedelta(minutes=delivery_minutes)
            delivered_errors.append((order.completed_at - promised_arrival).total_seconds() / 60)
    return {"placed": outcome["placed"], "refused": outcome["refused"], "ready": ready_errors,
            "delivered": delivered_errors, "old_ready": old_ready}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=150)
    parser.add_argument("--gap", type=float, default=6.0, help="mean minutes between customers (default 6)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bake-jitter", type=float, default=0.2, help="each bake takes its time × U(1±this)")
    parser.add_argument("--drive-jitter", type=float, default=0.3, help="each drive takes DELIVERY_MINUTES × U(1±this)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eta-bench-") as scratch:
        _django(Path(scratch) / "eta.sqlite3")
        from django.conf import settings

        result = run(orders=args.orders, gap=args.gap, seed=args.seed, bake_jitter=args.bake_jitter,
                     drive_jitter=args.drive_jitter)
        pizzeria = settings.PIZZERIA
        print(f"ETA error, simulated kitchen: {result['placed']} orders placed ({result['refused']} refused), "
              f"a customer every {args.gap:g} min on average, seed {args.seed}")
        print(f"model: OVEN_CAPACITY={pizzeria['OVEN_CAPACITY']} PREP_MINUTES_PER_PIZZA={pizzeria['PREP_MINUTES_PER_PIZZA']} "
              f"DELIVERY_MINUTES={pizzeria['DELIVERY_MINUTES']}; bakes ±{args.bake_jitter:.0%}, drives ±{args.drive_jitter:.0%}")
        print("minutes, actual − first promised (positive = late):")
        print(summary("ready error (orders/eta.py)", result["ready"]))
        print(summary("delivered error (orders/eta.py)", result["delivered"]))
        print(summary("ready error (old rule, for scale)", result["old_ready"]))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
