"""Writes an order's notifications to the log and sends them: email when the order has an
address, SMS always (the phone number is required at checkout)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import MAX_ATTEMPTS, Channel, Notification, NotificationStatus
from notifications.senders import SmsSender
from orders.access import link_token
from orders.domain_events import OrderEvent
from orders.models import Order
from orders.services import Clock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CustomerMessage:
    subject: str  # e.g. "order #12 is ready"; the email subject adds the pizzeria's name
    text: str  # one or two friendly sentences, the same in the email and the SMS


def order_url(order: Order) -> str:
    """The order page with the access token, as in the confirmation email."""
    path = reverse("orders:order_detail", args=[order.public_id])
    return f"{settings.SITE_URL}{path}?access={link_token(order.public_id)}"


class CustomerNotifier:
    def __init__(self, sms_sender: SmsSender, clock: Clock) -> None:
        self.sms_sender, self.clock = sms_sender, clock

    def notify(self, event: OrderEvent, compose: Callable[[Order], CustomerMessage]) -> None:
        """Log and send ``event``'s message once per channel; a repeated event sends nothing."""
        order = Order.objects.filter(public_id=event.aggregate_id).first()
        if order is None:
            logger.warning("No order %s to notify about %s", event.aggregate_id, event.event_type())
            return
        message = compose(order)
        drafts = [(Channel.SMS, str(order.customer_phone), "", f"Mario's Pizzeria: {message.text}")]
        if order.customer_email:
            email_body = render_to_string("notifications/email/order_update.txt", {
                "customer_name": order.customer_name, "text": message.text, "order_url": order_url(order),
            })
            drafts.append((Channel.EMAIL, order.customer_email, f"Mario's Pizzeria: {message.subject}", email_body))
        for channel, recipient, subject, body in drafts:
            notification, created = Notification.objects.get_or_create(
                order=order, event_type=event.event_type(), channel=channel,
                defaults={"recipient": recipient, "subject": subject, "body": body, "created_at": self.clock.now()},
            )
            if created:
                self.deliver(notification)

    def deliver(self, notification: Notification) -> bool:
        """Try to send once and record the outcome; a failure is kept for a later retry, never raised."""
        try:
            if notification.channel == Channel.EMAIL:
                send_mail(subject=notification.subject, message=notification.body, from_email=None,
                          recipient_list=[notification.recipient])
            else:
                self.sms_sender.send(to=notification.recipient, body=notification.body)
        except Exception as error:
            notification.mark_failed(error=f"{type(error).__name__}: {error}", at=self.clock.now())
            logger.warning("%s notification %s for order #%s failed (attempt %s of %s): %s",
                           notification.get_channel_display(), notification.event_type, notification.order_id,
                           notification.attempts, MAX_ATTEMPTS, notification.last_error)
        else:
            notification.mark_sent(at=self.clock.now())
        notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at"])
        return notification.status == NotificationStatus.SENT
