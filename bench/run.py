"""`make bench`: the performance figures in one table, measured as users run the app.

    python -m bench.run [--orders 200 --sockets 200 --repeats 3] [--only embedded|scaled]

For each configuration, each on a scratch database of its own (a SQLite file in /tmp; on
PostgreSQL a database created for the run and dropped after it):

* **embedded**: SQLite + in-memory channel layer, one Daphne process;
* **scaled**: PostgreSQL + Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL), two Daphne processes,
  sockets spread over both, orders through the first; skipped, with a message, if unreachable.

Each repeat starts fresh Daphne processes (``python -m daphne``, as `make run` does) and drives
them from a separate client process (``bench.client``: httpx + websockets):

1. server CPU per API order with no socket open (CPU from /proc/<pid>/stat), then POST latency
   with no socket open, placing and cancelling orders in the same rhythm as step 2;
2. kitchen sockets open: RSS of each server; then orders one at a time, each timed from its POST
   leaving the client to the frame carrying its number reaching each socket, then cancelled
   (the board stays empty, so every order is a new ticket on every screen); each order waits
   until the servers and the worker are idle, in this step and in step 1's POST timing alike;
3. the floor: a bare ``websockets`` broadcast server (``bench.floor``) in its own process, the
   same sockets, frames of the app's median frame size, timed the same way;
4. 1,000 active orders (max-size texts): sockets reconnect (resync frames), the board page is
   fetched, and each server's RSS is read.

In-process, once per configuration: the board page at 50 and 1,000 active orders, and the
mediator against a direct handler call. Prints one table and writes bench-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.procstat import cpu_seconds, rss_bytes
from bench.stats import percentile
from scripts.run_scaled import ROOT, start_daphnes, stop, wait_for_port, worker_command

PYTHON = sys.executable
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
WARMUP = 5
LOG = Path("/tmp") / f"pizzeria-bench-{os.getpid()}.log"


class ClientDriver:
    """The separate client process, spoken to one JSON line at a time."""

    # The client's allocator, held steady: asyncio reads each socket with a 256 KiB buffer, and
    # glibc serves that from mmap (then mremap, munmap: ~20 µs per read) until something frees a
    # large block and raises its dynamic threshold. Which phase of a run that happened in decided
    # whether a read cost 5 µs or 25 (strace: 6,698 mmap calls while timing 24 orders, none while
    # timing the floor), so the same 200 frames cost the client twice the CPU against the app as
    # against the floor. A fixed threshold above the buffer keeps every read on the heap, and a high
    # trim threshold keeps the heap from shrinking after each read (brk: the same cost again).
    ALLOCATOR = {"MALLOC_MMAP_THRESHOLD_": str(1 << 20), "MALLOC_TRIM_THRESHOLD_": str(16 << 20)}

    def __init__(self):
        self.process = subprocess.Popen([PYTHON, "-m", "bench.client"], cwd=ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, bufsize=1,
                                        env={**os.environ, **self.ALLOCATOR})

    def __call__(self, cmd: str, **arguments) -> dict:
        self.process.stdin.write(json.dumps({"cmd": cmd, **arguments}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline() or '{"ok": false, "error": "client died"}')
        if not answer.pop("ok"):
            raise RuntimeError(f"client {cmd}: {answer['error']}")
        return answer

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write('{"cmd": "quit"}\n')
            self.process.stdin.flush()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- scratch databases -----------------------------------------------------------------------
class SqliteScratch:
    label = "embedded: SQLite + in-memory layer, 1 Daphne"
    processes = 1

    def __init__(self, _args):
        self.path = Path("/tmp") / f"pizzeria-bench-{os.getpid()}-{secrets.token_hex(3)}.sqlite3"
        self.url, self.name, self.redis = f"sqlite:///{self.path}", str(self.path), ""

    def available(self) -> str | None:
        return None

    def create(self) -> None:
        pass

    def drop(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class PostgresScratch:
    label = "scaled: PostgreSQL + Redis, 2 Daphne"
    processes = 2

    def __init__(self, args):
        self.admin_url, self.redis = args.pg_url, args.redis_url
        self.name = f"pizzeria_bench_{os.getpid()}_{secrets.token_hex(3)}"
        parts = urlsplit(self.admin_url)
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))

    def available(self) -> str | None:
        try:
            import psycopg
            import redis

            psycopg.connect(self.admin_url, connect_timeout=3).close()
            redis.Redis.from_url(self.redis, socket_timeout=3).ping()
        except Exception as problem:
            return f"{type(problem).__name__}: {problem}"
        return None

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- one configuration -----------------------------------------------------------------------
def server_env(scratch) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "pizzeria.settings", "DATABASE_URL": scratch.url,
        "BENCH_SCRATCH_DATABASE": scratch.name, "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0", "PIZZERIA_HTTPS": "0", "PIZZERIA_ALWAYS_OPEN": "1",
        "PIZZERIA_KITCHEN_CAPACITY": "1000000", "PIZZERIA_ORDER_RATE_LIMIT": "off",  # a load, not an abuser
        "LOG_LEVEL": "WARNING",  # console logging is not what is measured
    })
    if scratch.redis:
        env["REDIS_URL"] = scratch.redis
    return env


def manage(env: dict[str, str], *arguments: str) -> str:
    # --skip-checks: the servers run the system checks; here they would only cost start-up time.
    done = subprocess.run([PYTHON, "manage.py", *arguments, "--skip-checks"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def total_cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


# How often the bench's worker looks for tasks. Orders wait until the servers and the worker are
# idle, meant as "the previous order's side effects are done"; with the default (1 s) the worker
# was idle while asleep with tasks queued, and ran them in the middle of a later order (most of the
# orders behind the pooled p99: a 50-100 ms POST waiting for SQLite's write lock or a core).
WORKER_INTERVAL = "0.05"


def start_worker(env: dict) -> subprocess.Popen | None:
    """The task worker, as `make run` starts one (side effects run there, not in the request),
    looking for tasks every WORKER_INTERVAL seconds."""
    if worker_command(env) is None:
        return None
    with open(LOG, "a") as log:
        return subprocess.Popen([PYTHON, "manage.py", worker_command(env), "--interval", WORKER_INTERVAL],
                                cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_until_quiet(pids: list[int], timeout: float = 60) -> None:
    """Wait until these processes use (almost) no CPU for half a second: the worker has drained the
    tasks the previous step queued, so each measured step starts on a quiet server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = total_cpu(pids)
        time.sleep(0.5)
        if total_cpu(pids) - before <= 0.03:
            return


