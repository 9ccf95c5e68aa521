"""A worker killed in the middle of a task: the task is not lost, the next worker runs it again.

Real `manage.py worker` processes on this test database; the test waits for states (the task
claimed and started), not for time windows.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pizzeria.application.outbox import requeue_stale_tasks
from tests.outbox.conftest import subprocess_env
from tests.outbox.tasks import stall_on_first_attempt

pytestmark = pytest.mark.django_db(transaction=True)

SAFETY_NET_SECONDS = 60  # only ever reached when something is broken


def manage(*args: str) -> list[str]:
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + SAFETY_NET_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}")
        time.sleep(0.05)


def test_a_task_whose_worker_was_killed_mid_run_is_run_again(tmp_path: Path):
    marker = tmp_path / "attempts.txt"
    result = stall_on_first_attempt.enqueue(marker=str(marker))
    worker = subprocess.Popen(manage("worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"),
                              env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: marker.exists() and "attempt 1" in marker.read_text(), "the first attempt to start")
        os.kill(worker.pid, signal.SIGKILL)  # dies mid-task: no chance to record anything
        worker.wait()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.RUNNING and len(row.worker_ids) == 1

    # A new worker: the task is still within --stale-after, so it could be a live worker's: left alone.
    subprocess.run(manage("worker", "--batch", "--no-reload", "--no-startup-delay", "--stale-after", "3600"),
                   env=subprocess_env(), check=True, capture_output=True)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING

    # Past it: requeued on start and run again to the end.
    started = subprocess.run(manage("worker", "--batch", "--no-reload", "--no-startup-delay", "--stale-after", "0"),
                             env=subprocess_env(), check=True, capture_output=True, text=True)
    assert "Requeued 1 task(s) of workers that died" in started.stdout
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == "done on attempt 2"
    assert len(row.worker_ids) == 2 and len(set(row.worker_ids)) == 2
    assert marker.read_text() == "attempt 1\nattempt 2\n"


def test_a_task_that_keeps_killing_its_worker_fails_for_good(settings):
    settings.MEDIATOR = {**settings.MEDIATOR, "QUEUED_RETRY_DELAYS": (10,)}  # two attempts in all
    result = stall_on_first_attempt.enqueue(marker="/dev/null")
    long_ago = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=long_ago,
                                                     worker_ids=["died-1", "died-2"])

    assert requeue_stale_tasks(older_than=timedelta(minutes=5)) == (0, 1)

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and "stopped 2 times" in row.traceback
