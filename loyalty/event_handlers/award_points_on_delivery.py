"""A delivered order earns its customer loyalty points."""

from __future__ import annotations

import logging

from loyalty.commands.award_points import AwardLoyaltyPointsCommand
from orders.domain_events import OrderDelivered
from pizzeria.application import EventHandler
from pizzeria.application.mediator import Mediator

logger = logging.getLogger(__name__)


class AwardPointsOnDelivery(EventHandler[OrderDelivered]):
    def __init__(self, mediator: Mediator) -> None:
        self.mediator = mediator

    def handle(self, event: OrderDelivered) -> None:
        result = self.mediator.execute(AwardLoyaltyPointsCommand(order_id=event.aggregate_id, event_id=event.event_id))
        if not result:
            logger.warning("No loyalty points for delivered order %s: %s", event.aggregate_id, result.error)
