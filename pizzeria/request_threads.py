"""A few long-lived threads for the sync half of HTTP requests (middleware and views).

Django's ASGI handler gives every request a thread of its own (``ThreadSensitiveContext()``) that
ends with it, so every request opened a database connection and closed it again: CONN_MAX_AGE
could not work, and on SQLite the open and close alone were ~10% of a request's CPU (on
PostgreSQL a new connection also costs the server a backend). Here a request borrows one of
``size`` single-thread executors for as long as it runs (asgiref's ``ThreadSensitiveContext``
accepts an executor that outlives it), so each thread keeps its connection between requests and
Django's own request_started/request_finished handlers apply CONN_MAX_AGE and the health checks.

The pool is bounded: when every thread is busy a request waits for one (first come, first
served) instead of starting another thread and another connection, so each process holds at most
``size`` request connections however many clients arrive at once. Idle threads are reused most
recent first, so a quiet server keeps using one warm connection.
"""

from __future__ import annotations

import asyncio
import collections
import os
from concurrent.futures import ThreadPoolExecutor


class RequestThreadPool:
    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("A request thread pool needs at least one thread.")
        self.size = size
        self.pid = os.getpid()  # threads don't survive a fork: a forked child makes a pool of its own
        self._idle: list[ThreadPoolExecutor] = []
        self._made = 0
        self._waiters: collections.deque[asyncio.Future] = collections.deque()

    @property
    def threads(self) -> int:
        """Threads made so far (never more than ``size``)."""
        return self._made

    async def acquire(self) -> ThreadPoolExecutor:
        if self._idle:
            return self._idle.pop()
        if self._made < self.size:
            self._made += 1
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release(waiter.result())  # handed over just as the request went away: pass it on
            raise

    def release(self, executor: ThreadPoolExecutor) -> None:
        """Back to the pool (or straight to the longest waiting request). The executor may still be
        finishing a job whose request was abandoned: the next job simply queues behind it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(executor)
                return
        self._idle.append(executor)
