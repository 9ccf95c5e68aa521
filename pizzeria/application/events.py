"""Ports around domain events: where they are stored, and who publishes them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from pizzeria.application.requests import DomainEvent


class EventStore(ABC):
    """Writes a command's events inside its transaction (e.g. an order's timeline).

    ``aggregates`` are the saved aggregates that raised them, so a store can use their keys
    instead of looking them up again.
    """

    @abstractmethod
    def append(self, events: Sequence[DomainEvent], aggregates: Sequence[object] = ()) -> None: ...


class EventPublisher(ABC):
    """Delivers events to their handlers; the mediator is the implementation."""

    @abstractmethod
    def enqueue_all(self, events: Iterable[DomainEvent]) -> None:
        """Inside the command's transaction: write the tasks of the queued handlers."""

    @abstractmethod
    def publish_after_commit(self, events: Iterable[DomainEvent]) -> None:
        """After commit, in this process: run the after-commit handlers (live broadcasts)."""

    @abstractmethod
    def publish_all(self, events: Iterable[DomainEvent]) -> None:
        """Both, for events raised outside a command."""


class InMemoryEventStore(EventStore):
    """Keeps events in a list; for tests and for projects without a timeline."""

    def __init__(self) -> None:
        self.events: list[DomainEvent] = []

    def append(self, events: Sequence[DomainEvent], aggregates: Sequence[object] = ()) -> None:
        self.events.extend(events)