def one_repeat(client: ClientDriver, env: dict, cookie: str, processes: int, args, port: int) -> dict:
    with open(LOG, "a") as log:
        daphnes = start_daphnes(processes, port, env, log=log)
    worker = start_worker(env)
    pids = [daphne.pid for daphne in daphnes]
    everyone = pids + ([worker.pid] if worker else [])
    targets = [f"127.0.0.1:{port + i}" for i in range(processes)]
    figures: dict = {}
    try:
        # 1. no sockets: POST latency and CPU per order
        client("post_idle", target=targets[0], orders=WARMUP, start=0)
        time.sleep(2)  # the worker has started and drained the warm-up's tasks
        before, worker_before = total_cpu(pids), cpu_seconds(worker.pid) if worker else 0.0
        idle = client("post_idle", target=targets[0], orders=args.orders, start=WARMUP)
        time.sleep(1)  # work left after the responses (after-commit handlers, queued tasks) is counted too
        figures["cpu_ms_per_order_idle"] = (total_cpu(pids) - before) / args.orders * 1000
        figures["worker_cpu_ms_per_order"] = ((cpu_seconds(worker.pid) - worker_before) / args.orders * 1000
                                              if worker else None)
        client("cancel", target=targets[0], orders=idle["orders"])
        wait_until_quiet(everyone)
        # POST latency with no socket open, in the same rhythm as with sockets (place, cancel, next),
        # so the two differ only by the sockets.
        figures["post_idle"] = client("latency", target=targets[0], orders=args.orders, warmup=WARMUP,
                                      start=5 * args.orders, quiet_pids=everyone)["post_latencies"]

        figures["get_order"] = client("get_order", target=targets[0], order=idle["orders"][0],
                                      requests=args.orders, warmup=WARMUP)["latencies"]

        # 2. sockets open: memory, then commit -> frame per order
        wait_until_quiet(everyone)
        client("connect", targets=targets, sockets=args.sockets, cookie=cookie)
        time.sleep(0.5)
        figures["rss_sockets"] = [rss_bytes(pid) for pid in pids]
        before = total_cpu(pids)
        live = client("latency", target=targets[0], orders=args.orders, warmup=WARMUP, start=10 * args.orders,
                      quiet_pids=everyone)
        figures["cpu_ms_per_order_and_cancel_sockets"] = (total_cpu(pids) - before) / (args.orders + WARMUP) * 1000
        figures.update(per_order=live["per_order"], post_sockets=live["post_latencies"],
                       missing=live["missing"], frame_bytes=live["frame_bytes"])
        client("disconnect")

        # 3. the floor, same client, same sockets, frames of the same size
        floor_port = port + processes
        floor = subprocess.Popen([PYTHON, "-m", "bench.floor", str(floor_port)], cwd=ROOT, stdout=subprocess.DEVNULL)
        try:
            wait_for_port(floor_port)
            figures["floor_per_frame"] = client("floor", port=floor_port, sockets=args.sockets, frames=args.orders,
                                                size=int(live["frame_bytes"]), warmup=WARMUP)["per_frame"]
        finally:
            stop([floor])

        # 4. 1,000 active orders: resync frames, the page, memory
        manage(env, "bench_fill", str(args.active))
        resync = client("connect", targets=targets, sockets=args.sockets, cookie=cookie)
        figures["resync_bytes_max"] = max(resync["first_frame_bytes"])
        pages = [client("page", target=target, cookie=cookie) for target in targets]
        figures["page_active"] = pages[0]
        figures["rss_active"] = [rss_bytes(pid) for pid in pids]
        client("disconnect")
        manage(env, "bench_fill", "0")
    finally:
        stop(daphnes + ([worker] if worker else []))
    return figures


