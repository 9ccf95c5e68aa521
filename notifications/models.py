"""The notification log: one row per order, event and channel, with its delivery attempts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from orders.models import Order

MAX_ATTEMPTS = 5
"""A notification is tried at most this many times (the first send and four retries), then given up."""

FIRST_RETRY_DELAY = timedelta(minutes=1)
"""Retries back off exponentially: 1, 2, 4 and 8 minutes after the 1st, 2nd, 3rd and 4th failure."""


def retry_delay(attempts: int) -> timedelta:
    return FIRST_RETRY_DELAY * 2 ** (attempts - 1)


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class NotificationQuerySet(models.QuerySet):
    def due_for_retry(self, now: datetime) -> NotificationQuerySet:
        """Failed notifications whose next attempt has come (given-up ones have no next attempt)."""
        return self.filter(status=NotificationStatus.FAILED, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")


class Notification(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notifications")
    event_type = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=254, help_text="Email address or phone number (E.164).")
    subject = models.CharField(max_length=200, blank=True, help_text="Email only.")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Empty once sent or given up.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Publishing an event twice must not message the customer twice.
            models.UniqueConstraint(fields=["order", "event_type", "channel"], name="one_notification_per_event_channel"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.event_type} for order #{self.order_id} ({self.status})"

    def mark_sent(self, *, at: datetime) -> None:
        self.attempts += 1
        self.status, self.sent_at, self.next_attempt_at = NotificationStatus.SENT, at, None

    def mark_failed(self, *, error: str, at: datetime) -> None:
        self.attempts += 1
        self.status, self.last_error = NotificationStatus.FAILED, error[:1000]
        self.next_attempt_at = at + retry_delay(self.attempts) if self.attempts < MAX_ATTEMPTS else None
