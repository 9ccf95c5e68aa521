"""The notification app's own task: send one logged message (retried with backoff by the queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_notification(notification_id: int) -> str:
    from notifications.notifier import CustomerNotifier
    from pizzeria.application.mediator import get_mediator

    # Built per task from the container, so the configured SMS gateway and clock are used.
    return get_mediator().container.build(CustomerNotifier).deliver(notification_id)
