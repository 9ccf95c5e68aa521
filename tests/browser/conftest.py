"""Browser tests: Playwright drives Debian's Chromium against a real Daphne (HTTP + websockets)."""

import os
from functools import partial
from pathlib import Path

import pytest
from django.test.utils import override_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
                                   "(.ci/run does) to run the browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def prepare_server_process():
    """Runs in the forked server: use the test database, and drop state inherited from the test
    process: an in-memory channel layer bound to its event loops, the mediator, and asgiref's
    single-thread executor, whose worker thread did not survive the fork (work sent to it by
    database_sync_to_async would wait forever)."""
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync
    from channels.layers import channel_layers
    from channels.testing.live import set_database_connection

    from pizzeria.application.mediator import reset_mediator

    set_database_connection()
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    channel_layers.backends.clear()
    reset_mediator()


# The shop the browser tests' server runs (a module's server may add to it).
BROWSER_SHOP = {"OPENING_HOURS": "11:00-23:00", "ALWAYS_OPEN": True, "KITCHEN_CAPACITY": 50,
                "DELIVERY_MINUTES": 20, "RECALL_SECONDS": 120}


def serve_live(django_db_blocker, **settings):
    """A Daphne process on the test database, serving the real ASGI app (websockets included);
    yields its URL. ``settings`` are those it starts with (``PIZZERIA`` defaults to BROWSER_SHOP)."""
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess

    # The server process is forked now: give it the settings the tests assume, and database
    # access (pytest-django blocks it outside tests, and the fork would inherit the block).
    with django_db_blocker.unblock(), override_settings(**{"PIZZERIA": BROWSER_SHOP, **settings}):
        process = DaphneProcess("localhost", partial(make_application, static_wrapper=None),
                                setup=prepare_server_process)
        process.start()
        if not process.ready.wait(timeout=20):
            process.terminate()
            raise RuntimeError("The live Daphne server did not start.")
    yield f"http://localhost:{process.port.value}"
    process.terminate()
    process.join()


@pytest.fixture(scope="module")
def live_server_url(django_db_setup, django_db_blocker):
    yield from serve_live(django_db_blocker)


# One Playwright and one Chromium for the whole session, however many test modules import the
# fixture (each import is a fixture of its own, and a second sync Playwright can't start while the
# first one's event loop runs).
_SHARED: dict = {}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    owner = "chromium" not in _SHARED
    if owner:
        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["chromium"] = _SHARED["playwright"].chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield _SHARED["chromium"]
    if owner:  # set up first, so torn down last: every other user is done
        _SHARED.pop("chromium").close()
        _SHARED.pop("playwright").stop()


@pytest.fixture
def new_page(browser):
    """Open a fresh browser context (its own cookies) per call; all are closed after the test."""
    contexts = []

    def open_page(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
