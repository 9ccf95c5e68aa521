"""`make run`'s supervisor: Daphne and the worker start together, a dead worker is started again,
and SIGTERM stops both."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from django.conf import settings

from notifications.models import Notification, NotificationStatus
from tests.factories import place_order_command
from tests.outbox.conftest import subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)

SAFETY_NET_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str):
    deadline = time.monotonic() + SAFETY_NET_SECONDS
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.05)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def started_pid(lines: list[str], name: str, after: int = 0) -> int | None:
    for line in lines[after:]:
        if line.startswith(f"[run_demo] {name} started (pid "):
            return int(line.split("(pid ")[1].split(")")[0])
    return None


def test_the_demo_runs_the_site_and_a_worker_restarts_the_worker_and_stops_both(mediator, menu):
    port = free_port()
    demo = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "scripts" / "run_demo.py"), "--port", str(port)],
                            env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(demo.stdout), daemon=True).start()
    try:
        daphne = wait_until(lambda: started_pid(lines, "daphne"), "daphne to start")
        first_worker = wait_until(lambda: started_pid(lines, "worker"), "the worker to start")
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/"), "the site to answer")

        # The worker runs what a command queued (this process commits; the demo's worker sends).
        order_id = mediator.execute(place_order_command(customer_email="ann@example.com")).data.order_id
        wait_until(lambda: Notification.objects.filter(order__public_id=order_id, status=NotificationStatus.SENT).exists(),
                   "the confirmation email to be sent by the demo's worker")

        os.kill(first_worker, signal.SIGKILL)
        seen = len(lines)
        second_worker = wait_until(lambda: started_pid(lines, "worker", after=seen), "the worker to be restarted")
        assert second_worker != first_worker and alive(daphne)

        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=SAFETY_NET_SECONDS) == 0
        assert not alive(daphne) and not alive(second_worker)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
