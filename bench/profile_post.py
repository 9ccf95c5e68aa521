"""Where one API order's server time goes: cProfile over a loop of ``POST /api/orders``.

    python -m bench.profile_post [--orders 200] [--active 200] [--sort cumulative] [--limit 40]

In-process (Django's test client, no Daphne, no sockets) on a scratch SQLite file of its own with
the demo menu and ``--active`` orders already on the board, as the benchmark's "server CPU per API
order" step has them. Each order runs its after-commit work (the live renders) as the server does;
with no socket connected nothing is sent. Prints the CPU per order and the profile's top entries.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path


def setup(path: Path) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "pizzeria.settings", "DATABASE_URL": f"sqlite:///{path}",
        "BENCH_SCRATCH_DATABASE": str(path), "SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "0",
        "PIZZERIA_HTTPS": "0", "PIZZERIA_ALWAYS_OPEN": "1", "PIZZERIA_KITCHEN_CAPACITY": "1000000",
        "PIZZERIA_ORDER_RATE_LIMIT": "off", "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "testserver,127.0.0.1",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    from orders.demo_data import load_demo_data

    load_demo_data()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--active", type=int, default=200, help="orders already on the board")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=45)
    parser.add_argument("--out", help="also write the raw profile here (for snakeviz, pstats)")
    args = parser.parse_args(argv)

    path = Path("/tmp") / f"pizzeria-profile-{os.getpid()}.sqlite3"
    try:
        setup(path)
        from django.test import Client

        from bench.fill import fill_active_orders

        fill_active_orders(args.active)
        client = Client()
        body = {"customer_name": "Profile", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
                "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"], "quantity": 2}]}

        def post() -> None:
            response = client.post("/api/orders", body, content_type="application/json")
            if response.status_code != 201:
                raise SystemExit(f"POST /api/orders answered {response.status_code}: {response.content[:300]!r}")

        for _ in range(10):  # warm-up: templates, caches, connections
            post()
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(args.orders):
            post()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{args.orders} orders ({args.active} active before): {cpu / args.orders * 1000:.2f} ms CPU, "
              f"{wall / args.orders * 1000:.2f} ms wall per order (unprofiled)")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.orders):
            post()
        profiler.disable()
        if args.out:
            profiler.dump_stats(args.out)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.limit)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
