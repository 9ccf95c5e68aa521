"""The benchmark's client driver: a process of its own, apart from the servers it measures.

    python -m bench.client        # reads one JSON command per line on stdin, answers one per line

It holds the websocket clients (``websockets``) and the HTTP client (``httpx``) for the whole run,
so sockets stay open between the steps the orchestrator (``bench.run``) takes, such as reading a
server's memory with 200 sockets open. All times are taken here, on this process's clock:
an order's latency runs from just before its ``POST /api/orders`` is sent to the moment each
socket has the frame that carries that order's number.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import statistics
import sys
import time

import httpx
import websockets

from bench.procstat import cpu_seconds

HEARTBEAT = 'data-kind="heartbeat"'  # keep-alive frames say nothing about an order: never counted
FRAME_TIMEOUT = 10.0  # an order whose frame has not reached a socket by then counts as missing there
SETTLE_TIMEOUT = 2.0


def order_marker(number: int) -> str:
    """What identifies an order's own kitchen frame: its ticket, by the order's number."""
    return f'id="ticket-{number}"'


def is_heartbeat(frame: str) -> bool:
    return HEARTBEAT in frame


@contextlib.contextmanager
def collector_waits():
    """This process's garbage collector runs before a timed sample, not during it: a collection
    of the 200 sockets' objects pauses the client's loop, which would be timed as the server's
    latency (or the floor's) when it happens to fall inside a sample."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Listener:
    """One open socket; its reader notes when the frame it waits for arrives."""

    def __init__(self, socket, driver: Driver):
        self.socket = socket
        self.driver = driver
        self.marker: str | None = None
        self.found: float | None = None
        self.pending: list[tuple[float, str]] = []  # frames that arrived before the marker was known
        self.frames = 0  # non-heartbeat frames so far
        self.first_frame: asyncio.Future = asyncio.get_running_loop().create_future()
        self.reader = asyncio.create_task(self.read())

    async def read(self) -> None:
        try:
            async for frame in self.socket:
                moment = time.perf_counter()
                if isinstance(frame, bytes):
                    frame = frame.decode()
                if is_heartbeat(frame):
                    continue
                self.frames += 1
                if not self.first_frame.done():
                    self.first_frame.set_result(frame)
                    continue
                if self.found is not None:
                    continue
                if self.marker is None:
                    self.pending.append((moment, frame))
                elif self.marker in frame:
                    self.found = moment
                    self.driver.frame_sizes.append(len(frame.encode()))
                    self.driver.one_found()
        except websockets.ConnectionClosed:
            pass
        finally:
            if not self.first_frame.done():
                self.first_frame.set_exception(ConnectionError("socket closed before its first frame"))

    def expect(self, marker: str | None) -> None:
        """Wait for the next frame holding ``marker`` (frames already buffered count too)."""
        self.marker, self.found = marker, None
        if marker is None:
            self.pending = []
            return
        for moment, frame in self.pending:
            if marker in frame:
                self.found = moment
                self.driver.frame_sizes.append(len(frame.encode()))
                self.driver.one_found()
                break
        self.pending = []

    async def close(self) -> None:
        await self.socket.close()
        self.reader.cancel()
        await asyncio.gather(self.reader, return_exceptions=True)


class Driver:
    def __init__(self):
        self.listeners: list[Listener] = []
        self.http: dict[str, httpx.AsyncClient] = {}
        self.frame_sizes: list[int] = []
        self.found_count = 0
        self.all_found = asyncio.Event()

    def one_found(self) -> None:
        self.found_count += 1
        if self.found_count >= len(self.listeners):
            self.all_found.set()

    def client(self, target: str) -> httpx.AsyncClient:
        if target not in self.http:
            self.http[target] = httpx.AsyncClient(base_url=f"http://{target}", timeout=30)
        return self.http[target]

    # --- sockets ---------------------------------------------------------------------------
    async def open_sockets(self, urls: list[str], headers: list[dict]) -> list[int]:
        """Open every socket (20 handshakes at a time) and wait for each one's first frame."""
        gate = asyncio.Semaphore(20)

        async def open_one(url, extra):
            async with gate:
                origin = "http://" + url.split("://", 1)[1].split("/", 1)[0]
                for attempt in range(3):
                    try:
                        socket = await websockets.connect(url, origin=origin, additional_headers=extra,
                                                          max_size=None, open_timeout=30, ping_interval=None)
                        break
                    except (websockets.InvalidMessage, OSError):
                        # Daphne drops a handshake its app has not accepted within 5 s: with a
                        # thousand orders, a burst of resync renders can hold up the next accepts.
                        if attempt == 2:
                            raise
                        await asyncio.sleep(1)
                listener = Listener(socket, self)
                first = await asyncio.wait_for(listener.first_frame, 30)
                return listener, len(first.encode())

        opened = await asyncio.gather(*(open_one(u, h) for u, h in zip(urls, headers)))
        self.listeners.extend(listener for listener, _ in opened)
        return [size for _, size in opened]

    async def close_sockets(self) -> None:
        await asyncio.gather(*(listener.close() for listener in self.listeners), return_exceptions=True)
        self.listeners = []

    async def wait_for(self, marker: str, started_expecting: bool = False) -> dict:
        """Latencies (s) of the frame holding ``marker`` on every socket, from ``self.sent_at``."""
        try:
            await asyncio.wait_for(self.all_found.wait(), FRAME_TIMEOUT)
        except TimeoutError:
            pass
        found = [listener.found - self.sent_at for listener in self.listeners if listener.found is not None]
        return {"latencies": found, "missing": len(self.listeners) - len(found)}

    def arm(self, marker: str | None) -> None:
        self.found_count = 0
        self.all_found.clear()
        for listener in self.listeners:
            listener.expect(marker)
        if marker is not None and self.found_count >= len(self.listeners):
            self.all_found.set()

    async def settle(self, frames_before: list[int]) -> None:
        """Wait until every socket has had one more frame (the cancel's), so the next order starts
        on a quiet server; bounded, since a screen may legitimately get nothing."""
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while time.monotonic() < deadline:
            if all(listener.frames > before for listener, before in zip(self.listeners, frames_before)):
                return
            await asyncio.sleep(0.005)

    @staticmethod
    async def quiet(pids: list[int], timeout: float = 3.0) -> None:
        """Wait until the server processes and the task worker are idle (at most 1 CPU tick in
        0.1 s), so each order starts on a quiet machine whatever the previous one left to do."""
        deadline = time.monotonic() + timeout
        while pids and time.monotonic() < deadline:
            before = sum(cpu_seconds(pid) for pid in pids)
            await asyncio.sleep(0.1)
            if sum(cpu_seconds(pid) for pid in pids) - before <= 0.011:
                return

    # --- commands --------------------------------------------------------------------------
    async def place(self, target: str, index: int) -> tuple[float, dict]:
        body = {"customer_name": f"Bench {index}", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
                "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": ["extra_cheese"],
                                 "quantity": 2}]}
        started = time.perf_counter()
        self.sent_at = started
        response = await self.client(target).post("/api/orders", json=body)
        elapsed = time.perf_counter() - started
        if response.status_code != 201:
            raise RuntimeError(f"POST /api/orders answered {response.status_code}: {response.text[:300]}")
        return elapsed, response.json()

    async def cancel(self, target: str, order: dict) -> None:
        response = await self.client(target).put(
            f"/api/orders/{order['order_id']}/cancel", json={},
            headers={"X-Order-Access": order["access_token"]})
        if response.status_code != 200:
            raise RuntimeError(f"cancel answered {response.status_code}: {response.text[:300]}")

    async def cmd_post_idle(self, target: str, orders: int, start: int) -> dict:
        """Orders one after another with no socket open; they stay active (cancel them after)."""
        timings, placed = [], []
        for index in range(start, start + orders):
            elapsed, order = await self.place(target, index)
            timings.append(elapsed)
            placed.append(order)
        return {"post_latencies": timings, "orders": placed}

    async def cmd_get_order(self, target: str, order: dict, requests: int, warmup: int) -> dict:
        """A cheap request through the same client and server as the orders: one order's status, as
        a customer's tracking page asks for it (``GET /api/orders/<id>``: middleware, a small read,
        JSON). What any order's POST costs before it does work of its own."""
        client = self.client(target)
        headers = {"X-Order-Access": order["access_token"]}
        timings = []
        for index in range(warmup + requests):
            started = time.perf_counter()
            response = await client.get(f"/api/orders/{order['order_id']}", headers=headers)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"GET of an order answered {response.status_code}: {response.text[:300]}")
            if index >= warmup:
                timings.append(elapsed)
        return {"latencies": timings}

    async def cmd_cancel(self, target: str, orders: list[dict]) -> dict:
        for order in orders:
            await self.cancel(target, order)
        return {"cancelled": len(orders)}

    async def cmd_connect(self, targets: list[str], sockets: int, cookie: str, path: str = "/ws/kitchen/") -> dict:
        urls = [f"ws://{targets[i % len(targets)]}{path}" for i in range(sockets)]
        sizes = await self.open_sockets(urls, [{"Cookie": cookie}] * sockets)
        return {"connected": len(self.listeners), "first_frame_bytes": sizes}

    async def cmd_disconnect(self) -> dict:
        await self.close_sockets()
        return {}

    async def cmd_latency(self, target: str, orders: int, warmup: int, start: int, quiet_pids: list[int] = ()) -> dict:
        """Each order: POST, wait for its frame on every socket, cancel it, let the cancel's frames pass.

        One order at a time on a board kept empty, so every order is a new ticket that every
        screen shows (the boards show a bounded screenful, oldest first); the next order waits
        until ``quiet_pids`` (servers, worker) are idle."""
        per_order, posts, missing, cancel_times = [], [], 0, []
        self.frame_sizes = []
        for index in range(start, start + warmup + orders):
            self.arm(None)
            with collector_waits():
                elapsed, order = await self.place(target, index)
                self.arm(order_marker(order["order_number"]))
                outcome = await self.wait_for(order_marker(order["order_number"]))
            if index >= start + warmup:
                per_order.append(outcome["latencies"])
                posts.append(elapsed)
                missing += outcome["missing"]
            self.arm(None)
            before = [listener.frames for listener in self.listeners]
            began = time.perf_counter()
            await self.cancel(target, order)
            cancel_times.append(time.perf_counter() - began)
            await self.settle(before)
            await self.quiet(list(quiet_pids))
        sizes = self.frame_sizes or [0]
        return {"per_order": per_order, "post_latencies": posts, "missing": missing,
                "frame_bytes": statistics.median(sizes), "cancel_latencies": cancel_times}

    async def cmd_floor(self, port: int, sockets: int, frames: int, size: int, warmup: int) -> dict:
        """The same measurement against the bare broadcast server."""
        base = f"ws://127.0.0.1:{port}"
        await self.close_sockets()
        gate = asyncio.Semaphore(20)

        async def open_one():
            async with gate:
                socket = await websockets.connect(f"{base}/listen", max_size=None, ping_interval=None)
                return Listener(socket, self)

        self.listeners = list(await asyncio.gather(*(open_one() for _ in range(sockets))))
        publisher = await websockets.connect(f"{base}/publish", max_size=None, ping_interval=None)
        # The server sends nothing on connect: a first frame (not timed) opens every listener.
        await publisher.send("<div>hello</div>")
        await asyncio.gather(*(listener.first_frame for listener in self.listeners))
        per_frame = []
        try:
            for index in range(warmup + frames):
                marker = f'id="floor-{index}"'
                frame = f'<div {marker} data-seq="{index}">'
                frame += "x" * max(0, size - len(frame) - 6) + "</div>"
                self.arm(marker)
                with collector_waits():
                    self.sent_at = time.perf_counter()
                    await publisher.send(frame)
                    outcome = await self.wait_for(marker)
                if index >= warmup:
                    per_frame.append(outcome["latencies"])
                await asyncio.sleep(0.002)
        finally:
            await publisher.close()
            await self.close_sockets()
        return {"per_frame": per_frame}

    async def cmd_page(self, target: str, cookie: str, path: str = "/kitchen/") -> dict:
        started = time.perf_counter()
        response = await self.client(target).get(path, headers={"Cookie": cookie})
        return {"status": response.status_code, "bytes": len(response.content),
                "seconds": time.perf_counter() - started}

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            request = json.loads(line)
            name = request.pop("cmd")
            if name == "quit":
                break
            try:
                answer = {"ok": True, **await getattr(self, f"cmd_{name}")(**request)}
            except Exception as problem:  # reported to the orchestrator, which stops the run
                answer = {"ok": False, "error": f"{type(problem).__name__}: {problem}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
        await self.close_sockets()
        for client in self.http.values():
            await client.aclose()


if __name__ == "__main__":
    asyncio.run(Driver().run())
