"""The notification log: one row per event and channel, with its delivery attempts.

Rows are written by the queued event handlers; each is sent by its own ``deliver_notification``
task, so a failure on one channel is retried without resending the other.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone

from orders.models import Order


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"  # the last attempt failed; the task queue retries it with backoff
    CANCELLED = "cancelled", "Cancelled"  # no longer true (the kitchen recalled the step): never sent


class Notification(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notifications")
    event_id = models.CharField(max_length=64, help_text="The domain event this message tells of.")
    event_type = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=254, help_text="Email address or phone number (E.164).")
    subject = models.CharField(max_length=200, blank=True, help_text="Email only.")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One message per event and channel, however often the event is delivered.
            models.UniqueConstraint(fields=["event_id", "channel"], name="one_notification_per_event_channel"),
        ]
        indexes = [models.Index(fields=["order", "event_type"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.event_type} for order #{self.order_id} ({self.status})"

    @property
    def awaits_sending(self) -> bool:
        return self.status in (NotificationStatus.PENDING, NotificationStatus.FAILED)

    def mark_sent(self, *, at: datetime) -> None:
        self.attempts += 1
        self.status, self.sent_at = NotificationStatus.SENT, at

    def mark_failed(self, *, error: str) -> None:
        self.attempts += 1
        self.status, self.last_error = NotificationStatus.FAILED, error[:1000]

    def cancel(self) -> None:
        self.status = NotificationStatus.CANCELLED
