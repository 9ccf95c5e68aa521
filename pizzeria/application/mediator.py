"""The mediator: routes each request through the behaviors to its one handler, and
publishes domain events to every handler of them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from functools import partial

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils.module_loading import import_string

from pizzeria.application import outbox
from pizzeria.application.behaviors import PipelineBehavior, QueryCache
from pizzeria.application.codec import encode_event
from pizzeria.application.container import Container
from pizzeria.application.events import EventPublisher, EventStore, InMemoryEventStore
from pizzeria.application.registry import HandlerRegistry
from pizzeria.application.requests import AFTER_COMMIT, QUEUED, DomainEvent, Request, TResult
from pizzeria.application.results import OperationResult

logger = logging.getLogger("pizzeria.mediator")


class Mediator(EventPublisher):
    def __init__(
        self,
        *,
        registry: HandlerRegistry,
        behavior_classes: Sequence[type[PipelineBehavior]] = (),
        container: Container | None = None,
    ) -> None:
        self.registry = registry
        self.container = container or Container()
        self.container.register_instance(Mediator, self)
        self.container.register_instance(EventPublisher, self)
        if not self.container.is_registered(EventStore):
            self.container.register_instance(EventStore, InMemoryEventStore())
        self.behaviors = [self.container.build(cls) for cls in behavior_classes]
        self._handlers: dict[type, object] = {}
        self._handlers_version = self.container.version

    def _handler(self, handler_class: type):
        """Handlers are stateless: build each once, again only after a service is re-registered."""
        if self._handlers_version != self.container.version:
            self._handlers, self._handlers_version = {}, self.container.version
        handler = self._handlers.get(handler_class)
        if handler is None:
            handler = self._handlers[handler_class] = self.container.build(handler_class)
        return handler

    # --- requests ------------------------------------------------------------------------
    def execute(self, request: Request[TResult]) -> OperationResult[TResult]:
        """Run ``request`` through every behavior to its handler (sync code only)."""
        handler = self._handler(self.registry.handler_for(type(request)))
        step = partial(handler.handle, request)
        for behavior in reversed(self.behaviors):
            step = partial(behavior.handle, request, step)
        return step()

    async def execute_async(self, request: Request[TResult]) -> OperationResult[TResult]:
        """For consumers: the transaction needs a sync thread with its own connection."""
        return await database_sync_to_async(self.execute)(request)

    # --- events --------------------------------------------------------------------------
    def _handlers_of(self, event: DomainEvent, runs: str) -> list[type]:
        return [cls for cls in self.registry.event_handlers_for(type(event)) if cls.runs == runs]

    def enqueue_all(self, events: Iterable[DomainEvent]) -> None:
        """Write one task per (queued handler, event), in the caller's transaction (the outbox)."""
        for event in events:
            encoded = None
            for handler_class in self._handlers_of(event, QUEUED):
                encoded = encoded or encode_event(event)
                outbox.enqueue(outbox.run_queued_handler, handler=outbox.handler_path(handler_class), event=encoded)

    def publish(self, event: DomainEvent) -> None:
        """Run the after-commit handlers of ``event`` here and now; one failing never stops the others."""
        self.container.resolve(QueryCache).invalidate_for(event, self.registry.query_types)
        for handler_class in self._handlers_of(event, AFTER_COMMIT):
            try:
                self._handler(handler_class).handle(event)
            except Exception:
                logger.exception("Event handler %s failed on %s for %s",
                                 handler_class.__qualname__, event.event_type(), event.aggregate_id)

    def publish_after_commit(self, events: Iterable[DomainEvent]) -> None:
        for event in events:
            self.publish(event)

    def publish_all(self, events: Iterable[DomainEvent]) -> None:
        """For events raised outside a command (an admin edit): queue their side effects, then
        run the after-commit handlers. Commands go through the transaction behavior instead."""
        events = list(events)
        self.enqueue_all(events)
        self.publish_after_commit(events)

    def run_queued(self, path: str, event: DomainEvent) -> str:
        """Run one queued handler on one event, at most once (what the task calls)."""
        handler_class = next((cls for cls in self._handlers_of(event, QUEUED) if outbox.handler_path(cls) == path), None)
        if handler_class is None:
            raise LookupError(f"{path} is not a queued handler of {event.event_type()}.")
        return outbox.run_once(handler_class, event, self._handler(handler_class).handle)


_lock = threading.Lock()
_mediator: Mediator | None = None


def build_mediator_from_settings() -> Mediator:
    config = settings.MEDIATOR
    container = Container()
    container.register_from_settings(config.get("SERVICES", {}))
    return Mediator(
        registry=HandlerRegistry.discover(config.get("HANDLER_MODULES", ())),
        behavior_classes=[import_string(path) for path in config.get("BEHAVIORS", ())],
        container=container,
    )


def get_mediator() -> Mediator:
    """The process-wide mediator, built from ``settings.MEDIATOR`` on first use."""
    global _mediator
    if _mediator is None:
        with _lock:
            if _mediator is None:
                _mediator = build_mediator_from_settings()
    return _mediator


def reset_mediator() -> None:
    """Forget the process-wide mediator (tests that change settings or swap services)."""
    global _mediator
    with _lock:
        _mediator = None
