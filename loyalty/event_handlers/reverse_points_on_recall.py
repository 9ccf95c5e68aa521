"""The kitchen recalled a pickup (picked up -> ready): the points it earned are taken back.

If the award has not run yet, it is pre-empted instead, so it never books the points at all.
"""

from __future__ import annotations

import logging

from loyalty.commands.reverse_points import ReverseLoyaltyPointsCommand
from loyalty.event_handlers.award_points_on_pickup import AwardPointsOnPickup
from orders.domain_events import StepRecalled
from orders.models import OrderStatus, OrderTimelineEntry
from pizzeria.application import EventHandler
from pizzeria.application.mediator import Mediator
from pizzeria.application.outbox import preempt

logger = logging.getLogger(__name__)


class ReversePointsOnRecall(EventHandler[StepRecalled]):
    def __init__(self, mediator: Mediator) -> None:
        self.mediator = mediator

    def handle(self, event: StepRecalled) -> None:
        if event.status_now != OrderStatus.READY:
            return  # only a recalled pickup takes back a completion (deliveries are not recalled)
        pickup = (OrderTimelineEntry.objects
                  .filter(order__public_id=event.aggregate_id, event_type="OrderPickedUp",
                          occurred_at__lte=event.occurred_at)
                  .order_by("-occurred_at", "-pk").first())
        pickup_id = pickup.payload.get("event_id") if pickup else None
        if pickup_id and preempt(AwardPointsOnPickup, event_id=pickup_id, event_type="OrderPickedUp",
                                 aggregate_id=event.aggregate_id):
            return  # the award had not run: it never will
        result = self.mediator.execute(ReverseLoyaltyPointsCommand(order_id=event.aggregate_id, event_id=event.event_id))
        if not result:
            logger.warning("Loyalty points of order %s not reversed: %s", event.aggregate_id, result.error)
