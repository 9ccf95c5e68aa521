"""The outbox: queued event handlers become tasks written in the command's own transaction.

A command's events and one task per (queued handler, event) commit or roll back together with
the aggregate. A worker (``manage.py worker``) runs each task: the handler runs in its own
transaction together with a ProcessedEvent row, so a task delivered twice runs the handler once.
A failing task is rescheduled with the delays of ``settings.MEDIATOR["QUEUED_RETRY_DELAYS"]``;
after the last it stays FAILED, with its traceback, in the admin ("Task Results").
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from pizzeria.application.codec import decode_event
from pizzeria.application.models import ProcessedEvent
from pizzeria.application.requests import DomainEvent

logger = logging.getLogger("pizzeria.outbox")

HANDLED, CANCELLED, ALREADY_DONE = "handled", "cancelled", "already processed"

DEFAULT_RETRY_DELAYS = (10, 30, 120, 600, 1800)
DEFAULT_STALE_SECONDS = 300
DEFAULT_KEEP_DAYS, DEFAULT_KEEP_FAILED_DAYS = 14, 30


def handler_path(handler_class: type) -> str:
    return f"{handler_class.__module__}.{handler_class.__qualname__}"


def retry_delays() -> tuple[float, ...]:
    return tuple(settings.MEDIATOR.get("QUEUED_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def enqueue(task_object, **kwargs) -> None:
    """Enqueue ``task_object`` as part of the current transaction.

    With the database backend the task row is written in the open transaction (the outbox). A
    backend that does not store tasks in this database (the immediate one, in tests) would run
    the task before the transaction is decided, so it is handed the task after commit instead.
    """
    if isinstance(task_backends[task_object.backend], DatabaseBackend):
        task_object.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_object.enqueue(**kwargs), robust=True)


@task()
def run_queued_handler(handler: str, event: dict) -> str:
    """The task behind every queued event handler: one handler, one event."""
    from pizzeria.application.mediator import get_mediator

    return get_mediator().run_queued(handler, decode_event(event))


def run_once(handler_class: type, event: DomainEvent, handle) -> str:
    """Run ``handle(event)`` unless this handler already ran for this event (or was pre-empted).

    The ProcessedEvent row commits with the handler's own writes; a crash or an exception rolls
    both back, so the retry runs the handler again.
    """
    with transaction.atomic():
        _, created = ProcessedEvent.objects.get_or_create(
            handler=handler_path(handler_class), event_id=event.event_id,
            defaults={"event_type": event.event_type(), "aggregate_id": str(event.aggregate_id)[:120],
                      "outcome": HANDLED, "processed_at": timezone.now()},
        )
        if not created:
            return ALREADY_DONE
        handle(event)
    return HANDLED


def preempt(handler_class: type, *, event_id: str, event_type: str, aggregate_id: str = "") -> bool:
    """Mark (handler, event) as done without running it: True when it had not run yet.

    A compensation calls this in its own transaction: when it wins, the queued handler will
    find the row and do nothing (e.g. a "ready" text that is no longer true is never sent).
    """
    _, created = ProcessedEvent.objects.get_or_create(
        handler=handler_path(handler_class), event_id=event_id,
        defaults={"event_type": event_type, "aggregate_id": aggregate_id[:120], "outcome": CANCELLED,
                  "processed_at": timezone.now()},
    )
    return created


def reschedule_failed_task(sender, task_result, **kwargs) -> None:
    """After a failed attempt, put a database task back in the queue after the next delay.

    The row keeps its last error (exception and traceback), so the admin shows why it waits;
    the attempt count is the number of workers that claimed it. After the last delay it stays FAILED.
    """
    if task_result.status != TaskResultStatus.FAILED or getattr(task_result, "db_result", None) is None:
        return
    delays = retry_delays()
    attempts = len(task_result.worker_ids)
    if attempts > len(delays):
        logger.error("Task %s (%s) failed for good after %s attempts", task_result.id,
                     task_result.task.module_path, attempts)
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempts - 1])
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None,
    )
    logger.warning("Task %s (%s) failed (attempt %s of %s); next attempt at %s", task_result.id,
                   task_result.task.module_path, attempts, len(delays) + 1, run_after.isoformat())


def connect_signals() -> None:
    task_finished.connect(reschedule_failed_task, dispatch_uid="pizzeria.outbox.reschedule_failed_task")


def requeue_stale_tasks(*, older_than: timedelta) -> tuple[int, int]:
    """Tasks left RUNNING longer than ``older_than`` were claimed by a worker that died: run them
    again (handlers are idempotent per event). One that has used up its attempts is failed instead,
    so a task that kills its worker every time cannot loop forever. Returns (requeued, failed)."""
    cutoff = timezone.now() - older_than
    max_attempts = len(retry_delays()) + 1
    requeued = failed = 0
    with transaction.atomic():
        for stale in DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff,
        ):
            if len(stale.worker_ids) >= max_attempts:
                stale.status, stale.finished_at = TaskResultStatus.FAILED, timezone.now()
                stale.exception_class_path = "pizzeria.application.outbox.WorkerDied"
                stale.traceback = (f"WorkerDied: the worker running this task stopped {len(stale.worker_ids)} "
                                   f"times (workers {', '.join(stale.worker_ids)}); not retried again.")
                stale.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                stale.status = TaskResultStatus.READY
                stale.save(update_fields=["status"])
                requeued += 1
    if requeued or failed:
        logger.warning("Requeued %s task(s) left running by a worker that died; %s failed for good", requeued, failed)
    return requeued, failed


def keeping_days() -> tuple[int, int]:
    """Days a finished task row stays for the admin's history: (successful, failed)."""
    return (int(settings.MEDIATOR.get("KEEP_TASK_RESULTS_DAYS", DEFAULT_KEEP_DAYS)),
            int(settings.MEDIATOR.get("KEEP_FAILED_TASK_RESULTS_DAYS", DEFAULT_KEEP_FAILED_DAYS)))


def prune_finished() -> int:
    """Delete finished task rows past their keeping time (django-tasks-db's own pruning), then the
    once-per-event records older than the longest keeping time: by then no task is left that
    could run their handler again. Returns how many once-per-event records went."""
    from django.core.management import call_command

    keep, keep_failed = keeping_days()
    call_command("prune_db_task_results", min_age_days=keep, failed_min_age_days=keep_failed,
                 queue_name="*", verbosity=0)
    cutoff = timezone.now() - timedelta(days=max(keep, keep_failed))
    deleted, _ = ProcessedEvent.objects.filter(processed_at__lt=cutoff).delete()
    return deleted


class WorkerDied(Exception):
    """Recorded on a task whose worker kept dying while running it."""
