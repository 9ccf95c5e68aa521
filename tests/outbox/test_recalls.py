"""A recall undoes the effects of the step it undoes: a message not sent yet is never sent, one
already sent is corrected, and points earned by a recalled pickup are taken back."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from loyalty.event_handlers.award_points_on_pickup import AwardPointsOnPickup
from loyalty.models import LoyaltyAward
from loyalty.queries.get_loyalty_balance import GetLoyaltyBalanceQuery
from notifications.event_handlers.notify_order_ready import NotifyOrderReady
from notifications.models import Notification
from orders.models import Order
from tests.factories import place_order_command
from tests.outbox.conftest import handler_tasks, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

PICKUP = {"fulfilment": "pickup", "delivery_address": "", "customer_email": "ann@example.com"}


def execute(mediator, command):
    result = mediator.execute(command)
    assert result, result.first_error
    return result.data


def ready_order(mediator, **overrides) -> str:
    order_id = execute(mediator, place_order_command(**{**PICKUP, **overrides})).order_id
    execute(mediator, StartCookingCommand(order_id=order_id, cook_name="Luigi"))
    execute(mediator, MarkOrderReadyCommand(order_id=order_id))
    return order_id


def confirmation_texted(sms, order_id: str) -> bool:
    """A cash order is texted its confirmation (with its tracking link) first, whatever happens next."""
    return bool(sms.sent) and sms.sent[0].body.startswith(
        f"Mario's Pizzeria: Thanks! We have your order #{Order.objects.get(public_id=order_id).pk}: please pay")


def messages(order_id: str) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(order__public_id=order_id).order_by("pk")
                .values_list("event_type", "channel", "status"))


def test_a_ready_message_already_sent_is_corrected_on_each_channel(mediator, menu, sms):
    order_id = ready_order(mediator)
    run_worker()
    number = Order.objects.get(public_id=order_id).pk
    assert confirmation_texted(sms, order_id) and [m.body for m in sms.sent[1:]] == [
        f"Mario's Pizzeria: Your order #{number} is ready for pickup. Come and get it while it's hot!"]

    execute(mediator, RecallStepCommand(order_id=order_id))  # ready -> cooking: a mis-tap
    run_worker()

    assert sms.sent[-1].body == (f"Mario's Pizzeria: Sorry, our mistake: order #{number} is not ready yet. "
                                 "It's back in the oven, and we'll tell you when it is.")
    assert mail.outbox[-1].subject == f"Mario's Pizzeria: correction for order #{number}"
    assert messages(order_id)[-2:] == [("StepRecalled", "sms", "sent"), ("StepRecalled", "email", "sent")]

    execute(mediator, MarkOrderReadyCommand(order_id=order_id))  # ready for real: told again, once
    run_worker()
    assert [m.body for m in sms.sent].count(sms.sent[1].body) == 2 and len(sms.sent) == 4


def test_a_ready_message_not_written_yet_is_never_sent(mediator, menu, sms):
    order_id = ready_order(mediator)
    ready_task = handler_tasks(NotifyOrderReady).get()
    later = timezone.now() + timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=ready_task.pk).update(run_after=later)  # e.g. waiting for a retry

    execute(mediator, RecallStepCommand(order_id=order_id))
    run_worker()  # the recall's handlers run first: they pre-empt the "ready" message
    DBTaskResult.objects.filter(pk=ready_task.pk).update(run_after=timezone.now())
    run_worker()

    ready_task.refresh_from_db()
    assert ready_task.return_value == "already processed"
    assert confirmation_texted(sms, order_id) and len(sms.sent) == 1  # never the "ready" text
    assert [email.subject for email in mail.outbox] == [
        f"Mario's Pizzeria: order #{Order.objects.get(public_id=order_id).pk} received"]
    assert messages(order_id) == [("OrderPlaced", "sms", "sent"), ("OrderPlaced", "email", "sent")]


def test_a_ready_message_waiting_for_a_retry_is_cancelled_and_the_sent_one_corrected(mediator, menu, sms):
    sms.down = True
    order_id = ready_order(mediator)
    run_worker()  # the email goes; the text fails and waits for its retry
    assert ("OrderReady", "sms", "failed") in messages(order_id)

    execute(mediator, RecallStepCommand(order_id=order_id))
    sms.down = False
    run_worker()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # every retry is due
    run_worker()

    # The confirmation went on its retry; neither the stale "ready" text nor a correction of
    # something never told.
    assert confirmation_texted(sms, order_id) and len(sms.sent) == 1
    assert messages(order_id) == [
        ("OrderPlaced", "sms", "sent"), ("OrderPlaced", "email", "sent"), ("OrderReady", "sms", "cancelled"), ("OrderReady", "email", "sent"),
        ("StepRecalled", "email", "sent"),
    ]
    assert "correction" in mail.outbox[-1].subject


def test_a_line_recall_changes_nothing_the_customer_was_told(mediator, menu, sms):
    order_id = execute(mediator, place_order_command(**PICKUP)).order_id
    execute(mediator, StartCookingCommand(order_id=order_id, cook_name="Luigi"))
    execute(mediator, RecallStepCommand(order_id=order_id))  # cooking -> confirmed/pending: no message was sent
    run_worker()
    assert confirmation_texted(sms, order_id) and len(sms.sent) == 1
    assert messages(order_id) == [("OrderPlaced", "sms", "sent"), ("OrderPlaced", "email", "sent")]


def test_a_recalled_pickup_takes_its_points_back_and_tells_the_customer(mediator, menu, sms):
    peach = get_user_model().objects.get(username="customer")
    order_id = ready_order(mediator, customer_user_id=peach.pk)
    execute(mediator, MarkOrderPickedUpCommand(order_id=order_id))
    run_worker()
    assert execute(mediator, GetLoyaltyBalanceQuery(user_id=peach.pk)).total_points == 17

    execute(mediator, RecallStepCommand(order_id=order_id))  # picked up -> ready
    run_worker()

    assert list(LoyaltyAward.objects.order_by("pk").values_list("kind", "points")) == [("award", 17), ("reversal", -17)]
    assert execute(mediator, GetLoyaltyBalanceQuery(user_id=peach.pk)).total_points == 0
    assert "is still waiting for you at the counter" in sms.sent[-1].body

    # Redelivered, the recall's tasks change nothing more.
    DBTaskResult.objects.update(status="READY", finished_at=None)
    run_worker()
    assert LoyaltyAward.objects.count() == 2 and len(sms.sent) == 4


def test_a_pickup_recalled_before_its_award_ran_never_earns(mediator, menu, sms):
    peach = get_user_model().objects.get(username="customer")
    order_id = ready_order(mediator, customer_user_id=peach.pk)
    execute(mediator, MarkOrderPickedUpCommand(order_id=order_id))
    award = handler_tasks(AwardPointsOnPickup).get()
    DBTaskResult.objects.filter(pk=award.pk).update(run_after=timezone.now() + timedelta(minutes=5))

    execute(mediator, RecallStepCommand(order_id=order_id))
    run_worker()
    DBTaskResult.objects.filter(pk=award.pk).update(run_after=timezone.now())
    run_worker()

    assert not LoyaltyAward.objects.exists()
    award.refresh_from_db()
    assert award.return_value == "already processed"
