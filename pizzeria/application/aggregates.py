"""Aggregates record domain events; the unit of work collects them for the transaction."""

from __future__ import annotations

from contextvars import ContextVar

from pizzeria.application.requests import DomainEvent


class AggregateRoot:
    """Mixin for an aggregate that raises domain events (works on Django models too)."""

    def record_event(self, event: DomainEvent) -> None:
        self.__dict__.setdefault("_pending_events", []).append(event)

    def pull_events(self) -> list[DomainEvent]:
        """Hand over the events raised since the last pull (each event is pulled once)."""
        return self.__dict__.pop("_pending_events", [])

    @property
    def pending_events(self) -> tuple[DomainEvent, ...]:
        return tuple(self.__dict__.get("_pending_events", ()))


class UnitOfWork:
    """The aggregates a command saved; their events are stored and published with it."""

    def __init__(self) -> None:
        self._aggregates: list[AggregateRoot] = []

    def track(self, aggregate: AggregateRoot) -> None:
        if not any(tracked is aggregate for tracked in self._aggregates):
            self._aggregates.append(aggregate)

    @property
    def aggregates(self) -> tuple[AggregateRoot, ...]:
        return tuple(self._aggregates)

    def collect_events(self) -> list[DomainEvent]:
        events: list[DomainEvent] = []
        for aggregate in self._aggregates:
            events.extend(aggregate.pull_events())
        return events

    def discard(self) -> None:
        for aggregate in self._aggregates:
            aggregate.pull_events()
        self._aggregates.clear()


_current_unit_of_work: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


def current_unit_of_work() -> UnitOfWork | None:
    return _current_unit_of_work.get()


def track(aggregate: AggregateRoot) -> None:
    """Called by repositories when they save an aggregate.

    Outside a command (a shell, a data migration) there is no unit of work, and the
    aggregate's events stay pending on it.
    """
    unit_of_work = _current_unit_of_work.get()
    if unit_of_work is not None:
        unit_of_work.track(aggregate)


class unit_of_work_scope:
    """Context manager that makes a fresh unit of work current for one command."""

    def __enter__(self) -> UnitOfWork:
        self._unit_of_work = UnitOfWork()
        self._token = _current_unit_of_work.set(self._unit_of_work)
        return self._unit_of_work

    def __exit__(self, *exc_info) -> None:
        _current_unit_of_work.reset(self._token)
