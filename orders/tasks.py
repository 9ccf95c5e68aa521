"""Order ahead's task: wake the kitchen board when a scheduled order's lead time comes."""

from __future__ import annotations

import logging
from datetime import datetime

from django_tasks import task, task_backends

from pizzeria.application.outbox import enqueue

logger = logging.getLogger(__name__)


@task()
def release_scheduled_order(order_id: str) -> str:
    from orders.commands.release_scheduled_order import ReleaseScheduledOrderCommand
    from pizzeria.application.mediator import get_mediator

    result = get_mediator().execute(ReleaseScheduledOrderCommand(order_id=order_id))
    if not result.is_success:
        raise RuntimeError(result.error)  # e.g. run early: the queue retries it (QUEUED_RETRY_DELAYS)
    return "released" if result.data.released else f"nothing to release ({result.data.reason})"


def schedule_release(order_id: str, *, at: datetime) -> bool:
    """Queue the release for ``at`` in the current transaction (the outbox): it commits with the
    order or not at all. A backend that can't run tasks later (the tests' immediate one) gets none:
    the board still shows the order from its release time at the next resync or reload."""
    if not task_backends[release_scheduled_order.backend].supports_defer:
        logger.warning("Task backend %s can't run tasks later: order %s's release is not queued",
                       release_scheduled_order.backend, order_id)
        return False
    enqueue(release_scheduled_order.using(run_after=at), order_id=order_id)
    return True
