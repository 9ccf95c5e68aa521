"""Ports the handlers depend on (clock, payments, opening hours) and their built-in adapters."""

from __future__ import annotations

import logging
import secrets
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime: ...


class SystemClock(Clock):
    def now(self) -> datetime:
        return timezone.now()


class FixedClock(Clock):
    """A clock that says what it is told (tests, demos of closed hours)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@dataclass(frozen=True)
class PaymentAuthorization:
    approved: bool
    reference: str = ""
    decline_reason: str = ""


class PaymentGateway(ABC):
    @abstractmethod
    def authorize(self, *, amount: Decimal, card_number: str, description: str) -> PaymentAuthorization: ...

    @abstractmethod
    def void(self, *, reference: str) -> None:
        """Release an authorisation that will never be captured (the order did not commit)."""


DECLINED_TEST_CARD = "4000000000000002"
"""The built-in gateway declines this card number (and approves every other valid one)."""


class BuiltInPaymentGateway(PaymentGateway):
    """Stands in for a card processor: approves cards, except the documented test number."""

    def authorize(self, *, amount: Decimal, card_number: str, description: str) -> PaymentAuthorization:
        if card_number == DECLINED_TEST_CARD:
            return PaymentAuthorization(approved=False, decline_reason="Your card was declined by the bank.")
        return PaymentAuthorization(approved=True, reference=f"auth_{secrets.token_hex(8)}")

    def void(self, *, reference: str) -> None:
        logger.info("Payment authorisation %s voided", reference)


def parse_opening_hours(spec: str) -> tuple[time, time]:
    opens, closes = (time.fromisoformat(part.strip()) for part in spec.split("-"))
    return opens, closes


class OpeningHours:
    """When the pizzeria takes orders, from ``settings.PIZZERIA`` (local time)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @property
    def hours(self) -> tuple[time, time]:
        return parse_opening_hours(settings.PIZZERIA["OPENING_HOURS"])

    def is_open(self) -> bool:
        if settings.PIZZERIA.get("ALWAYS_OPEN"):
            return True
        opens, closes = self.hours
        now = timezone.localtime(self.clock.now()).time()
        if opens <= closes:
            return opens <= now < closes
        return now >= opens or now < closes  # open past midnight

    def describe(self) -> str:
        opens, closes = self.hours
        return f"{opens:%H:%M}–{closes:%H:%M}"
