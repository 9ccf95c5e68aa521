"""Scale-out tests start real Daphne processes on the test database; they need PostgreSQL and Redis
(CI's second run sets DATABASE_URL and REDIS_URL; the default suite skips them)."""

import os
import socket
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection

from scripts.run_scaled import start_daphnes, stop

SCALE_OUT = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and bool(settings.REDIS_URL)


def pytest_collection_modifyitems(config, items):
    if SCALE_OUT:
        return
    skip = pytest.mark.skip(reason="needs the scale-out configuration: DATABASE_URL=postgres://… REDIS_URL=redis://…")
    for item in items:
        if "scaleout" in str(item.fspath):
            item.add_marker(skip)


def free_port_pair() -> int:
    """A port p with p and p+1 free right now."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with socket.socket() as first, socket.socket() as second:
            try:
                first.bind(("127.0.0.1", port))
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("No two consecutive free ports.")


def test_database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def daphne_cluster(count: int = 2, **extra_env):
    """``count`` Daphne processes (separate interpreters) sharing the test database and Redis."""
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "pizzeria.settings_test", "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL, "PIZZERIA_ALWAYS_OPEN": "1", "LOG_LEVEL": "WARNING",
        "PIZZERIA_KITCHEN_CAPACITY": "5000", "PIZZERIA_ORDER_RATE_LIMIT": "off", **extra_env,
    }
    base = free_port_pair()
    processes = start_daphnes(count, base, env, quiet=True)
    try:
        yield [f"127.0.0.1:{base + i}" for i in range(count)], processes
    finally:
        stop(processes)
