"""The SMS port and its built-in adapter. Email goes through Django's mail framework instead."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass

logger = logging.getLogger(__name__)


class SmsSender(ABC):
    @abstractmethod
    def send(self, *, to: str, body: str) -> None:
        """Send ``body`` to the phone number ``to`` (E.164); raise when the message was not accepted."""


@dataclass(frozen=True)
class RecordedSms:
    to: str
    body: str


class RecordingSmsSender(SmsSender):
    """Stands in for an SMS provider: keeps the latest messages in memory and logs them."""

    KEPT = 200  # bounded: it lives as long as the process; the Notification table is the real log

    def __init__(self) -> None:
        self.sent: deque[RecordedSms] = deque(maxlen=self.KEPT)

    def send(self, *, to: str, body: str) -> None:
        self.sent.append(RecordedSms(to=to, body=body))
        logger.info("SMS to %s (recorded, not sent): %s", to, body)
