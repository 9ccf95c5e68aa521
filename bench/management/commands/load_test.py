"""A bounded load test against running servers (loopback only; it stops by itself).

Places ``--orders`` orders from ``--clients`` concurrent HTTP clients spread over ``--targets``
(the Daphne processes of `make run-scaled`), while ``--sockets`` kitchen screens listen. Then it
checks, in the database the servers share, that exactly that many orders exist with the right
totals, and that every screen converged on the kitchen stream's latest state.

    python manage.py load_test --targets 127.0.0.1:8001,127.0.0.1:8002 --orders 1000 --clients 50 --sockets 50

What a screen is expected to see: the boards show a bounded screenful per column (oldest first,
"+N more"), so a screen does not see every order's card. Every kitchen frame carries the stream's
sequence number (``#live-seq``): a screen "followed live" when it saw every number from its first
frame to the end with no gap; one that saw a gap, or lost its socket, does what the page does
(resync) and must then stand at the latest number. Heartbeat frames only carry the number.

Fault injection: ``--kill-pid PID --kill-after N`` kills that server after N orders; clients then
retry on another target with the same Idempotency-Key, and its screens reconnect elsewhere.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import re
import secrets
import signal
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
import websockets
from django.core.management.base import BaseCommand, CommandError

from orders.models import Order
from menu.pricing import line_total, unit_price

TICKET = re.compile(r'id="ticket-(\d+)"')
SEQ = re.compile(r'id="live-seq"[^>]*data-stream="kitchen"[^>]*?data-kind="(\w+)"[^>]*?data-seq="(\d+)"')


def sequence_numbers(frame: str) -> list[tuple[str, int]]:
    """(kind, number) of each kitchen stream marker in a frame: update, resync or heartbeat."""
    return [(kind, int(number)) for kind, number in SEQ.findall(frame)]
PIZZAS = ["margherita", "pepperoni", "diavola", "hawaiian", "capricciosa", "quattro_formaggi"]
TOPPINGS = ["extra_cheese", "mushrooms", "olives", "jalapenos", "fresh_basil"]
SIZES = ["small", "medium", "large"]


def order_body(run_id: str, index: int) -> dict:
    """A varied but deterministic order, so its total can be checked."""
    return {
        "customer_name": f"Load {run_id} {index}", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
        "pizza_items": [
            {"pizza_id": PIZZAS[index % len(PIZZAS)], "size": SIZES[index % 3],
             "toppings": TOPPINGS[: index % 4], "quantity": 1 + index % 3},
            {"pizza_id": "cola", "size": SIZES[(index + 1) % 3], "quantity": 1},
        ],
    }


def expected_total(body: dict, menu: dict) -> Decimal:
    total = Decimal("0")
    for item in body["pizza_items"]:
        entry = menu[item["pizza_id"]]
        toppings = {t["slug"]: Decimal(t["price"]) for t in entry["toppings"]}
        unit = unit_price(Decimal(entry["prices"]["medium"]), item["size"],
                          [toppings[slug] for slug in item.get("toppings", [])])
        total += line_total(unit, item.get("quantity", 1))
    return total


@dataclass
class Screen:
    seen: set[int] = field(default_factory=set)  # order numbers whose card this screen was sent
    reconnects: int = 0
    numbers: set[int] = field(default_factory=set)  # stream numbers of update and resync frames
    first: int | None = None  # the number of its first (resync) frame
    last: int = -1  # the highest number it stands at
    followed_live: bool = False

    def take(self, frame: str) -> None:
        self.seen.update(int(n) for n in TICKET.findall(frame))
        for kind, number in sequence_numbers(frame):
            if kind == "heartbeat":
                continue  # says what exists, not what this screen has
            if self.first is None:
                self.first = number
            self.numbers.add(number)
            self.last = max(self.last, number)

    def gap_free(self) -> bool:
        return self.first is not None and set(range(self.first, self.last + 1)) <= self.numbers


@dataclass
class Run:
    targets: list[str]
    run_id: str = field(default_factory=lambda: secrets.token_hex(3))
    placed: dict[int, tuple[str, Decimal]] = field(default_factory=dict)  # index -> (order_id, expected)
    numbers: set[int] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    retries: int = 0
    latencies: list[float] = field(default_factory=list)
    latest: int = -1  # the kitchen stream's number once every order is placed
    stop: asyncio.Event = field(default_factory=asyncio.Event)


def loopback_only(targets: list[str]) -> None:
    for target in targets:
        host = target.rsplit(":", 1)[0].strip("[]")
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            raise CommandError(f"{target} is not a loopback address: this load test only targets this machine.")


class Command(BaseCommand):
    help = "Bounded load test against running Daphne processes (loopback only)."

    def add_arguments(self, parser):
        parser.add_argument("--targets", default="127.0.0.1:8001,127.0.0.1:8002")
        parser.add_argument("--orders", type=int, default=1000)
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--sockets", type=int, default=50)
        parser.add_argument("--cook", default="cook:cook-demo", help="username:password of a Kitchen account")
        parser.add_argument("--timeout", type=float, default=300, help="give up after this many seconds")
        parser.add_argument("--kill-pid", type=int, help="fault injection: kill this server process …")
        parser.add_argument("--kill-after", type=int, default=0, help="… after this many orders")

    def handle(self, *args, **options):
        targets = [t.strip() for t in options["targets"].split(",") if t.strip()]
        loopback_only(targets)
        started = time.perf_counter()
        run, screens = asyncio.run(asyncio.wait_for(self.load(targets, options), options["timeout"]))
        elapsed = time.perf_counter() - started
        ok = self.report(run, screens, options["orders"], elapsed)
        if not ok:
            raise CommandError("The load test found problems (see above).")

    # --- the load ----------------------------------------------------------------------------
    async def load(self, targets, options) -> tuple[Run, list[Screen]]:
        run = Run(targets=targets)
        username, password = options["cook"].split(":", 1)
        cookie = await self.sign_in(targets[0], username, password)
        async with httpx.AsyncClient(base_url=f"http://{targets[0]}", timeout=30) as client:
            menu = {item["id"]: item for item in (await client.get("/api/menu")).json()}

        screens = [Screen() for _ in range(options["sockets"])]
        listeners = [asyncio.create_task(self.listen(run, screen, i, cookie)) for i, screen in enumerate(screens)]
        await asyncio.sleep(0.5)  # let the screens connect before the first order
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(options["orders"]):
            queue.put_nowait(index)
        clients = [asyncio.create_task(self.client(run, queue, menu, n, options)) for n in range(options["clients"])]
        await asyncio.gather(*clients)

        # Every screen should now stand at the stream's latest number; give the last frames a moment.
        run.latest = (await self.resync_any(run.targets, 0, cookie)).last
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(s.last < run.latest for s in screens):
            await asyncio.sleep(0.1)
        run.stop.set()
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        for index, screen in enumerate(screens):
            screen.followed_live = screen.gap_free() and screen.reconnects == 0
            if not screen.gap_free() or screen.last < run.latest:  # what the page does: resync
                screen.reconnects += 1
                again = await self.resync_any(run.targets, index, cookie)
                screen.seen |= again.seen
                screen.last = max(screen.last, again.last)
        return run, screens

    async def sign_in(self, target: str, username: str, password: str) -> str:
        async with httpx.AsyncClient(base_url=f"http://{target}", timeout=30) as client:
            await client.get("/accounts/login/")
            response = await client.post("/accounts/login/", data={
                "username": username, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"],
            }, headers={"Referer": f"http://{target}/accounts/login/"})
            if response.status_code != 302 or "sessionid" not in client.cookies:
                raise CommandError(f"Could not sign in as {username} on {target}.")
            return f"sessionid={client.cookies['sessionid']}"

    async def listen(self, run: Run, screen: Screen, index: int, cookie: str) -> None:
        attempt = 0
        while not run.stop.is_set():
            target = run.targets[(index + attempt) % len(run.targets)]
            try:
                async with websockets.connect(f"ws://{target}/ws/kitchen/", origin=f"http://{target}",
                                              additional_headers={"Cookie": cookie}, max_size=None,
                                              open_timeout=10) as socket:
                    async for frame in socket:
                        screen.take(frame)
            except (OSError, websockets.ConnectionClosed, TimeoutError):
                pass
            if run.stop.is_set():
                return
            attempt += 1  # the process went away: reconnect to the next one and resync
            screen.reconnects += 1
            await asyncio.sleep(0.2)

    async def resync_any(self, targets: list[str], first: int, cookie: str) -> Screen:
        """Resync from the first target that answers, starting at ``first`` (one may be dead)."""
        for attempt in range(len(targets)):
            try:
                return await self.resync(targets[(first + attempt) % len(targets)], cookie)
            except (OSError, websockets.ConnectionClosed, websockets.InvalidStatus, TimeoutError):
                continue
        raise CommandError("No server answered a resync.")

    async def resync(self, target: str, cookie: str) -> Screen:
        """A fresh screen's first (resync) frame: the board now, and the number it stands at."""
        async with websockets.connect(f"ws://{target}/ws/kitchen/", origin=f"http://{target}",
                                      additional_headers={"Cookie": cookie}, max_size=None) as socket:
            screen = Screen()
            while screen.first is None:  # skip a heartbeat that may come first
                screen.take(await asyncio.wait_for(socket.recv(), 30))
            return screen

    async def client(self, run: Run, queue: asyncio.Queue, menu: dict, number: int, options) -> None:
        # One cookie jar for every target (cookies ignore the port; sessions live in the shared
        # database): an Idempotency-Key is scoped to its session, so a retry on another process
        # must come from the same session to get the first answer back.
        async with httpx.AsyncClient(timeout=30) as client:
            await self.open_session(client, run.targets[number % len(run.targets)])
            while not queue.empty():
                index = queue.get_nowait()
                body = order_body(run.run_id, index)
                key = f"load-{run.run_id}-{index}"
                for attempt in range(len(run.targets) * 3):
                    target = run.targets[(number + attempt) % len(run.targets)]
                    started = time.perf_counter()
                    try:
                        response = await client.post(f"http://{target}/api/orders", json=body,
                                                     headers={"Idempotency-Key": key})
                    except httpx.TransportError:
                        run.retries += 1  # that process is gone: same key, same session, next process
                        await asyncio.sleep(0.1)
                        continue
                    if response.status_code in (200, 201):
                        run.latencies.append(time.perf_counter() - started)
                        data = response.json()
                        run.placed[index] = (data["order_id"], expected_total(body, menu))
                        run.numbers.add(data["order_number"])
                        self.maybe_kill(run, options)
                    elif response.status_code == 429:
                        run.failures.append(f"order {index}: 429 rate-limited: start the servers with "
                                            f"PIZZERIA_ORDER_RATE_LIMIT=off for a load test")
                    else:
                        run.failures.append(f"order {index}: {response.status_code} {response.text[:200]}")
                    break
                else:
                    run.failures.append(f"order {index}: no server answered")

    @staticmethod
    async def open_session(client: httpx.AsyncClient, target: str) -> None:
        """Start a session the way a browser does (menu page, then add to the cart with its CSRF token)."""
        await client.get(f"http://{target}/")
        token = client.cookies.get("csrftoken", "")
        response = await client.post(f"http://{target}/cart/add/", data={"item": "margherita", "size": "medium",
                                     "quantity": "1"}, headers={"X-CSRFToken": token, "Referer": f"http://{target}/"})
        if "sessionid" not in client.cookies:
            raise CommandError(f"Could not start a session on {target} ({response.status_code}).")

    @staticmethod
    def maybe_kill(run: Run, options) -> None:
        pid = options.get("kill_pid")
        if pid and len(run.placed) == options["kill_after"]:
            os.kill(pid, signal.SIGKILL)

    # --- the verdict -------------------------------------------------------------------------
    def report(self, run: Run, screens: list[Screen], wanted: int, elapsed: float) -> bool:
        stored = {o.public_id: o.total_amount
                  for o in Order.objects.filter(customer_name__startswith=f"Load {run.run_id} ")}
        wrong_totals = [i for i, (order_id, total) in run.placed.items() if stored.get(order_id) != total]
        complete_live = sum(1 for s in screens if s.followed_live)
        complete = sum(1 for s in screens if s.last >= run.latest >= 0)
        latencies = sorted(run.latencies) or [0.0]
        lines = [
            f"load_test run {run.run_id}: {wanted} orders, {len(screens)} kitchen sockets, targets {', '.join(run.targets)}",
            f"  orders acknowledged      {len(run.placed)} / {wanted}   failures {len(run.failures)}   retries on another process {run.retries}",
            f"  orders in the database   {len(stored)}   wrong totals {len(wrong_totals)}",
            f"  throughput               {len(run.placed) / elapsed:.1f} orders/s over {elapsed:.1f} s",
            f"  place-order latency      p50 {statistics.median(latencies) * 1000:.0f} ms   "
            f"p95 {latencies[int(0.95 * (len(latencies) - 1))] * 1000:.0f} ms",
            f"  screens that followed live (no gap) {complete_live} / {len(screens)}, at the latest state "
            f"(#{run.latest}) after resync {complete} / {len(screens)}   reconnects {sum(s.reconnects for s in screens)}",
            f"  order cards seen by every screen {len(set.intersection(*(s.seen for s in screens)) & run.numbers) if screens else 0}"
            f" / {len(run.numbers)} (the board shows a screenful per column, so not every card reaches a screen)",
        ]
        for line in lines:
            self.stdout.write(line)
        for failure in run.failures[:10]:
            self.stdout.write(f"  ! {failure}")
        return (len(run.placed) == wanted == len(stored) and not wrong_totals and not run.failures
                and complete == len(screens))
