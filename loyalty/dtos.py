"""What loyalty commands and queries return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from loyalty.models import LoyaltyAward


@dataclass(frozen=True)
class LoyaltyAwardDto:
    order_id: str
    order_number: int
    order_total: Decimal
    points: int
    awarded_at: datetime

    @classmethod
    def of(cls, award: LoyaltyAward) -> LoyaltyAwardDto:
        return cls(order_id=award.order.public_id, order_number=award.order_id, order_total=award.order.total_amount,
                   points=award.points, awarded_at=award.awarded_at)
