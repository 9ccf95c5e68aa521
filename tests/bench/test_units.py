"""The benchmark's own arithmetic and bookkeeping: percentiles, /proc readings, frame matching."""

import asyncio
import os
import time

import pytest

from bench.client import Driver, Listener, order_marker
from bench.management.commands.load_test import Screen
from bench.procstat import cpu_seconds, rss_bytes
from bench.stats import percentile


def test_percentile_is_nearest_rank_and_always_a_real_sample():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 50) == 50
    assert percentile(samples, 99) == 99
    assert percentile(list(reversed(samples)), 100) == 100
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_cpu_time_and_memory_are_read_from_proc():
    before = cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass  # burn 0.2 s of CPU
    assert cpu_seconds(os.getpid()) - before >= 0.15
    assert 10 * 2**20 < rss_bytes(os.getpid()) < 10 * 2**30


class FakeSocket:
    """Frames handed to a Listener as a websocket would, at moments the test chooses."""

    def __init__(self):
        self.frames: asyncio.Queue = asyncio.Queue()

    def __aiter__(self):
        return self

    async def __anext__(self):
        frame = await self.frames.get()
        if frame is None:
            raise StopAsyncIteration
        return frame

    async def close(self):
        self.frames.put_nowait(None)


def test_an_order_is_timed_by_the_frame_carrying_its_number_not_by_heartbeats_or_other_orders():
    async def scenario():
        driver = Driver()
        socket = FakeSocket()
        listener = Listener(socket, driver)
        driver.listeners = [listener]
        socket.frames.put_nowait('<div id="kitchen-board">resync</div>')
        assert "resync" in await listener.first_frame

        driver.arm(None)  # the POST is on its way: its number is not known yet
        socket.frames.put_nowait('<span id="live-seq" data-kind="heartbeat" data-seq="3"></span>'
                                 '<i id="ticket-7"></i>')  # a heartbeat never counts
        socket.frames.put_nowait('<article id="ticket-6">another order</article>')
        await asyncio.sleep(0.01)
        early = time.perf_counter()
        socket.frames.put_nowait('<article id="ticket-7">ours, before the POST answered</article>')
        await asyncio.sleep(0.01)
        driver.arm(order_marker(7))  # the response arrives: frames already buffered count
        assert driver.all_found.is_set()
        assert early <= listener.found <= time.perf_counter()

        driver.arm(order_marker(70))  # "ticket-7" must not match ticket-70, nor ticket-700 match 70
        socket.frames.put_nowait('<article id="ticket-700">no</article>')
        await asyncio.sleep(0.01)
        assert listener.found is None and not driver.all_found.is_set()
        socket.frames.put_nowait('<article id="ticket-70">yes</article>')
        await asyncio.wait_for(driver.all_found.wait(), 1)
        assert listener.found is not None
        assert listener.frames == 5  # the heartbeat is not among them
        await listener.close()

    asyncio.run(scenario())


def test_a_load_test_screen_follows_the_stream_numbers_and_ignores_heartbeats():
    def marker(kind, seq):
        return f'<span id="live-seq" data-stream="kitchen" data-kind="{kind}" data-seq="{seq}" hidden></span>'

    screen = Screen()
    screen.take(marker("resync", 10) + '<div id="ticket-3"></div>')
    screen.take(marker("update", 11) + '<div id="ticket-4"></div>')
    screen.take(marker("heartbeat", 14))
    assert screen.gap_free() and screen.last == 11 and screen.seen == {3, 4}
    screen.take(marker("update", 13))
    assert not screen.gap_free()  # 12 went missing: the page would catch up
    screen.take('<span id="live-seq" data-stream="order-x" data-kind="update" data-seq="99" hidden></span>')
    assert screen.last == 13  # another stream's numbers are not the kitchen's
