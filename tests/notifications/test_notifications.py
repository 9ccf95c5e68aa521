"""Customer notifications: email and SMS per order event, the log, retries and idempotency."""

import html
from datetime import datetime, timedelta
from pizzeria.application import Outcome
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client

from notifications.commands.retry_failed_notifications import RetryFailedNotificationsCommand
from notifications.models import MAX_ATTEMPTS, Channel, Notification, NotificationStatus
from notifications.senders import RecordedSms, RecordingSmsSender, SmsSender
from orders.access import link_token
from orders.domain_events import OrderReady
from orders.models import Order, OrderStatus
from orders.services import Clock, FixedClock
from tests.notifications.journey import Journey

pytestmark = pytest.mark.django_db

PHONE = "+12025550142"  # tests.factories' "(202) 555-0142", normalised


class SwitchableSmsSender(SmsSender):
    """Fails while ``down``, then records like the built-in sender."""

    def __init__(self) -> None:
        self.down = True
        self.sent: list[RecordedSms] = []

    def send(self, *, to: str, body: str) -> None:
        if self.down:
            raise ConnectionError("SMS gateway unreachable")
        self.sent.append(RecordedSms(to=to, body=body))


@pytest.fixture
def journey(mediator, django_capture_on_commit_callbacks, menu):
    return Journey(mediator, django_capture_on_commit_callbacks)


@pytest.fixture
def sms(mediator) -> RecordingSmsSender:
    return mediator.container.resolve(SmsSender)


def emails_about(event_word: str):
    return [email for email in mail.outbox if event_word in email.subject]


def logged(order_id: str, channel: str) -> list[Notification]:
    return list(Notification.objects.filter(order__public_id=order_id, channel=channel).order_by("pk"))


def test_the_default_sms_sender_records_instead_of_sending(sms):
    assert type(sms) is RecordingSmsSender


def test_a_confirmed_order_is_emailed_and_texted_with_its_number_and_link(journey, sms):
    order_id = journey.place(payment_method="card", card_number="4242 4242 4242 4242", customer_email="ann@example.com")
    number = Order.objects.get(public_id=order_id).pk

    (email,) = emails_about("is confirmed")
    assert email.to == ["ann@example.com"] and email.subject == f"Mario's Pizzeria: order #{number} is confirmed"
    assert f"order #{number} is confirmed" in email.body and email.body.startswith("Hi Ann Example,")
    link = f"{settings.SITE_URL}/orders/{order_id}/?access={link_token(order_id)}"
    assert f"Follow your order live: {link}\n" in email.body
    assert Client().get(link.removeprefix(settings.SITE_URL), follow=True).status_code == 200

    assert list(sms.sent) == [RecordedSms(
        to=PHONE, body=f"Mario's Pizzeria: Thanks! Your order #{number} is confirmed and goes into the oven soon.",
    )]
    (sms_row,) = logged(order_id, Channel.SMS)
    (email_row,) = logged(order_id, Channel.EMAIL)
    assert (sms_row.event_type, sms_row.recipient, sms_row.body) == ("OrderConfirmed", PHONE, sms.sent[0].body)
    assert (email_row.recipient, email_row.subject, email_row.body) == ("ann@example.com", email.subject, email.body)
    for row in (sms_row, email_row):
        assert row.status == NotificationStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_a_delivery_is_followed_from_ready_to_the_door(journey, sms):
    order_id = journey.place(customer_email="ann@example.com")  # cash: nothing to confirm
    number = Order.objects.get(public_id=order_id).pk
    journey.make_ready(order_id)
    journey.send_out(order_id)
    journey.deliver(order_id)

    assert [email.subject.removeprefix("Mario's Pizzeria: ") for email in mail.outbox] == [
        f"order #{number} received", f"order #{number} is ready", f"order #{number} is on its way", f"order #{number} was delivered",
    ]
    assert [message.body.removeprefix("Mario's Pizzeria: ") for message in sms.sent] == [
        f"Your order #{number} is ready and will be on its way shortly.",
        f"Your order #{number} is on its way with Toad.",
        f"Your order #{number} has been delivered. Buon appetito!",
    ]
    assert {message.to for message in sms.sent} == {PHONE}
    assert [(row.event_type, row.status) for row in logged(order_id, Channel.SMS)] == [
        ("OrderReady", "sent"), ("OrderOutForDelivery", "sent"), ("OrderDelivered", "sent"),
    ]
    assert [row.event_type for row in logged(order_id, Channel.EMAIL)] == [
        "OrderReady", "OrderOutForDelivery", "OrderDelivered",
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
        f"Mario's Pizzeria: Your order #{number} is ready for pickup. Come and get it while it's hot!",
        f"Mario's Pizzeria: Thanks for picking up order #{number}. Buon appetito!",
    ]
    assert [row.event_type for row in logged(order_id, Channel.SMS)] == ["OrderReady", "OrderPickedUp"]


