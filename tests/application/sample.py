"""A tiny, pizza-free domain to exercise the mediator: labels stored as auth groups."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection

from pizzeria.application import (
    AFTER_COMMIT, Command, CommandHandler, DomainEvent, EventHandler, OperationResult, Query, QueryHandler,
)
from pizzeria.application.aggregates import AggregateRoot, track
from pizzeria.application.behaviors import PipelineBehavior


class Journal:
    """What happened during a test (a container singleton shared by handlers and behaviors)."""

    def __init__(self) -> None:
        self.entries: list[tuple] = []


@dataclass(frozen=True, kw_only=True)
class LabelCreated(DomainEvent):
    name: str


class Label(AggregateRoot):
    def __init__(self, name: str) -> None:
        self.name = name
        self.record_event(LabelCreated(aggregate_id=name, name=name))


@dataclass(frozen=True)
class CreateLabelCommand(Command[str]):
    name: str
    fail_after_writing: bool = False
    crash_after_writing: bool = False

    def validate(self):
        return {} if self.name.strip() else {"name": ["A label needs a name."]}


class CreateLabelHandler(CommandHandler[CreateLabelCommand, str]):
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, command: CreateLabelCommand) -> OperationResult[str]:
        self.journal.entries.append(("handler", command.name))
        Group.objects.create(name=command.name)
        track(Label(command.name))
        if command.crash_after_writing:
            raise RuntimeError("boom")
        if command.fail_after_writing:
            return OperationResult.conflict("Changed my mind.")
        return OperationResult.created(command.name)


@dataclass(frozen=True)
class CountLabelsQuery(Query[int]):
    prefix: str = ""

    cache_seconds = 60
    invalidated_by = (LabelCreated,)


class CountLabelsHandler(QueryHandler[CountLabelsQuery, int]):
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, query: CountLabelsQuery) -> OperationResult[int]:
        self.journal.entries.append(("count", query.prefix))
        return OperationResult.ok(Group.objects.filter(name__startswith=query.prefix).count())


@dataclass(frozen=True)
class UncachedCountQuery(Query[int]):
    pass


class UncachedCountHandler(QueryHandler[UncachedCountQuery, int]):
    def handle(self, query: UncachedCountQuery) -> OperationResult[int]:
        return OperationResult.ok(Group.objects.count())


class RecordLabelCreated(EventHandler[LabelCreated]):
    """Notes whether the change was committed and visible when the event arrived."""

    runs = AFTER_COMMIT

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, event: LabelCreated) -> None:
        self.journal.entries.append((
            "event", event.name, connection.in_atomic_block, Group.objects.filter(name=event.name).exists(),
        ))


class BrokenLabelListener(EventHandler[LabelCreated]):
    runs = AFTER_COMMIT

    def handle(self, event: LabelCreated) -> None:
        raise RuntimeError("the SMS gateway is down")


class AfterBrokenListener(EventHandler[DomainEvent]):
    """Handles every event (registered on the base type), and runs after the broken one."""

    runs = AFTER_COMMIT

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, event: DomainEvent) -> None:
        self.journal.entries.append(("any-event", event.aggregate_id))


class OuterBehavior(PipelineBehavior):
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, request, next_step):
        self.journal.entries.append(("outer-before", type(request).__name__))
        result = next_step()
        self.journal.entries.append(("outer-after", type(request).__name__))
        return result


class InnerBehavior(PipelineBehavior):
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def handle(self, request, next_step):
        self.journal.entries.append(("inner-before", type(request).__name__))
        result = next_step()
        self.journal.entries.append(("inner-after", type(request).__name__))
        return result
