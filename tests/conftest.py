import pytest
from django.core.cache import cache

from orders.demo_data import load_demo_data
from pizzeria.application.mediator import get_mediator, reset_mediator


@pytest.fixture(autouse=True)
def _isolated_pizzeria(settings):
    """Open around the clock by default, a clean cache, and a fresh mediator for every test."""
    # Abuse limits are off unless a test turns them on (tests/security/ does): one test client
    # places many orders from 127.0.0.1 on purpose.
    settings.PIZZERIA = {**settings.PIZZERIA, "ALWAYS_OPEN": True, "ORDER_RATE_LIMIT": None}
    # No live heartbeat unless a test turns it on (tests/live_sequences/): frames stay predictable.
    settings.PIZZERIA_LIVE_HEARTBEAT_SECONDS = 0
    cache.clear()
    reset_mediator()
    yield
    reset_mediator()


@pytest.fixture
def mediator():
    return get_mediator()


@pytest.fixture
def menu(db):
    load_demo_data()


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright keeps an event loop in the main thread until the end,
    and sync code that calls async_to_sync (the test client's async middleware) can't run beside it."""
    items.sort(key=lambda item: "browser" in item.keywords)
