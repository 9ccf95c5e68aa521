"""GetOnlineOrderingQuery: busy mode as customers and the kitchen see it right now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import time_format

from orders.models import OnlineOrdering
from orders.repositories import OnlineOrderingRepository
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class OnlineOrderingDto:
    extra_minutes: int
    is_paused: bool
    paused_until: datetime | None
    retry_after_seconds: int
    notice: str  # what a customer is told before building a cart ("" when nothing to say)


def online_ordering_dto(online_ordering: OnlineOrdering, now: datetime) -> OnlineOrderingDto:
    paused = online_ordering.is_paused(now)
    if paused:
        until = time_format(timezone.localtime(online_ordering.paused_until), "g:i A")
        notice = (f"Online ordering is paused while the kitchen catches up: orders for as soon as possible "
                  f"are taken again at {until}.")
    elif online_ordering.extra_minutes:
        notice = f"The kitchen is busy: orders take about {online_ordering.extra_minutes} minutes longer than usual."
    else:
        notice = ""
    return OnlineOrderingDto(
        extra_minutes=online_ordering.extra_minutes, is_paused=paused,
        paused_until=online_ordering.paused_until if paused else None,
        retry_after_seconds=online_ordering.seconds_until_open(now), notice=notice,
    )


@dataclass(frozen=True)
class GetOnlineOrderingQuery(Query[OnlineOrderingDto]):
    pass


class GetOnlineOrderingHandler(QueryHandler[GetOnlineOrderingQuery, OnlineOrderingDto]):
    def __init__(self, repository: OnlineOrderingRepository, clock: Clock) -> None:
        self.repository, self.clock = repository, clock

    def handle(self, query: GetOnlineOrderingQuery) -> OperationResult[OnlineOrderingDto]:
        return OperationResult.ok(online_ordering_dto(self.repository.current(), self.clock.now()))
