"""The process-level levers in pizzeria/asgi.py: a frozen, tuned garbage collector, and Daphne's
requests on a few long-lived threads that keep their database connections."""

import asyncio
import gc
import threading

import pytest
from asgiref import sync
from django.core.signals import request_finished
from django.db import connections

from pizzeria import asgi
from pizzeria.asgi import OneHopASGIHandler, tune_garbage_collector
from pizzeria.request_threads import RequestThreadPool


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


def asgi_get(path: str = "/api/menu"):
    """A GET through the app's ASGI handler, as Daphne calls it; the messages it sent."""
    sent = []
    bodies = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if bodies:
            return bodies.pop()
        await asyncio.sleep(3600)  # the client stays connected; Django cancels this after responding

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}

    async def call():
        await OneHopASGIHandler()(scope, receive, send)
        return sent

    return call()


@pytest.fixture
def persistent_connections():
    database = connections["default"].settings_dict
    saved = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 60
    yield
    database["CONN_MAX_AGE"] = saved


@pytest.mark.django_db(transaction=True)
async def test_daphne_requests_reuse_a_pooled_thread_and_its_database_connection(persistent_connections, monkeypatch):
    """Django's handler made a thread per request, so every request opened and closed a connection."""
    monkeypatch.setattr(OneHopASGIHandler, "threads", RequestThreadPool(2))
    seen = []

    def note(**kwargs):
        seen.append((threading.current_thread().name, id(connections["default"].connection)))

    request_finished.connect(note)
    try:
        for _ in range(3):
            sent = await asgi_get()
            assert sent[0]["status"] == 200
    finally:
        request_finished.disconnect(note)
    assert len(seen) == 3 and len(set(seen)) == 1, seen  # one thread, one connection, kept open
    assert seen[0][0].startswith("request") and seen[0][1] != id(None)
    assert OneHopASGIHandler.threads.threads == 1


@pytest.mark.django_db(transaction=True)
async def test_a_forked_server_makes_request_threads_of_its_own(monkeypatch):
    """A live-server test forks Daphne from the test process: the parent's threads are not in the child."""
    inherited = RequestThreadPool(2)
    inherited.pid = -1  # made by another process
    monkeypatch.setattr(OneHopASGIHandler, "threads", inherited)
    sent = await asyncio.wait_for(asgi_get(), 10)
    assert sent[0]["status"] == 200
    assert OneHopASGIHandler.threads is not inherited and inherited.threads == 0


async def test_the_request_thread_pool_is_bounded_and_serves_waiting_requests_in_order():
    pool = RequestThreadPool(2)
    first, second = await pool.acquire(), await pool.acquire()
    assert first is not second and pool.threads == 2
    third = asyncio.create_task(pool.acquire())
    fourth = asyncio.create_task(pool.acquire())
    await asyncio.sleep(0)
    assert not third.done() and not fourth.done()  # no third thread: they wait
    pool.release(second)
    assert await third is second
    fourth.cancel()  # a request that went away while waiting gives up its place
    await asyncio.sleep(0)
    pool.release(first)
    assert await pool.acquire() is first and pool.threads == 2


async def test_an_executor_handed_to_a_request_that_just_went_away_is_passed_on():
    pool = RequestThreadPool(1)
    only = await pool.acquire()
    leaving = asyncio.create_task(pool.acquire())
    await asyncio.sleep(0)
    pool.release(only)  # handed to the waiter ...
    leaving.cancel()  # ... which is cancelled before it ran
    with pytest.raises(asyncio.CancelledError):
        await leaving
    assert await asyncio.wait_for(pool.acquire(), 1) is only


@pytest.mark.django_db(transaction=True)
async def test_the_middleware_chain_runs_in_one_thread_hop(monkeypatch):
    monkeypatch.setattr(OneHopASGIHandler, "threads", None)  # this test's pool goes with it
    """Django's async chain hops to a thread for each sync middleware's request and response
    halves; the app's handler runs the whole (sync) chain and view in a single hop."""
    assert isinstance(asgi.django_asgi_app, OneHopASGIHandler)
    hops = []

    original = sync.SyncToAsync.__call__

    async def counted(self, *args, **kwargs):
        hops.append(getattr(self.func, "__qualname__", repr(self.func)))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counted)
    sent = await asgi_get()
    assert sent[0]["type"] == "http.response.start"
    during_request = [name for name in hops if "get_response" in name]
    assert during_request == ["BaseHandler.get_response"], hops
    assert not [name for name in hops if "process_request" in name or "process_response" in name], hops
