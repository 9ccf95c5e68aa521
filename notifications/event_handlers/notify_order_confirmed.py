"""Texts the customer that the payment went through (the receipt email went out when it was placed)."""

from __future__ import annotations

from notifications.models import Channel
from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderConfirmed
from pizzeria.application import EventHandler


class NotifyOrderConfirmed(EventHandler[OrderConfirmed]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderConfirmed) -> None:
        self.notifier.notify(event, lambda order: CustomerMessage(
            subject=f"order #{order.number} is confirmed",
            text=f"Thanks! Your order #{order.number} is confirmed and goes into the oven soon.",
        ), channels=(Channel.SMS,))
