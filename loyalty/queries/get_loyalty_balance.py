"""GetLoyaltyBalanceQuery: a customer's points in total and their latest awards."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from loyalty.dtos import LoyaltyAwardDto
from loyalty.models import EntryKind, LoyaltyAward
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class LoyaltyBalanceDto:
    total_points: int
    recent_awards: tuple[LoyaltyAwardDto, ...]  # standing awards, newest first


@dataclass(frozen=True)
class GetLoyaltyBalanceQuery(Query[LoyaltyBalanceDto]):
    user_id: int
    recent: int = 5

    def validate(self) -> dict[str, list[str]]:
        if isinstance(self.recent, bool) or not isinstance(self.recent, int) or not 0 <= self.recent <= 50:
            return {"recent": ["Show 0 to 50 recent awards."]}
        return {}


class GetLoyaltyBalanceHandler(QueryHandler[GetLoyaltyBalanceQuery, LoyaltyBalanceDto]):
    def handle(self, query: GetLoyaltyBalanceQuery) -> OperationResult[LoyaltyBalanceDto]:
        entries = LoyaltyAward.objects.filter(user_id=query.user_id)
        total = entries.aggregate(total=Sum("points"))["total"] or 0  # reversals are negative
        # The awards that still stand (a reversed one is neither earned nor shown).
        standing = entries.filter(kind=EntryKind.AWARD, reversal__isnull=True)
        recent = standing.select_related("order").order_by("-awarded_at", "-pk")[: query.recent]
        return OperationResult.ok(LoyaltyBalanceDto(
            total_points=total, recent_awards=tuple(LoyaltyAwardDto.of(award) for award in recent),
        ))
