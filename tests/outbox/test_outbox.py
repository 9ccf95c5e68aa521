"""The outbox: queued handlers are tasks written with the command, run once each by the worker,
retried with backoff, and left FAILED with their error (in the admin) after the last attempt."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pizzeria.application import Outcome
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from notifications.event_handlers.notify_order_confirmed import NotifyOrderConfirmed
from notifications.event_handlers.notify_order_placed import NotifyOrderPlaced
from notifications.models import Channel, Notification, NotificationStatus
from notifications.tasks import deliver_notification
from orders.models import Order
from pizzeria.application.models import ProcessedEvent
from tests.factories import place_order_command
from tests.outbox.conftest import handler_tasks, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

CARD = {"payment_method": "card", "card_number": "4242 4242 4242 4242", "customer_email": "ann@example.com"}
PICKUP = {"fulfilment": "pickup", "delivery_address": ""}


def execute(mediator, command):
    result = mediator.execute(command)
    assert result, result.first_error
    return result.data


def delivery_task(order_id: str, channel: str, event_type: str) -> DBTaskResult:
    notification = Notification.objects.get(order__public_id=order_id, channel=channel, event_type=event_type)
    return DBTaskResult.objects.get(task_path=deliver_notification.module_path,
                                    args_kwargs__kwargs__notification_id=notification.pk)


def test_the_tasks_are_written_in_the_commands_transaction_and_roll_back_with_it(mediator, menu, sms):
    with pytest.raises(RuntimeError):
        with transaction.atomic():  # e.g. the request dies after the command, before the commit
            execute(mediator, place_order_command(**CARD))
            assert {task.args_kwargs["kwargs"]["handler"] for task in handler_tasks()} == {
                "notifications.event_handlers.notify_order_placed.NotifyOrderPlaced",
                "notifications.event_handlers.notify_order_confirmed.NotifyOrderConfirmed",
            }
            raise RuntimeError("crash before commit")

    assert not Order.objects.exists() and not DBTaskResult.objects.exists()
    run_worker()
    assert mail.outbox == [] and sms.sent == []


def test_a_refused_command_queues_nothing(mediator, menu, sms):
    order_id = execute(mediator, place_order_command(**PICKUP)).order_id
    queued = handler_tasks().count()

    refused = mediator.execute(MarkOrderReadyCommand(order_id=order_id))  # not cooking yet

    assert refused.outcome is Outcome.CONFLICT and handler_tasks().count() == queued


def test_side_effects_do_not_run_in_the_request_but_from_the_worker(client, menu, sms):
    client.post("/cart/add/", {"item": "margherita", "size": "large", "quantity": "1"}, HTTP_HX_REQUEST="true")
    response = client.post("/checkout/", {
        "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "ann@example.com",
        "fulfilment": "pickup", "delivery_address": "", "payment_method": "card", "card_number": "4242 4242 4242 4242",
        "notes": "", "submission_key": "k-1",
    })
    assert response.status_code == 302

    # Committed and answered: the messages are still only rows in the queue.
    assert mail.outbox == [] and sms.sent == [] and not Notification.objects.exists()
    assert handler_tasks().count() == 2 and all(task.status == TaskResultStatus.READY for task in handler_tasks())

    run_worker()

    assert [email.subject for email in mail.outbox] == [f"Mario's Pizzeria: order #{Order.objects.get().pk} received"]
    assert len(sms.sent) == 1 and "is confirmed" in sms.sent[0].body
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}


def test_a_redelivered_task_runs_its_handler_once(mediator, menu, sms):
    execute(mediator, place_order_command(**CARD))
    run_worker()
    assert len(mail.outbox) == 1 and len(sms.sent) == 1

    # As if every worker died after its handler committed but before the task was marked done.
    DBTaskResult.objects.update(status=TaskResultStatus.READY, finished_at=None)
    run_worker()

    assert len(mail.outbox) == 1 and len(sms.sent) == 1
    assert [task.return_value for task in handler_tasks()] == ["already processed", "already processed"]
    assert set(ProcessedEvent.objects.values_list("handler", flat=True)) == {
        "notifications.event_handlers.notify_order_placed.NotifyOrderPlaced",
        "notifications.event_handlers.notify_order_confirmed.NotifyOrderConfirmed",
    }
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


def test_a_failed_message_is_retried_with_backoff_then_left_failed_with_its_error_for_the_manager(
    mediator, menu, sms, settings, caplog,
):
    settings.MEDIATOR = {**settings.MEDIATOR, "QUEUED_RETRY_DELAYS": (10, 30)}
    sms.down = True
    order_id = execute(mediator, place_order_command(**PICKUP)).order_id
    execute(mediator, StartCookingCommand(order_id=order_id, cook_name="Luigi"))
    execute(mediator, MarkOrderReadyCommand(order_id=order_id))

    waits = []
    for attempt in (1, 2):
        before = timezone.now()
        run_worker()
        task = delivery_task(order_id, Channel.SMS, "OrderReady")
        assert task.status == TaskResultStatus.READY and len(task.worker_ids) == attempt
        assert "SMS gateway unreachable" in task.traceback  # the last error shows while it waits
        waits.append(task.run_after - before)
        DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())  # the wait is over
    assert timedelta(seconds=10) <= waits[0] < timedelta(seconds=15)
    assert timedelta(seconds=30) <= waits[1] < timedelta(seconds=35)

    run_worker()  # the third and last attempt

    task = delivery_task(order_id, Channel.SMS, "OrderReady")
    assert task.status == TaskResultStatus.FAILED and len(task.worker_ids) == 3
    assert task.exception_class_path == "pizzeria.application.requests.RetryLater"
    assert "ConnectionError: SMS gateway unreachable" in task.traceback
    assert "failed for good after 3 attempts" in caplog.text
    row = Notification.objects.get(order__public_id=order_id, channel=Channel.SMS, event_type="OrderReady")
    assert (row.status, row.attempts, row.last_error) == ("failed", 3, "ConnectionError: SMS gateway unreachable")
    run_worker()
    assert sms.sent == [] and DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.FAILED

    # The manager finds it among the failed tasks, with its traceback, and cannot change it.
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))
    listing = manager.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert listing.status_code == 200 and str(task.pk) in listing.content.decode()
    detail = manager.get(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/").content.decode()
    assert "SMS gateway unreachable" in detail and "deliver_notification" in detail
    assert manager.get("/admin/django_tasks_database/dbtaskresult/add/").status_code == 403


def test_a_message_that_fails_once_is_sent_once_when_the_gateway_recovers(mediator, menu, sms):
    sms.down = True
    execute(mediator, place_order_command(**CARD))
    run_worker()
    task = DBTaskResult.objects.get(task_path=deliver_notification.module_path,
                                    args_kwargs__kwargs__notification_id=Notification.objects.get(channel=Channel.SMS).pk)
    assert task.status == TaskResultStatus.READY and len(mail.outbox) == 1  # the email went; the text waits

    sms.down = False
    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    run_worker()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 2
    assert len(sms.sent) == 1 and len(mail.outbox) == 1
    assert Notification.objects.get(channel=Channel.SMS).attempts == 2


def test_queued_handler_and_broadcasts_are_told_apart(mediator):
    kinds = {cls.__name__: cls.runs for handlers in mediator.registry.event_handlers.values() for cls in handlers}
    assert kinds["NotifyOrderPlaced"] == kinds["AwardPointsOnPickup"] == kinds["CorrectRecalledStep"] == "queued"
    assert kinds["BroadcastKitchenBoard"] == kinds["BroadcastOrderStatus"] == "after_commit"
    assert NotifyOrderConfirmed.runs == NotifyOrderPlaced.runs == "queued"
