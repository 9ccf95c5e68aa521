"""The process-level levers in pizzeria/asgi.py: a frozen, tuned garbage collector, and each Daphne
request's connections closed when its (throw-away) thread is done."""

import asyncio
import gc
import threading

import pytest
from asgiref import sync
from django.core.handlers.asgi import ASGIHandler
from django.core.signals import request_finished
from django.db import connections

from pizzeria import asgi
from pizzeria.asgi import OneHopASGIHandler, tune_garbage_collector


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
        assert connection_after_request_finished(OneHopASGIHandler) is None
        assert connection_after_request_finished(object) is not None  # e.g. the test client's handler
    finally:
        database["CONN_MAX_AGE"] = saved


@pytest.mark.django_db(transaction=True)
async def test_the_middleware_chain_runs_in_one_thread_hop(monkeypatch):
    """Django's async chain hops to a thread for each sync middleware's request and response
    halves; the app's handler runs the whole (sync) chain and view in a single hop."""
    assert isinstance(asgi.django_asgi_app, OneHopASGIHandler)
    hops = []

    original = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        hops.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    sent = []

    bodies = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if bodies:
            return bodies.pop()
        await asyncio.sleep(3600)  # the client stays connected; Django cancels this after responding

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/api/menu", "raw_path": b"/api/menu", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    await OneHopASGIHandler()(scope, receive, send)
    assert sent[0]["type"] == "http.response.start"
    during_request = [name for name in hops if "get_response" in name]
    assert during_request == ["BaseHandler.get_response"], hops
    assert not [name for name in hops if "process_request" in name or "process_response" in name], hops
