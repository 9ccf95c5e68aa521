"""SetOnlineOrderingCommand: the kitchen's busy mode — add minutes to every promise, or pause
online ordering for a while (it resumes by itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from orders.queries.get_online_ordering import OnlineOrderingDto, online_ordering_dto
from orders.repositories import OnlineOrderingRepository
from orders.services import Clock
from pizzeria.application import Command, CommandHandler, OperationResult

MAX_EXTRA_MINUTES = 60
MAX_PAUSE_MINUTES = 240


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class SetOnlineOrderingCommand(Command[OnlineOrderingDto]):
    extra_minutes: int | None = None  # added to every new order's promise; None: as it is
    pause_minutes: int | None = None  # 0: take orders again; n: refuse online orders for n minutes; None: as it is
    changed_by: str = ""

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.extra_minutes is None and self.pause_minutes is None:
            errors["extra_minutes"] = ["Choose extra minutes, a pause, or both."]
        if self.extra_minutes is not None and (
                not _whole(self.extra_minutes) or not 0 <= self.extra_minutes <= MAX_EXTRA_MINUTES):
            errors["extra_minutes"] = [f"Extra minutes must be a whole number from 0 to {MAX_EXTRA_MINUTES}."]
        if self.pause_minutes is not None and (
                not _whole(self.pause_minutes) or not 0 <= self.pause_minutes <= MAX_PAUSE_MINUTES):
            errors["pause_minutes"] = [f"A pause lasts from 0 to {MAX_PAUSE_MINUTES} minutes."]
        return errors


class SetOnlineOrderingHandler(CommandHandler[SetOnlineOrderingCommand, OnlineOrderingDto]):
    def __init__(self, repository: OnlineOrderingRepository, clock: Clock) -> None:
        self.repository, self.clock = repository, clock

    def handle(self, command: SetOnlineOrderingCommand) -> OperationResult[OnlineOrderingDto]:
        now = self.clock.now()
        online_ordering = self.repository.get_for_update()
        extra = online_ordering.extra_minutes if command.extra_minutes is None else command.extra_minutes
        if command.pause_minutes is None:
            paused_until = online_ordering.paused_until if online_ordering.is_paused(now) else None
        else:
            paused_until = now + timedelta(minutes=command.pause_minutes) if command.pause_minutes else None
        online_ordering.change(extra_minutes=extra, paused_until=paused_until, by=command.changed_by[:150], at=now)
        self.repository.save(online_ordering)
        return OperationResult.ok(online_ordering_dto(online_ordering, now))
