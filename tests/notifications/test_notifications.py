"""Customer notifications: email and SMS per order event, the log, and idempotency.

The test settings run queued handlers right after commit (immediate task backend); the retry
schedule and the worker are tested with the database queue in tests/outbox/."""

import html
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.utils.dateformat import time_format
from django.utils.timezone import localtime

from notifications.event_handlers.notify_order_ready import NotifyOrderReady
from notifications.models import Channel, Notification, NotificationStatus
from notifications.senders import RecordedSms, RecordingSmsSender, SmsSender
from notifications.tasks import deliver_notification
from orders.access import link_token
from orders.domain_events import OrderReady
from pizzeria.application import RetryLater
from pizzeria.application.outbox import handler_path
from orders.models import Order, OrderStatus
from orders.services import Clock, FixedClock
from tests.notifications.journey import Journey
from tests.notifications.sms import SwitchableSmsSender

pytestmark = pytest.mark.django_db

PHONE = "+12025550142"  # tests.factories' "(202) 555-0142", normalised


@pytest.fixture
def journey(mediator, django_capture_on_commit_callbacks, menu):
    return Journey(mediator, django_capture_on_commit_callbacks)


@pytest.fixture
def sms(mediator) -> RecordingSmsSender:
    return mediator.container.resolve(SmsSender)


def emails_about(event_word: str):
    return [email for email in mail.outbox if event_word in email.subject]


def tracking_link(order_id: str) -> str:
    return f"{settings.SITE_URL}/orders/{order_id}/?access={link_token(order_id)}"


def ready_about(order_id: str) -> str:
    return time_format(localtime(Order.objects.get(public_id=order_id).promised_at), "g:i A")


def logged(order_id: str, channel: str) -> list[Notification]:
    return list(Notification.objects.filter(order__public_id=order_id, channel=channel).order_by("pk"))


def test_the_default_sms_sender_records_instead_of_sending(sms):
    assert type(sms) is RecordingSmsSender


def test_a_card_order_gets_one_receipt_email_and_a_confirmation_text(journey, sms):
    order_id = journey.place(payment_method="card", card_number="4242 4242 4242 4242", customer_email="ann@example.com")
    number = Order.objects.get(public_id=order_id).pk

    (email,) = mail.outbox  # one confirmation email per order: the receipt, not a second "confirmed" one
    assert email.to == ["ann@example.com"] and email.subject == f"Mario's Pizzeria: order #{number} received"
    assert email.body.startswith("Hi Ann Example,") and "Margherita" in email.body
    link = f"{settings.SITE_URL}/orders/{order_id}/?access={link_token(order_id)}"
    assert f"Follow your order live: {link}\n" in email.body
    assert Client().get(link.removeprefix(settings.SITE_URL), follow=True).status_code == 200

    assert list(sms.sent) == [RecordedSms(to=PHONE, body=(  # the card was charged: texted once, when confirmed
        f"Mario's Pizzeria: Thanks! Your order #{number} is confirmed and paid. "
        f"It leaves the oven about {ready_about(order_id)}. Track it: {link}"
    ))]
    (sms_row,) = logged(order_id, Channel.SMS)
    (email_row,) = logged(order_id, Channel.EMAIL)
    assert (sms_row.event_type, sms_row.recipient, sms_row.body) == ("OrderConfirmed", PHONE, sms.sent[0].body)
    assert (email_row.event_type, email_row.recipient, email_row.subject, email_row.body) == (
        "OrderPlaced", "ann@example.com", email.subject, email.body)
    for row in (sms_row, email_row):
        assert row.status == NotificationStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_a_delivery_is_followed_from_ready_to_the_door(journey, sms):
    order_id = journey.place(customer_email="ann@example.com")  # cash: texted when placed
    order = Order.objects.get(public_id=order_id)
    number = order.pk
    journey.make_ready(order_id)
    journey.send_out(order_id)
    journey.deliver(order_id)

    assert [email.subject.removeprefix("Mario's Pizzeria: ") for email in mail.outbox] == [
        f"order #{number} received", f"order #{number} is ready", f"order #{number} is on its way", f"order #{number} was delivered",
    ]
    assert [message.body.removeprefix("Mario's Pizzeria: ") for message in sms.sent] == [
        f"Thanks! We have your order #{number}: please pay ${order.total_amount} in cash to the driver. "
        f"It leaves the oven about {ready_about(order_id)}. Track it: {tracking_link(order_id)}",
        f"Your order #{number} is ready and will be on its way shortly.",
        f"Your order #{number} is on its way with Toad. Track it: {tracking_link(order_id)}",
        f"Your order #{number} has been delivered. Buon appetito!",
    ]
    assert {message.to for message in sms.sent} == {PHONE}
    assert [(row.event_type, row.status) for row in logged(order_id, Channel.SMS)] == [
        ("OrderPlaced", "sent"), ("OrderReady", "sent"), ("OrderOutForDelivery", "sent"), ("OrderDelivered", "sent"),
    ]
    assert [row.event_type for row in logged(order_id, Channel.EMAIL)] == [
        "OrderPlaced", "OrderReady", "OrderOutForDelivery", "OrderDelivered",
    ]


