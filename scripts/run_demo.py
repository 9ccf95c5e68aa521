#!/usr/bin/env python
"""`make run`: Daphne and the task worker, as two child processes under one command.

    python scripts/run_demo.py --host 127.0.0.1 --port 8000

Daphne serves the site; `manage.py worker` runs the queued side effects (emails, texts, loyalty).
A worker that dies is started again (after 1 s, doubling up to 30 s while it keeps dying at once);
its unfinished task is requeued by the next worker. Daphne dying ends the demo. Ctrl-C or SIGTERM
stops both: each gets SIGTERM and finishes what it is doing, or is killed after a grace period.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10
MAX_RESTART_DELAY = 30.0
STEADY_SECONDS = 60  # a worker that ran this long counts as healthy again: the next restart is quick


def _own_group_and_die_with_parent() -> None:
    """In the child: its own process group, so a Ctrl-C reaches only the supervisor (which then
    stops each child once, gracefully); and on Linux, SIGTERM if the supervisor itself is killed."""
    os.setpgid(0, 0)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def spawn(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, preexec_fn=_own_group_and_die_with_parent)


def log(message: str) -> None:
    print(f"[run_demo] {message}", flush=True)


def daphne_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "daphne", "-b", host, "-p", str(port), "pizzeria.asgi:application"]


def worker_command() -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), "worker", "--no-reload"]


class Supervisor:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.stopping = False
        self.daphne: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.worker_started_at = 0.0
        self.restart_delay = 1.0

    def start_worker(self) -> None:
        self.worker = spawn(worker_command())
        self.worker_started_at = time.monotonic()
        log(f"worker started (pid {self.worker.pid})")

    def stop(self, signum=None, frame=None) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.daphne = spawn(daphne_command(self.host, self.port))
        log(f"daphne started (pid {self.daphne.pid}) on http://{self.host}:{self.port}/")
        self.start_worker()
        exit_code = 0
        restart_at = None
        while not self.stopping:
            if self.daphne.poll() is not None:
                log(f"daphne exited with {self.daphne.returncode}: stopping")
                exit_code = self.daphne.returncode or 1
                break
            if self.worker is not None and self.worker.poll() is not None:
                ran_for = time.monotonic() - self.worker_started_at
                self.restart_delay = 1.0 if ran_for > STEADY_SECONDS else min(self.restart_delay * 2, MAX_RESTART_DELAY)
                log(f"worker (pid {self.worker.pid}) exited with {self.worker.returncode}; "
                    f"restarting in {self.restart_delay:.0f} s")
                self.worker, restart_at = None, time.monotonic() + self.restart_delay
            if self.worker is None and restart_at is not None and time.monotonic() >= restart_at:
                self.start_worker()
                restart_at = None
            time.sleep(0.2)
        self.shutdown()
        return exit_code

    def shutdown(self) -> None:
        children = [child for child in (self.worker, self.daphne) if child is not None and child.poll() is None]
        for child in children:
            child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"pid {child.pid} did not stop in {GRACE_SECONDS} s: killing it")
                child.kill()
                child.wait()
        log("stopped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    options = parser.parse_args()
    return Supervisor(options.host, options.port).run()


if __name__ == "__main__":
    sys.exit(main())
