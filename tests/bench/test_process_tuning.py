"""The process-level levers in pizzeria/asgi.py: a frozen, tuned garbage collector, and each Daphne
request's connections closed when its (throw-away) thread is done."""

import gc
import threading

import pytest
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished
from django.db import connections

from pizzeria.asgi import tune_garbage_collector


@pytest.fixture
def restore_gc():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_the_collector_is_frozen_after_start_up_with_the_configured_thresholds(restore_gc):
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    tune_garbage_collector("off")
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0

    tune_garbage_collector("5000,15,50")
    assert gc.get_threshold() == (5000, 15, 50)
    assert gc.get_freeze_count() > 10_000  # Django, the app and its URL patterns are out of the collector's sight


def connection_after_request_finished(sender) -> object:
    """Open a connection in a thread of its own (as Daphne runs each request), finish the request."""
    seen = {}

    def request():
        connection = connections["default"]
        connection.ensure_connection()
        request_finished.send(sender=sender)
        seen["connection"] = connection.connection
        connections.close_all()

    thread = threading.Thread(target=request)
    thread.start()
    thread.join()
    return seen["connection"]


@pytest.mark.django_db(transaction=True)
def test_a_daphne_request_closes_its_threads_connections_and_other_handlers_keep_theirs():
    database = connections["default"].settings_dict
    saved = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 60  # persistent: Django's own request_finished handler keeps it open
    try:
        assert connection_after_request_finished(ASGIHandler) is None
        assert connection_after_request_finished(object) is not None  # e.g. the test client's handler
    finally:
        database["CONN_MAX_AGE"] = saved