def test_a_pickup_is_told_to_come_and_thanked(journey, sms):
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")
    number = Order.objects.get(public_id=order_id).pk
    journey.make_ready(order_id)
    journey.pick_up(order_id)

    assert [email.subject for email in mail.outbox] == [
        f"Mario's Pizzeria: order #{number} received", f"Mario's Pizzeria: order #{number} is ready", f"Mario's Pizzeria: order #{number} was picked up",
    ]
    assert [message.body for message in sms.sent] == [
        f"Mario's Pizzeria: Thanks! We have your order #{number}: please pay ${Order.objects.get().total_amount} in cash "
        f"at the counter. It will be ready about {ready_about(order_id)}. Track it: {tracking_link(order_id)}",
        f"Mario's Pizzeria: Your order #{number} is ready for pickup. Come and get it while it's hot!",
        f"Mario's Pizzeria: Thanks for picking up order #{number}. Buon appetito!",
    ]
    assert [row.event_type for row in logged(order_id, Channel.SMS)] == ["OrderPlaced", "OrderReady", "OrderPickedUp"]


def test_without_an_email_address_only_a_text_is_sent(journey, sms):
    order_id = journey.place(fulfilment="pickup", delivery_address="")
    journey.make_ready(order_id)

    assert mail.outbox == []
    assert not Notification.objects.filter(channel=Channel.EMAIL).exists()
    assert [row.event_type for row in logged(order_id, Channel.SMS)] == ["OrderPlaced", "OrderReady"]
    assert len(sms.sent) == 2


def test_a_redelivered_event_notifies_once(journey, mediator, sms, django_capture_on_commit_callbacks):
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")
    ready = OrderReady(aggregate_id=order_id, fulfilment="pickup")
    path = handler_path(NotifyOrderReady)

    with django_capture_on_commit_callbacks(execute=True):  # the delivery tasks, after commit
        assert mediator.run_queued(path, ready) == "handled"
        assert mediator.run_queued(path, ready) == "already processed"  # the same task delivered again

    assert len(emails_about("is ready")) == 1 and [text.body for text in sms.sent if "is ready" in text.body] == [
        f"Mario's Pizzeria: Your order #{Order.objects.get().pk} is ready for pickup. Come and get it while it's hot!"]
    assert Notification.objects.filter(event_id=ready.event_id).count() == 2  # email + sms


def test_a_failing_sms_sender_never_fails_the_order_and_its_task_sends_it_when_it_recovers(journey, mediator, caplog):
    clock = FixedClock(datetime(2026, 11, 23, 19, 0, tzinfo=ZoneInfo("America/New_York")))
    sender = SwitchableSmsSender(down=True)
    mediator.container.register_instance(Clock, clock)
    mediator.container.register_instance(SmsSender, sender)
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")

    journey.make_ready(order_id)  # asserts the commands succeeded

    assert Order.objects.get(public_id=order_id).status == OrderStatus.READY
    assert len(emails_about("is ready")) == 1  # the other channel is unaffected
    placed_row, row = logged(order_id, Channel.SMS)
    assert placed_row.event_type == "OrderPlaced" and placed_row.status == NotificationStatus.FAILED
    assert row.status == NotificationStatus.FAILED and row.attempts == 1 and row.sent_at is None
    assert row.last_error == "ConnectionError: SMS gateway unreachable"
    assert "SMS notification OrderReady" in caplog.text and "SMS gateway unreachable" in caplog.text

    with pytest.raises(RetryLater):  # what the queue sees: the task failed, to be run again later
        deliver_notification.call(notification_id=row.pk)
    sender.down = False
    clock.moment += timedelta(seconds=30)
    assert deliver_notification.call(notification_id=row.pk) == NotificationStatus.SENT

    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT and row.attempts == 3 and row.sent_at == clock.now()
    assert sender.sent == [RecordedSms(to=PHONE, body=row.body)]
    assert deliver_notification.call(notification_id=row.pk) == NotificationStatus.SENT  # a redelivery sends nothing
    assert len(sender.sent) == 1 and len(emails_about("is ready")) == 1


def test_a_manager_reads_the_log_in_the_admin_with_filters_but_cannot_change_it(journey, client):
    manager = get_user_model().objects.get(username="manager")
    manager.user_permissions.add(Permission.objects.get(content_type__app_label="notifications",
                                                        codename="view_notification"))
    client.force_login(manager)
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")
    journey.make_ready(order_id)
    row = Notification.objects.get(channel=Channel.SMS, event_type="OrderReady")

    page = client.get("/admin/notifications/notification/?channel__exact=sms&status__exact=sent")
    body = page.content.decode()
    assert page.status_code == 200 and PHONE in body and "ann@example.com" not in body
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    detail = client.get(f"/admin/notifications/notification/{row.pk}/change/").content.decode()
    assert html.escape(row.body) in detail and 'name="body"' not in detail  # shown, not editable
