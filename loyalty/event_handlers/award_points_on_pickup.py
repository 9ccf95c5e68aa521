"""A picked-up order earns its customer loyalty points."""

from __future__ import annotations

import logging

from loyalty.commands.award_points import AwardLoyaltyPointsCommand
from orders.domain_events import OrderPickedUp
from pizzeria.application import EventHandler
from pizzeria.application.mediator import Mediator

logger = logging.getLogger(__name__)


class AwardPointsOnPickup(EventHandler[OrderPickedUp]):
    def __init__(self, mediator: Mediator) -> None:
        self.mediator = mediator

    def handle(self, event: OrderPickedUp) -> None:
        result = self.mediator.execute(AwardLoyaltyPointsCommand(order_id=event.aggregate_id, event_id=event.event_id))
        if not result:
            logger.warning("No loyalty points for picked-up order %s: %s", event.aggregate_id, result.error)