def run_configuration(scratch, args, client: ClientDriver) -> dict:
    scratch.create()
    try:
        env = server_env(scratch)
        manage(env, "migrate", "--noinput")
        cookie = last_json(manage(env, "bench_prepare"))["cookie"]
        inprocess = last_json(manage(env, "bench_inprocess", "--overhead-orders", str(args.overhead_orders)))
        repeats = []
        for number in range(1, args.repeats + 1):
            print(f"  {scratch.label}: repeat {number}/{args.repeats} …", file=sys.stderr, flush=True)
            repeats.append(one_repeat(client, env, cookie, scratch.processes, args, args.base_port))
        return {"label": scratch.label, "inprocess": inprocess, "repeats": repeats}
    finally:
        scratch.drop()


# --- the table -------------------------------------------------------------------------------
def derive(repeat: dict) -> dict:
    """The reported figures of one repeat (ms unless named otherwise)."""
    pooled = [latency for order in repeat["per_order"] for latency in order]
    floor = [latency for frame in repeat["floor_per_frame"] for latency in frame]
    typical = statistics.median(percentile(order, 99) for order in repeat["per_order"] if order)
    typical_floor = statistics.median(percentile(frame, 99) for frame in repeat["floor_per_frame"] if frame)
    # The same frames timed from the POST's response instead of its request: the live path alone.
    after_response = [latency - post for order, post in zip(repeat["per_order"], repeat["post_sockets"])
                      for latency in order]
    p = {"p50": percentile(pooled, 50) * 1000, "p99": percentile(pooled, 99) * 1000,
         "after_response_p50": percentile(after_response, 50) * 1000,
         "typical_p99": typical * 1000, "floor_p50": percentile(floor, 50) * 1000,
         "floor_p99": percentile(floor, 99) * 1000, "floor_typical_p99": typical_floor * 1000}
    p.update(
        p50_ratio=p["p50"] / p["floor_p50"], p99_ratio=p["p99"] / p["floor_p99"],
        typical_p99_ratio=p["typical_p99"] / p["floor_p99"],
        frames=len(pooled), missing=repeat["missing"], frame_bytes=repeat["frame_bytes"],
        post_idle=statistics.median(repeat["post_idle"]) * 1000,
        post_sockets=statistics.median(repeat["post_sockets"]) * 1000,
        cpu_idle=repeat["cpu_ms_per_order_idle"], worker_cpu=repeat["worker_cpu_ms_per_order"], cpu_sockets=repeat["cpu_ms_per_order_and_cancel_sockets"],
        rss_sockets=[b / 2**20 for b in repeat["rss_sockets"]], rss_active=[b / 2**20 for b in repeat["rss_active"]],
        resync_kb=repeat["resync_bytes_max"] / 1024, page_kb=repeat["page_active"]["bytes"] / 1024,
        page_ms=repeat["page_active"]["seconds"] * 1000,
    )
    p["post_ratio"] = p["post_sockets"] / p["post_idle"]
    # What the p50 target leaves room for: the cheapest request, and the order's POST alone.
    p["get_order"] = statistics.median(repeat["get_order"]) * 1000
    p["get_order_ratio"] = p["get_order"] / p["floor_p50"]
    p["post_ratio_floor"] = p["post_sockets"] / p["floor_p50"]
    p["after_response_ratio"] = p["after_response_p50"] / p["floor_p50"]
    return p


