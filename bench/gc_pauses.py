"""Garbage-collector pauses under each setting of the start-up tuning in pizzeria/asgi.py, side by side.

    python -m bench.gc_pauses [--rounds 150] [SETTING ...]   # default: off, 10000,20,100, 2000,5,100

Each run is a fresh interpreter with ``PIZZERIA_GC=SETTING`` that imports the ASGI module as Daphne
does, then serves ``--rounds`` menu pages and as many API orders through Django's request path
in-process, timing every collection with gc.callbacks (thread CPU time, so load from other
processes on the machine does not inflate it). Settings alternate, each run twice.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ("off", "10000,20,100", "2000,5,100")  # CPython's, the earlier tuning, the current


def measure(rounds: int) -> str:
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
    for _ in range(rounds):
        assert client.get("/").status_code == 200
        assert client.post("/api/orders", body, content_type="application/json").status_code == 201
    cpu = time.process_time() - cpu
    total = sum(sum(values) for values in pauses.values())
    longest = "/".join(f"{max(values) * 1000:.1f}" if values else "-" for values in pauses.values())
    return (f"PIZZERIA_GC={os.environ.get('PIZZERIA_GC')}: CPU {cpu * 1000 / (2 * rounds):.1f} ms/request; "
            f"collections gen0/1/2 {len(pauses[0])}/{len(pauses[1])}/{len(pauses[2])}; in the collector "
            f"{total * 1000:.0f} ms ({total / cpu * 100:.1f}% of CPU); longest pause gen0/1/2 {longest} ms; "
            f"objects frozen {gc.get_freeze_count()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=150, help="menu pages and API orders per run")
    parser.add_argument("settings", nargs="*", default=list(SETTINGS))
    args = parser.parse_args(argv)
    for setting in args.settings * 2:
        with tempfile.TemporaryDirectory() as scratch:
            env = {**os.environ, "PIZZERIA_GC": setting, "DATABASE_URL": f"sqlite:///{scratch}/gc.sqlite3",
                   "DJANGO_SETTINGS_MODULE": "pizzeria.settings", "DEBUG": "0", "SECRET_KEY": "gc-" + "x" * 60,
                   "PIZZERIA_HTTPS": "0", "LOG_LEVEL": "WARNING", "PIZZERIA_ALWAYS_OPEN": "1",
                   "PIZZERIA_ORDER_RATE_LIMIT": "off", "PIZZERIA_KITCHEN_CAPACITY": "1000000"}
            env.pop("REDIS_URL", None)
            done = subprocess.run([sys.executable, "-m", "bench.gc_pauses", "--one", str(args.rounds)], cwd=ROOT,
                                  env=env, capture_output=True, text=True)
            print(done.stdout.strip().splitlines()[-1] if done.returncode == 0 else done.stderr[-2000:], flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(measure(int(sys.argv[2])))
        sys.exit(0)
    sys.exit(main())
