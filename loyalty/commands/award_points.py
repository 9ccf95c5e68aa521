"""AwardLoyaltyPointsCommand: a delivered or picked-up order earns its customer points, once."""

from __future__ import annotations

from dataclasses import dataclass

from loyalty.dtos import LoyaltyAwardDto
from loyalty.models import EntryKind, LoyaltyAward
from loyalty.rules import points_for
from orders.models import Order, OrderStatus
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult

COMPLETED = (OrderStatus.DELIVERED, OrderStatus.PICKED_UP)


@dataclass(frozen=True)
class AwardLoyaltyPointsCommand(Command[LoyaltyAwardDto | None]):
    """``data`` is the award (the standing one when already awarded), or None for a guest order.

    ``event_id`` is the completion event that earns the points (booked once per event).
    """

    order_id: str
    event_id: str | None = None


class AwardLoyaltyPointsHandler(CommandHandler[AwardLoyaltyPointsCommand, LoyaltyAwardDto | None]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, command: AwardLoyaltyPointsCommand) -> OperationResult[LoyaltyAwardDto | None]:
        # The lock serialises two awards of one order; the unique event id is the backstop.
        order = Order.objects.select_for_update().filter(public_id=command.order_id).first()
        if order is None:
            return OperationResult.not_found(f"There is no order {command.order_id}.")
        if order.status not in COMPLETED:
            return OperationResult.conflict(
                f"Order #{order.pk} is {order.get_status_display().lower()}: "
                "points are earned once it is delivered or picked up."
            )
        # An order holds at most one award that has not been reversed.
        standing = (LoyaltyAward.objects.select_related("order")
                    .filter(order=order, kind=EntryKind.AWARD, reversal__isnull=True).first())
        if standing is not None:
            return OperationResult.ok(LoyaltyAwardDto.of(standing))
        if order.customer_id is None:
            return OperationResult.ok(None)  # guest orders earn nothing
        award = LoyaltyAward.objects.create(
            order=order, user_id=order.customer_id, kind=EntryKind.AWARD, points=points_for(order.total_amount),
            event_id=command.event_id, awarded_at=self.clock.now(),
        )
        return OperationResult.created(LoyaltyAwardDto.of(award))
