"""Benchmark helpers: a throwaway database, kitchen sockets, percentiles."""

from __future__ import annotations

import statistics
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection


@contextmanager
def scratch_database():
    """Create the test database (never the real one), migrate it, and drop it afterwards."""
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


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
