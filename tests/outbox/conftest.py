"""The outbox tests use the real database queue and run its worker, in this process or another."""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from notifications.senders import SmsSender
from pizzeria.application.outbox import handler_path, run_queued_handler
from tests.notifications.sms import SwitchableSmsSender


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def sms(mediator) -> SwitchableSmsSender:
    sender = SwitchableSmsSender()
    mediator.container.register_instance(SmsSender, sender)
    return sender


def run_worker() -> None:
    """What ``manage.py worker --batch`` does: run every task that is due, then stop."""
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id=f"test-{uuid.uuid4().hex[:8]}", excluded_queue_names=[]).run()


def handler_tasks(handler_class=None):
    """Task rows of queued handlers (of one handler class when given), oldest first."""
    rows = DBTaskResult.objects.filter(task_path=run_queued_handler.module_path).order_by("enqueued_at")
    if handler_class is not None:
        rows = rows.filter(args_kwargs__kwargs__handler=handler_path(handler_class))
    return rows


def subprocess_env() -> dict[str, str]:
    """Environment for a worker process on this test database, with the real queue."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "pizzeria.settings_test",
            "PIZZERIA_TEST_TASKS": "database"}
