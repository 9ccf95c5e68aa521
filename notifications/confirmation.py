"""The confirmation text every order gets by SMS, with its tracking link: what was ordered is in the
receipt email; the text says it is in, how it is paid, and when it will be ready."""

from __future__ import annotations

from django.utils.dateformat import time_format
from django.utils.timezone import localtime

from orders.models import Fulfilment, Order, PaymentMethod


def clock_time(moment) -> str:
    return time_format(localtime(moment), "g:i A")


def confirmation_text(order: Order) -> str:
    if order.payment_method == PaymentMethod.CASH:
        where = "at the counter" if order.fulfilment == Fulfilment.PICKUP else "to the driver"
        opening = f"Thanks! We have your order #{order.number}: please pay ${order.total_amount} in cash {where}."
    else:
        opening = f"Thanks! Your order #{order.number} is confirmed and paid."
    if order.scheduled_for:
        when = f"It will be ready at {clock_time(order.scheduled_for)}, as you asked."
    elif order.fulfilment == Fulfilment.PICKUP:
        when = f"It will be ready about {clock_time(order.promised_at)}."
    else:
        when = f"It leaves the oven about {clock_time(order.promised_at)}."
    return f"{opening} {when}"
