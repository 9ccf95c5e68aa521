"""Thanks the customer for picking up their order."""

from __future__ import annotations

from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderPickedUp
from pizzeria.application import EventHandler


class NotifyOrderPickedUp(EventHandler[OrderPickedUp]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderPickedUp) -> None:
        self.notifier.notify(event, lambda order: CustomerMessage(
            subject=f"order #{order.number} was picked up",
            text=f"Thanks for picking up order #{order.number}. Buon appetito!",
        ))
