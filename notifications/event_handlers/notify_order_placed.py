"""Emails the customer the order's receipt with a link to their live order page (the one
confirmation email of an order, whatever the payment), and texts a cash order its confirmation
with the tracking link. A card order is texted when its payment is confirmed (NotifyOrderConfirmed)."""

from __future__ import annotations

from django.template.loader import render_to_string

from notifications.confirmation import confirmation_text
from notifications.notifier import CustomerMessage, CustomerNotifier, order_url
from orders.domain_events import OrderPlaced
from orders.models import PaymentMethod
from pizzeria.application import EventHandler


class NotifyOrderPlaced(EventHandler[OrderPlaced]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderPlaced) -> None:
        def compose(order) -> CustomerMessage:
            receipt = render_to_string("notifications/email/order_placed.txt", {
                "order": order, "lines": order.lines.all(), "order_url": order_url(order),
            })
            return CustomerMessage(subject=f"order #{order.pk} received", text=confirmation_text(order),
                                   email_body=receipt, track=True,
                                   send_sms=order.payment_method == PaymentMethod.CASH)

        self.notifier.notify(event, compose)
