"""Emails the customer a confirmation with a link to their live order page."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from orders.access import link_token
from orders.domain_events import OrderPlaced
from orders.models import Order
from pizzeria.application import EventHandler

logger = logging.getLogger(__name__)


class SendOrderConfirmationEmail(EventHandler[OrderPlaced]):
    def handle(self, event: OrderPlaced) -> None:
        order = Order.objects.prefetch_related("lines").filter(public_id=event.aggregate_id).first()
        if order is None or not order.customer_email:
            return
        path = reverse("orders:order_detail", args=[order.public_id])
        context = {
            "order": order,
            "lines": order.lines.all(),
            "order_url": f"{settings.SITE_URL}{path}?access={link_token(order.public_id)}",
        }
        send_mail(
            subject=f"Mario's Pizzeria: order #{order.pk} received",
            message=render_to_string("orders/email/confirmation.txt", context),
            from_email=None,
            recipient_list=[order.customer_email],
        )
        logger.info("Confirmation email for order #%s sent to %s", order.pk, order.customer_email)
