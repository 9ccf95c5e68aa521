"""Texts the customer that the payment went through, with the tracking link (the receipt email
went out when the order was placed; a cash order was texted then)."""

from __future__ import annotations

from notifications.confirmation import confirmation_text
from notifications.models import Channel
from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderConfirmed
from pizzeria.application import EventHandler


class NotifyOrderConfirmed(EventHandler[OrderConfirmed]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderConfirmed) -> None:
        self.notifier.notify(event, lambda order: CustomerMessage(
            subject=f"order #{order.number} is confirmed", text=confirmation_text(order), track=True,
        ), channels=(Channel.SMS,))
