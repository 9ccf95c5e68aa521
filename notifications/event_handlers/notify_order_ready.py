"""Tells the customer their order is ready: come and get it, or a driver takes it next."""

from __future__ import annotations

from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderReady
from orders.models import Fulfilment
from pizzeria.application import EventHandler


class NotifyOrderReady(EventHandler[OrderReady]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderReady) -> None:
        def compose(order) -> CustomerMessage:
            if event.fulfilment == Fulfilment.PICKUP:
                text = f"Your order #{order.number} is ready for pickup. Come and get it while it's hot!"
            else:
                text = f"Your order #{order.number} is ready and will be on its way shortly."
            return CustomerMessage(subject=f"order #{order.number} is ready", text=text)

        self.notifier.notify(event, compose)
