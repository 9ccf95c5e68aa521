"""Writes an order's notifications to the log and hands each to the task queue to send: email when
the order has an address, SMS always (the phone number is required at checkout)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import Channel, Notification, NotificationStatus
from notifications.senders import SmsSender
from notifications.tasks import deliver_notification
from orders.access import link_token
from orders.domain_events import OrderEvent
from orders.models import Order
from orders.services import Clock
from pizzeria.application import RetryLater
from pizzeria.application.outbox import enqueue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CustomerMessage:
    subject: str  # e.g. "order #12 is ready"; the email subject adds the pizzeria's name
    text: str  # one or two friendly sentences, the same in the email and the SMS
    email_body: str = ""  # a whole email of its own (the receipt) instead of the short update
    track: bool = False  # the SMS ends with the order's tracking link (emails always carry it)
    send_sms: bool = True  # False: this event texts nobody for this order (e.g. it was texted already)


def order_url(order: Order) -> str:
    """The order page with the access token, as in the confirmation email."""
    path = reverse("orders:order_detail", args=[order.public_id])
    return f"{settings.SITE_URL}{path}?access={link_token(order.public_id)}"


class CustomerNotifier:
    def __init__(self, sms_sender: SmsSender, clock: Clock) -> None:
        self.sms_sender, self.clock = sms_sender, clock

    def notify(self, event: OrderEvent, compose: Callable[[Order], CustomerMessage],
               *, channels: tuple[str, ...] = (Channel.SMS, Channel.EMAIL)) -> list[Notification]:
        """Log ``event``'s message once per channel and queue each for sending (in the caller's
        transaction: the rows and their tasks commit together)."""
        order = Order.objects.filter(public_id=event.aggregate_id).first()
        if order is None:
            logger.warning("No order %s to notify about %s", event.aggregate_id, event.event_type())
            return []
        message = compose(order)
        drafts = []
        if Channel.SMS in channels and message.send_sms:
            text = f"Mario's Pizzeria: {message.text}"
            if message.track:
                text += f" Track it: {order_url(order)}"
            drafts.append((Channel.SMS, str(order.customer_phone), "", text))
        if Channel.EMAIL in channels and order.customer_email:
            email_body = message.email_body or render_to_string("notifications/email/order_update.txt", {
                "customer_name": order.customer_name, "text": message.text, "order_url": order_url(order),
            })
            drafts.append((Channel.EMAIL, order.customer_email, f"Mario's Pizzeria: {message.subject}", email_body))
        notifications = []
        for channel, recipient, subject, body in drafts:
            notification = Notification.objects.create(
                order=order, event_id=event.event_id, event_type=event.event_type(), channel=channel,
                recipient=recipient, subject=subject, body=body, created_at=self.clock.now(),
            )
            enqueue(deliver_notification, notification_id=notification.pk)
            notifications.append(notification)
        return notifications

    def withdraw(self, event_id: str) -> list[str]:
        """A step was recalled: cancel its messages not sent yet; returns the channels already sent
        (the customer was told, and needs a correction there)."""
        sent = []
        for notification in Notification.objects.select_for_update().filter(event_id=event_id):
            if notification.awaits_sending:
                notification.cancel()
                notification.save(update_fields=["status"])
            elif notification.status == NotificationStatus.SENT:
                sent.append(notification.channel)
        return sent

    def deliver(self, notification_id: int) -> str:
        """Send one logged message, once: the row is locked while sending, and a sent or cancelled
        row is left alone. A failure is recorded, then raised as RetryLater for the queue's backoff."""
        failure = None
        with transaction.atomic():
            notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
            if notification is None or not notification.awaits_sending:
                return notification.status if notification else "gone"
            try:
                if notification.channel == Channel.EMAIL:
                    send_mail(subject=notification.subject, message=notification.body, from_email=None,
                              recipient_list=[notification.recipient])
                else:
                    self.sms_sender.send(to=notification.recipient, body=notification.body)
            except Exception as error:
                notification.mark_failed(error=f"{type(error).__name__}: {error}")
                failure = error
                logger.warning("%s notification %s for order #%s failed (attempt %s): %s",
                               notification.get_channel_display(), notification.event_type, notification.order_id,
                               notification.attempts, notification.last_error)
            else:
                notification.mark_sent(at=self.clock.now())
            notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        if failure is not None:
            raise RetryLater(f"{notification.get_channel_display()} not sent: {notification.last_error}") from failure
        return notification.status
