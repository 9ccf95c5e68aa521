"""Emails the customer the order's receipt with a link to their live order page: the one
confirmation email of an order (placed, whatever the payment)."""

from __future__ import annotations

from django.template.loader import render_to_string

from notifications.models import Channel
from notifications.notifier import CustomerMessage, CustomerNotifier, order_url
from orders.domain_events import OrderPlaced
from pizzeria.application import EventHandler


class NotifyOrderPlaced(EventHandler[OrderPlaced]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderPlaced) -> None:
        def compose(order) -> CustomerMessage:
            receipt = render_to_string("notifications/email/order_placed.txt", {
                "order": order, "lines": order.lines.all(), "order_url": order_url(order),
            })
            return CustomerMessage(subject=f"order #{order.pk} received", text="", email_body=receipt)

        self.notifier.notify(event, compose, channels=(Channel.EMAIL,))
