"""Abuse limits on placing orders, counted per client IP and per phone number (django-ratelimit).

One client, or one phone number, may try ``settings.PIZZERIA["ORDER_RATE_LIMIT"]`` orders per
period (default 5 per 10 minutes, far below the kitchen's capacity). Every attempt that reaches
placement counts, declined cards included (that is what card testing looks like). The counters
live in the default cache, so with Redis they hold across processes. If the cache is down, orders
are not refused for it: the kitchen's capacity check still stands.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from orders.validation import normalise_phone
from pizzeria.client_ip import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimited:
    retry_after_seconds: int

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        return (f"You've placed several orders in a short time, so we're pausing new ones for about "
                f"{minutes} minute{'s' if minutes != 1 else ''} to keep the kitchen fair for everyone. "
                f"Please try again then, or call us.")


def _count(request: HttpRequest, group: str, value: str, rate: str) -> RateLimited | None:
    usage = get_usage(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return RateLimited(retry_after_seconds=max(1, usage["time_left"]))


def check_order_rate(request: HttpRequest, phone: object) -> RateLimited | None:
    """Count one order attempt from this client and this phone; say how long to wait if over."""
    rate = settings.PIZZERIA.get("ORDER_RATE_LIMIT")
    if not rate:
        return None
    keys = [("orders.place.ip", client_ip(request))]
    number = normalise_phone(phone) if isinstance(phone, str) and len(phone) <= 32 else None
    if number:
        keys.append(("orders.place.phone", number))
    try:
        refusals = [refusal for group, value in keys if (refusal := _count(request, group, value, rate))]
    except Exception:  # the cache (Redis) is unreachable: stay open, the capacity check still holds
        logger.warning("Order rate limit unavailable (cache down); not applied", exc_info=True)
        return None
    return max(refusals, key=lambda refusal: refusal.retry_after_seconds) if refusals else None
