"""The mediator layer: commands, queries, events, handlers and pipeline behaviors.

Nothing in this package knows about pizzas; the apps register their handlers through
``settings.MEDIATOR["HANDLER_MODULES"]`` and their services through ``settings.MEDIATOR["SERVICES"]``.
"""

from pizzeria.application.requests import (
    AFTER_COMMIT,
    QUEUED,
    Command,
    CommandHandler,
    DomainEvent,
    EventHandler,
    Query,
    QueryHandler,
    Request,
    RetryLater,
)
from pizzeria.application.results import OperationResult, Outcome

__all__ = [
    "AFTER_COMMIT",
    "QUEUED",
    "Command",
    "CommandHandler",
    "DomainEvent",
    "EventHandler",
    "OperationResult",
    "Outcome",
    "Query",
    "QueryHandler",
    "Request",
    "RetryLater",
]
