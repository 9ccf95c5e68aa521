"""The worker prunes what the queue no longer needs: finished task rows past their keeping time,
and the once-per-event records no task can need again (pizzeria.application.outbox.prune_finished);
and expired sessions, which cookie-less API clients start one per order."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pizzeria.application.management.commands.worker import prune
from pizzeria.application.models import ProcessedEvent
from pizzeria.application.outbox import prune_finished
from tests.outbox.tasks import stall_on_first_attempt

pytestmark = pytest.mark.django_db


def task_row(status: str, *, days_ago: float) -> str:
    result = stall_on_first_attempt.enqueue(marker="/dev/null")
    finished = timezone.now() - timedelta(days=days_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, started_at=finished, finished_at=finished)
    return str(result.id)


def processed(event_id: str, *, days_ago: float) -> None:
    ProcessedEvent.objects.create(handler="notifications.SendSms", event_id=event_id, event_type="OrderPlaced",
                                  processed_at=timezone.now() - timedelta(days=days_ago))


def test_finished_tasks_go_after_their_keeping_time_and_waiting_ones_stay(settings):
    settings.MEDIATOR = {**settings.MEDIATOR, "KEEP_TASK_RESULTS_DAYS": 14, "KEEP_FAILED_TASK_RESULTS_DAYS": 30}
    kept = {
        task_row(TaskResultStatus.SUCCESSFUL, days_ago=13),
        task_row(TaskResultStatus.FAILED, days_ago=29),  # failures stay longer, for the admin
        task_row(TaskResultStatus.READY, days_ago=400),  # not finished: never pruned
    }
    task_row(TaskResultStatus.SUCCESSFUL, days_ago=15)
    task_row(TaskResultStatus.FAILED, days_ago=31)

    prune_finished()

    assert {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)} == kept


def test_once_per_event_records_go_only_after_every_task_that_could_repeat_them(settings):
    settings.MEDIATOR = {**settings.MEDIATOR, "KEEP_TASK_RESULTS_DAYS": 14, "KEEP_FAILED_TASK_RESULTS_DAYS": 30}
    processed("recent", days_ago=1)
    processed("past-the-success-window", days_ago=20)  # failed task rows of its time are still kept
    processed("old", days_ago=31)

    assert prune_finished() == 1
    assert set(ProcessedEvent.objects.values_list("event_id", flat=True)) == {"recent", "past-the-success-window"}


def test_expired_sessions_go_with_the_queue_rows(menu):
    order = {"customer_name": "Api", "customer_phone": "(202) 555-0142", "fulfilment": "pickup",
             "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": [], "quantity": 1}]}
    for _ in range(2):  # two clients that keep no cookies: a session each
        assert Client().post("/api/orders", order, content_type="application/json").status_code == 201
    assert Session.objects.count() == 2
    Session.objects.filter(pk=Session.objects.first().pk).update(expire_date=timezone.now() - timedelta(seconds=1))

    prune()

    assert Session.objects.count() == 1 and Session.objects.get().expire_date > timezone.now()
