"""RetryFailedNotificationsCommand: resend the failed notifications whose next attempt is due."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.models import Notification
from notifications.notifier import CustomerNotifier
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult

MAX_BATCH = 500


@dataclass(frozen=True)
class RetriedNotifications:
    attempted: int
    sent: int
    failed: int  # failed again: retried later, or given up after the last attempt


@dataclass(frozen=True)
class RetryFailedNotificationsCommand(Command[RetriedNotifications]):
    limit: int = 100  # the oldest due first; the rest wait for the next run

    def validate(self) -> dict[str, list[str]]:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_BATCH:
            return {"limit": [f"The limit must be 1 to {MAX_BATCH}."]}
        return {}


class RetryFailedNotificationsHandler(CommandHandler[RetryFailedNotificationsCommand, RetriedNotifications]):
    def __init__(self, notifier: CustomerNotifier, clock: Clock) -> None:
        self.notifier, self.clock = notifier, clock

    def handle(self, command: RetryFailedNotificationsCommand) -> OperationResult[RetriedNotifications]:
        # Locked until commit, so two retry runs at once never send the same message twice.
        due = list(Notification.objects.due_for_retry(self.clock.now()).select_for_update()[: command.limit])
        sent = sum(self.notifier.deliver(notification) for notification in due)
        return OperationResult.ok(RetriedNotifications(attempted=len(due), sent=sent, failed=len(due) - sent))
