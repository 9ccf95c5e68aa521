"""The supervisor of `make run-scaled`: a Daphne process that dies is restarted while the others
keep serving, and its port answers again within 5 s (it never refuses a connection meanwhile)."""

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest
from django.conf import settings

from orders.demo_data import load_demo_data
from scripts.run_scaled import ROOT, worker_command
from tests.scaleout import conftest

pytestmark = pytest.mark.django_db(transaction=True)

STARTED = re.compile(r"started daphne :(\d+) pid (\d+)")
RESTARTED = re.compile(r"daphne :(\d+) exited")
SPARE_READY = re.compile(r"spare ready")


class SupervisorProcess:
    """scripts/run_scaled.py as a child, its output read line by line in a thread."""

    def __init__(self, base_port: int):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pizzeria.settings_test", "DATABASE_URL": conftest.test_database_url(),
               "REDIS_URL": settings.REDIS_URL, "PIZZERIA_ALWAYS_OPEN": "1", "LOG_LEVEL": "WARNING"}
        self.process = subprocess.Popen(
            [sys.executable, "scripts/run_scaled.py", "--processes", "2", "--base-port", str(base_port),
             "--workers", "1", "--skip-setup"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.output.append(line)
            if match := pattern.search(line):
                return match
        raise AssertionError(f"no {pattern.pattern!r} within {timeout} s; output so far:\n{''.join(self.output)}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def answers(port: int, timeout: float = 2) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/", timeout=timeout).status_code == 200
    except httpx.TransportError:
        return False


class Poller(threading.Thread):
    """Asks one port again and again, counting answers and failures, until told to stop."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.answered, self.failed = port, 0, 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            if answers(self.port):
                self.answered += 1
            else:
                self.failed += 1
            time.sleep(0.02)


def test_a_killed_daphne_is_restarted_within_5_s_while_the_other_keeps_serving():
    load_demo_data()
    base = conftest.free_port_pair()
    supervisor = SupervisorProcess(base)
    try:
        pids = {}
        for _ in range(2):
            port, pid = supervisor.wait_for(STARTED).groups()
            pids[int(port)] = int(pid)
        survivor, victim = base, base + 1
        deadline = time.monotonic() + 60
        while not (answers(survivor) and answers(victim)):
            assert time.monotonic() < deadline, "the processes never answered"
            time.sleep(0.1)

        if worker_command(dict(os.environ)):
            supervisor.wait_for(re.compile(r"started worker 1 pid \d+"), timeout=1)  # the task worker runs too
        supervisor.wait_for(SPARE_READY)  # as in a real run, where a crash comes long after start-up
        poller = Poller(survivor)
        poller.start()
        time.sleep(0.2)
        os.kill(pids[victim], signal.SIGKILL)
        killed_at = time.monotonic()
        # Asked right after the kill: the connection is accepted (the supervisor holds the
        # socket) and answered by the replacement; nothing is refused.
        response = httpx.get(f"http://127.0.0.1:{victim}/", timeout=10)
        restart = time.monotonic() - killed_at
        time.sleep(0.2)
        poller.done.set()
        poller.join()
        print(f"\nsupervisor: killed port {victim} answered again after {restart:.2f} s; the other "
              f"process answered {poller.answered} requests meanwhile ({poller.failed} failed)")

        assert response.status_code == 200
        assert restart < 5, f"the killed process was not back within 5 s ({restart:.2f} s)"
        assert poller.answered > 0 and poller.failed == 0  # the other process kept serving throughout
        assert int(supervisor.wait_for(RESTARTED, timeout=5).group(1)) == victim
        port, new_pid = supervisor.wait_for(STARTED, timeout=5).groups()
        assert int(port) == victim and int(new_pid) != pids[victim]
        assert answers(survivor) and answers(victim)
    finally:
        supervisor.stop()
    assert supervisor.process.returncode == 0  # SIGTERM stops every child cleanly
