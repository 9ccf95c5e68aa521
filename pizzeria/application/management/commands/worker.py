"""``manage.py worker``: django-tasks-db's ``db_worker`` that also keeps the queue's tables in order.

* A worker killed mid-task leaves its task RUNNING for ever; django-tasks-db never looks at it
  again. This worker requeues such tasks (RUNNING for longer than ``--stale-after`` seconds) when
  it starts and then every minute while it runs. Queued handlers are idempotent per event, so
  running one again is safe.
* Finished tasks and once-per-event records would pile up (several rows per order, for ever):
  it prunes them when it starts and every few hours (``outbox.prune_finished``), so no cron job
  is needed. Expired sessions go at the same time (Django's ``clearsessions``): every API order
  from a client that keeps no cookies starts a session of its own.

Every other option is db_worker's (``--batch``, ``--max-tasks``, ``--interval`` ...).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from pizzeria.application.outbox import DEFAULT_STALE_SECONDS, prune_finished, requeue_stale_tasks

CHECK_EVERY_SECONDS = 60
PRUNE_EVERY_SECONDS = 6 * 3600

logger = logging.getLogger("pizzeria.outbox")


def prune() -> None:
    """The rows nothing needs any more: finished tasks, once-per-event records, expired sessions."""
    prune_finished()
    call_command("clearsessions")


class Command(DbWorkerCommand):
    help = ("Run the task queue's worker (django-tasks-db db_worker), requeueing tasks whose worker died "
            "and pruning finished ones.")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stale-after", type=float,
            default=settings.MEDIATOR.get("STALE_TASK_SECONDS", DEFAULT_STALE_SECONDS),
            help="Requeue tasks left RUNNING this many seconds (default: MEDIATOR['STALE_TASK_SECONDS']).",
        )

    def handle(self, *args, stale_after: float, batch: bool, **options) -> None:
        older_than = timedelta(seconds=stale_after)
        requeued, failed = requeue_stale_tasks(older_than=older_than)
        if requeued or failed:
            self.stdout.write(f"Requeued {requeued} task(s) of workers that died; {failed} failed for good.")
        if not batch:
            threading.Thread(target=self._keep_house, args=(older_than,), daemon=True,
                             name="queue-housekeeping").start()
        super().handle(*args, batch=batch, **options)

    @staticmethod
    def _keep_house(older_than: timedelta) -> None:
        """This worker's chores beside running tasks, in a thread with its own connection."""
        next_prune = time.monotonic()  # at once, then every PRUNE_EVERY_SECONDS
        while True:
            try:
                if time.monotonic() >= next_prune:
                    prune()
                    next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
            except Exception:  # the database is away for a moment: try again next time
                logger.warning("Could not prune the task queue's tables and sessions", exc_info=True)
            finally:
                connection.close()
            time.sleep(CHECK_EVERY_SECONDS)
            try:
                requeue_stale_tasks(older_than=older_than)
            except Exception:
                logger.warning("Could not look for stale tasks", exc_info=True)
            finally:
                connection.close()