def test_without_an_email_address_only_a_text_is_sent(journey, sms):
    order_id = journey.place(fulfilment="pickup", delivery_address="")
    journey.make_ready(order_id)

    assert mail.outbox == []
    assert not Notification.objects.filter(channel=Channel.EMAIL).exists()
    assert [row.event_type for row in logged(order_id, Channel.SMS)] == ["OrderReady"]
    assert len(sms.sent) == 1


def test_publishing_the_same_event_twice_notifies_once(journey, mediator, sms):
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")
    journey.make_ready(order_id)
    mediator.publish(OrderReady(aggregate_id=order_id, fulfilment="pickup"))
    mediator.publish(OrderReady(aggregate_id=order_id, fulfilment="pickup"))

    assert len(emails_about("is ready")) == 1 and len(sms.sent) == 1
    assert Notification.objects.filter(order__public_id=order_id, event_type="OrderReady").count() == 2  # email + sms


def test_a_failing_sms_sender_never_fails_the_order_and_is_retried_when_it_recovers(journey, mediator, caplog):
    clock = FixedClock(datetime(2026, 11, 23, 19, 0, tzinfo=ZoneInfo("America/New_York")))
    sender = SwitchableSmsSender()
    mediator.container.register_instance(Clock, clock)
    mediator.container.register_instance(SmsSender, sender)
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")

    journey.make_ready(order_id)  # asserts the commands succeeded

    assert Order.objects.get(public_id=order_id).status == OrderStatus.READY
    assert len(emails_about("is ready")) == 1  # the other channel is unaffected
    (row,) = logged(order_id, Channel.SMS)
    assert row.status == NotificationStatus.FAILED and row.attempts == 1 and row.sent_at is None
    assert row.last_error == "ConnectionError: SMS gateway unreachable"
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert "SMS notification OrderReady" in caplog.text and "SMS gateway unreachable" in caplog.text

    sender.down = False
    clock.moment += timedelta(seconds=59)
    assert journey.execute(RetryFailedNotificationsCommand()).data.attempted == 0  # not due yet

    clock.moment += timedelta(seconds=1)
    output = StringIO()
    call_command("retry_notifications", stdout=output)

    assert output.getvalue().strip() == "Retried 1 notification(s): 1 sent, 0 failed."
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT and row.attempts == 2 and row.sent_at == clock.now()
    assert row.next_attempt_at is None
    assert sender.sent == [RecordedSms(to=PHONE, body=row.body)]
    assert len(emails_about("is ready")) == 1  # the sent email is not resent


def test_retries_back_off_and_give_up_after_the_last_attempt(journey, mediator):
    clock = FixedClock(datetime(2026, 11, 23, 19, 0, tzinfo=ZoneInfo("America/New_York")))
    mediator.container.register_instance(Clock, clock)
    mediator.container.register_instance(SmsSender, SwitchableSmsSender())
    order_id = journey.place(fulfilment="pickup", delivery_address="")
    journey.make_ready(order_id)
    (row,) = logged(order_id, Channel.SMS)

    delays = []
    for _ in range(MAX_ATTEMPTS - 1):
        row.refresh_from_db()
        delays.append(row.next_attempt_at - clock.now())
        clock.moment = row.next_attempt_at
        retried = journey.execute(RetryFailedNotificationsCommand()).data
        assert (retried.attempted, retried.sent, retried.failed) == (1, 0, 1)

    row.refresh_from_db()
    assert delays == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert row.attempts == MAX_ATTEMPTS and row.status == NotificationStatus.FAILED and row.next_attempt_at is None
    clock.moment += timedelta(days=1)
    assert journey.execute(RetryFailedNotificationsCommand()).data.attempted == 0


def test_the_retry_command_refuses_a_silly_limit(mediator):
    assert mediator.execute(RetryFailedNotificationsCommand(limit=0)).outcome is Outcome.INVALID


def test_a_manager_reads_the_log_in_the_admin_with_filters_but_cannot_change_it(journey, client):
    manager = get_user_model().objects.get(username="manager")
    manager.user_permissions.add(Permission.objects.get(content_type__app_label="notifications",
                                                        codename="view_notification"))
    client.force_login(manager)
    order_id = journey.place(fulfilment="pickup", delivery_address="", customer_email="ann@example.com")
    journey.make_ready(order_id)
    row = Notification.objects.get(channel=Channel.SMS)

    page = client.get("/admin/notifications/notification/?channel__exact=sms&status__exact=sent")
    body = page.content.decode()
    assert page.status_code == 200 and PHONE in body and "ann@example.com" not in body
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    detail = client.get(f"/admin/notifications/notification/{row.pk}/change/").content.decode()
    assert html.escape(row.body) in detail and 'name="body"' not in detail  # shown, not editable