ROWS = [  # label, key, format, target (from issue 11)
    ("POST->frame p50, pooled (ms)", "p50", "{:.1f}", ""),
    ("POST->frame p99, pooled (ms)", "p99", "{:.1f}", ""),
    ("typical order's p99 (ms)", "typical_p99", "{:.1f}", ""),
    ("POST response->frame p50 (ms)", "after_response_p50", "{:.1f}", ""),
    ("floor broadcast p50 / p99 (ms)", ("floor_p50", "floor_p99"), "{:.1f} / {:.1f}", ""),
    ("p50 / floor p50", "p50_ratio", "x{:.1f}", "<= x3"),
    ("  of which: POST p50 / floor p50", "post_ratio_floor", "x{:.1f}", ""),
    ("  then: response->frame p50 / floor p50", "after_response_ratio", "x{:.1f}", ""),
    ("GET one order p50 (ms)", "get_order", "{:.1f}", ""),
    ("GET one order p50 / floor p50", "get_order_ratio", "x{:.1f}", ""),
    ("p99 pooled / floor p99", "p99_ratio", "x{:.1f}", "<= x4"),
    ("typical p99 / floor p99", "typical_p99_ratio", "x{:.1f}", "<= x4"),
    ("frames timed / missing", ("frames", "missing"), "{} / {}", "0 missing"),
    ("order frame size (bytes)", "frame_bytes", "{:.0f}", ""),
    ("POST p50, 0 sockets (ms)", "post_idle", "{:.1f}", ""),
    ("POST p50, with sockets (ms)", "post_sockets", "{:.1f}", ""),
    ("POST with / without sockets", "post_ratio", "x{:.2f}", "<= x1.5"),
    ("server CPU per API order (ms)", "cpu_idle", "{:.1f}", "<= 10"),
    ("task worker CPU per API order (ms)", "worker_cpu", "{:.1f}", ""),
    ("server CPU, order + cancel, sockets open", "cpu_sockets", "{:.1f}", ""),
    ("RSS per process, sockets open (MB)", "rss_sockets", "list", ""),
    ("RSS per process, 1,000 active (MB)", "rss_active", "list", ""),
    ("resync frame, 1,000 active (KB)", "resync_kb", "{:.1f}", "< 64"),
    ("board page over HTTP, 1,000 active", ("page_kb", "page_ms"), "{:.1f} KB {:.0f} ms", "< 64 KB"),
]


def cell(figures: dict, key, fmt: str) -> str:
    if not isinstance(key, tuple) and figures[key] is None:
        return "n/a"
    if fmt == "list":
        return "/".join(f"{value:.0f}" for value in figures[key])
    if isinstance(key, tuple):
        return fmt.format(*(figures[k] for k in key))
    return fmt.format(figures[key])


