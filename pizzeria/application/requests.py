"""Typed request bases (commands, queries), domain events, and the handler bases.

A handler names what it handles through its generic parameters, e.g.
``class PlaceOrderHandler(CommandHandler[PlaceOrderCommand, PlacedOrderDto])``; the mediator
reads them at discovery time, so there is no second registration to forget.
"""

from __future__ import annotations

import typing
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from django.utils import timezone

if TYPE_CHECKING:
    from pizzeria.application.results import FieldErrors, OperationResult

TResult = TypeVar("TResult")
TRequest = TypeVar("TRequest", bound="Request")
TEvent = TypeVar("TEvent", bound="DomainEvent")


@dataclass(frozen=True)
class Request(Generic[TResult]):
    """Base of commands and queries: an immutable message with its own validation rules."""

    def validate(self) -> FieldErrors:
        """Return field -> messages for rules the request can check on its own (no database)."""
        return {}


@dataclass(frozen=True)
class Command(Request[TResult]):
    """Changes state. Runs inside a transaction; its domain events are published after commit."""


@dataclass(frozen=True)
class Query(Request[TResult]):
    """Reads state, never writes.

    A query opts in to caching by setting ``cache_seconds`` and naming the events that change
    its data in ``invalidated_by``.
    """

    cache_seconds: ClassVar[int | None] = None
    invalidated_by: ClassVar[tuple[type[DomainEvent], ...]] = ()


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened. Named in the past tense; ``aggregate_id`` says to what.

    ``event_id`` is unique per event: queued handlers are keyed by it, so a redelivered task is a no-op.
    """

    aggregate_id: str
    occurred_at: datetime = field(default_factory=timezone.now)
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__


class _HandlerBase:
    """Marks handler classes and remembers which message type each one handles."""

    handled_type: ClassVar[type | None] = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            args = typing.get_args(base)
            if args and isinstance(args[0], type):
                cls.handled_type = args[0]
                return


class CommandHandler(_HandlerBase, Generic[TRequest, TResult]):
    def handle(self, command: TRequest) -> OperationResult[TResult]:
        raise NotImplementedError


class QueryHandler(_HandlerBase, Generic[TRequest, TResult]):
    def handle(self, query: TRequest) -> OperationResult[TResult]:
        raise NotImplementedError


AFTER_COMMIT = "after_commit"
"""In this process, right after the command commits (live broadcasts): fast, and lost if the process dies."""

QUEUED = "queued"
"""From the task queue: written in the command's transaction, run by a worker once per event, retried."""


class RetryLater(Exception):
    """Raised by a queued task that cannot finish now (a gateway is down): the queue runs it again
    after the next delay of ``settings.MEDIATOR["QUEUED_RETRY_DELAYS"]``, like any failed task, but
    the reason says it is expected rather than a bug."""


class EventHandler(_HandlerBase, Generic[TEvent]):
    """Side effects are QUEUED by default; live broadcasts declare ``runs = AFTER_COMMIT``."""

    runs: ClassVar[str] = QUEUED

    def handle(self, event: TEvent) -> None:
        raise NotImplementedError
