"""ReverseLoyaltyPointsCommand: the completion that earned an order's points was recalled."""

from __future__ import annotations

from dataclasses import dataclass

from loyalty.dtos import LoyaltyAwardDto
from loyalty.models import EntryKind, LoyaltyAward
from orders.models import Order
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class ReverseLoyaltyPointsCommand(Command[LoyaltyAwardDto | None]):
    """``data`` is the reversal, or None when the order holds no award to reverse.

    ``event_id`` is the recall (a recall reverses once however often it is delivered).
    """

    order_id: str
    event_id: str


class ReverseLoyaltyPointsHandler(CommandHandler[ReverseLoyaltyPointsCommand, LoyaltyAwardDto | None]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, command: ReverseLoyaltyPointsCommand) -> OperationResult[LoyaltyAwardDto | None]:
        # The order's lock serialises this with an award of the same order.
        Order.objects.select_for_update().filter(public_id=command.order_id).first()
        done = LoyaltyAward.objects.select_related("order").filter(event_id=command.event_id).first()
        if done is not None:
            return OperationResult.ok(LoyaltyAwardDto.of(done))
        standing = (LoyaltyAward.objects.select_related("order")
                    .filter(order__public_id=command.order_id, kind=EntryKind.AWARD, reversal__isnull=True)
                    .order_by("-awarded_at", "-pk").first())
        if standing is None:
            return OperationResult.ok(None)
        reversal = LoyaltyAward.objects.create(
            order=standing.order, user_id=standing.user_id, kind=EntryKind.REVERSAL, points=-standing.points,
            event_id=command.event_id, reverses=standing, awarded_at=self.clock.now(),
        )
        return OperationResult.created(LoyaltyAwardDto.of(reversal))