def table(results: list[dict], args) -> str:
    columns, derived = [], []
    for config in results:
        short = "embedded" if config["label"].startswith("embedded") else "PG+Redis"
        for number, repeat in enumerate(config["repeats"], 1):
            columns.append(f"{short} #{number}")
            derived.append((config, derive(repeat)))
    rows = [[label] + [cell(figures, key, fmt) for _, figures in derived] + [target]
            for label, key, fmt, target in ROWS]
    for active in (0, 1):  # in-process figures: one per configuration, shown under its first repeat
        rows.append([f"board page, {results[0]['inprocess']['board'][active]['active']} active (in-process)"]
                    + [("{bytes_kb:.1f} KB {queries} q {ms:.0f} ms".format(
                        bytes_kb=config["inprocess"]["board"][active]["bytes"] / 1024,
                        queries=config["inprocess"]["board"][active]["queries"],
                        ms=config["inprocess"]["board"][active]["ms"]) if repeat_index == 0 else "")
                       for config in results for repeat_index in range(len(config["repeats"]))]
                    + ["< 64 KB, < 50 ms"])
    rows.append(["mediator / direct handler"]
                + [("x{ratio:.3f} ({mediator_ms:.2f}/{direct_ms:.2f} ms)".format(**config["inprocess"]["mediator"])
                    if repeat_index == 0 else "")
                   for config in results for repeat_index in range(len(config["repeats"]))] + ["<= x1.05"])
    rows.append(["mediator / handler + its timeline rows"]
                + [("x{ratio_same_writes:.3f} ({mediator_ms:.2f}/{direct_and_timeline_ms:.2f} ms)".format(
                    **config["inprocess"]["mediator"]) if repeat_index == 0 else "")
                   for config in results for repeat_index in range(len(config["repeats"]))] + [""])
    header = ["figure"] + columns + ["target"]
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    line = lambda row: "  ".join(str(value).ljust(width) for value, width in zip(row, widths))  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(row) for row in rows])


NOTE = """\
What these figures cannot show: they come from one shared 2-core machine on which the servers, the
client process and the floor compete for the same cores (and other work may run beside them), so
absolute times drift between runs and machines; the ratios to the floor, measured in the same repeat
with the same client, sockets and frame size, are the figures to compare. Latency runs from just
before the order's POST leaves the client to the frame carrying that order's number reaching each
socket (heartbeat frames are ignored), so it includes the request, the commit and the fan-out; the
floor's runs from the publish message leaving the client. Orders go one at a time and each is
cancelled after its frames arrived, so the board stays small and every order is a new ticket on every
screen: this measures latency, not throughput. CPU is user+system time of the server processes from
/proc at 10 ms resolution, summed over them; the task worker's is its own row. Nothing here
says what two processes on two cores would give on a larger machine."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--sockets", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--active", type=int, default=1000, help="active orders for the memory and resync figures")
    parser.add_argument("--overhead-orders", type=int, default=200)
    parser.add_argument("--only", choices=("embedded", "scaled"))
    parser.add_argument("--base-port", type=int, default=8701)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--json", default="bench-results.json")
    args = parser.parse_args(argv)

    configurations = []
    if args.only != "scaled":
        configurations.append(SqliteScratch(args))
    if args.only != "embedded":
        scaled = PostgresScratch(args)
        problem = scaled.available()
        if problem:
            print(f"Skipping PostgreSQL + Redis: not reachable at {args.pg_url} / {args.redis_url} ({problem})",
                  file=sys.stderr)
        else:
            configurations.append(scaled)

    client = ClientDriver()
    results = []
    started = time.monotonic()
    try:
        for scratch in configurations:
            results.append(run_configuration(scratch, args, client))
    finally:
        client.close()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"\nbench: {args.orders} orders x {args.sockets} sockets x {args.repeats} repeats, "
          f"commit {commit or '?'}, {os.cpu_count()} cores, {time.monotonic() - started:.0f} s "
          f"(server logs: {LOG})\n")
    print(table(results, args))
    print("\n" + NOTE)
    summary = [{"label": config["label"], "inprocess": config["inprocess"],
                "repeats": [derive(repeat) for repeat in config["repeats"]]} for config in results]
    Path(args.json).write_text(json.dumps({"commit": commit, "arguments": vars(args), "configurations": summary,
                                           "raw": results}, indent=1))
    print(f"\n(wrote {args.json})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
