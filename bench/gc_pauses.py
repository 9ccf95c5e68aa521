"""Garbage-collector pauses with and without the start-up tuning in pizzeria/asgi.py, side by side.

    python -m bench.gc_pauses            # each setting twice, alternating, on scratch SQLite files

Each run is a fresh interpreter (PIZZERIA_GC=off, then the tuned default) that imports the ASGI
module as Daphne does, then serves 150 menu pages and 150 API orders through Django's request
path in-process, timing every collection with gc.callbacks (thread CPU time, so load from other
processes on the machine does not inflate it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ("off", "10000,20,100")


def measure() -> str:
    import gc
    import time

    sys.path.insert(0, str(ROOT))
    import pizzeria.asgi  # noqa: F401  (applies PIZZERIA_GC, as in a Daphne process)
    from django.core.management import call_command
    from django.test import Client

    from orders.demo_data import load_demo_data

    call_command("migrate", verbosity=0)
    load_demo_data()
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started = [0.0]

    def timer(phase, info):
        if phase == "start":
            started[0] = time.thread_time()
        else:
            pauses[info["generation"]].append(time.thread_time() - started[0])

    gc.callbacks.append(timer)
    client = Client()
    body = {"customer_name": "GC", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
            "pizza_items": [{"pizza_id": "margherita"}]}
    cpu = time.process_time()
    for _ in range(150):
        assert client.get("/").status_code == 200
        assert client.post("/api/orders", body, content_type="application/json").status_code == 201
    cpu = time.process_time() - cpu
    total = sum(sum(values) for values in pauses.values())
    longest = max((max(values) for values in pauses.values() if values), default=0.0)
    return (f"PIZZERIA_GC={os.environ.get('PIZZERIA_GC')}: CPU {cpu * 1000 / 300:.1f} ms/request; collections "
            f"gen0/1/2 {len(pauses[0])}/{len(pauses[1])}/{len(pauses[2])}; in the collector {total * 1000:.0f} ms "
            f"({total / cpu * 100:.1f}% of CPU); longest pause {longest * 1000:.1f} ms; "
            f"objects frozen {gc.get_freeze_count()}")


def main() -> int:
    for setting in SETTINGS * 2:
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "PIZZERIA_GC": setting, "DATABASE_URL": f"sqlite:///{scratch}/gc.sqlite3",
                   "DJANGO_SETTINGS_MODULE": "pizzeria.settings", "DEBUG": "0", "SECRET_KEY": "gc-" + "x" * 60,
                   "PIZZERIA_HTTPS": "0", "LOG_LEVEL": "WARNING", "PIZZERIA_ALWAYS_OPEN": "1",
                   "PIZZERIA_ORDER_RATE_LIMIT": "off", "PIZZERIA_KITCHEN_CAPACITY": "1000000"}
            env.pop("REDIS_URL", None)
            done = subprocess.run([sys.executable, "-m", "bench.gc_pauses", "--one"], cwd=ROOT, env=env,
                                  capture_output=True, text=True)
            print(done.stdout.strip().splitlines()[-1] if done.returncode == 0 else done.stderr[-2000:], flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--one"]:
        print(measure())
        sys.exit(0)
    sys.exit(main())
