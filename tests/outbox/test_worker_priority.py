"""The task worker yields the CPU to requests and live screens: it runs niced (PIZZERIA_WORKER_NICE)."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import call_command

from pizzeria.application.management.commands import worker as worker_command

from tests.outbox.conftest import subprocess_env

pytestmark = pytest.mark.django_db(transaction=True)


def niceness(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])  # field 19: nice


def test_the_worker_runs_at_a_lower_cpu_priority_than_the_web_processes():
    mine = niceness(os.getpid())
    worker = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "worker", "--no-reload",
                               "--no-startup-delay", "--interval", "0.2"],
                              env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        # Started at our priority; the command lowers its own once Django is set up.
        while niceness(worker.pid) != min(mine + 10, 19):
            assert worker.poll() is None, "the worker exited"
            assert time.monotonic() < deadline, f"the worker's nice stayed {niceness(worker.pid)}"
            time.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.parametrize("option, lowered_by", [((), [10]), (("--nice", "3"), [3]), (("--nice", "0"), [])])
def test_the_priority_is_a_setting_and_an_option(monkeypatch, option, lowered_by):
    calls = []
    monkeypatch.setattr(worker_command.os, "nice", calls.append)
    call_command("worker", "--batch", "--no-startup-delay", *option)
    assert calls == lowered_by
