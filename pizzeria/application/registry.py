"""Handler discovery: import the configured modules and index every handler they define."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from collections.abc import Iterable
from types import ModuleType

from pizzeria.application.requests import (
    Command,
    CommandHandler,
    DomainEvent,
    EventHandler,
    Query,
    QueryHandler,
    Request,
)


class HandlerNotFound(LookupError):
    pass


class AmbiguousHandler(LookupError):
    pass


def _import_recursively(module_name: str) -> Iterable[ModuleType]:
    module = importlib.import_module(module_name)
    yield module
    if hasattr(module, "__path__"):  # a package: scan its submodules too
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}."):
            yield importlib.import_module(info.name)


class HandlerRegistry:
    def __init__(self) -> None:
        self.request_handlers: dict[type[Request], list[type]] = defaultdict(list)
        self.event_handlers: dict[type[DomainEvent], list[type]] = defaultdict(list)
        self.request_types: set[type[Request]] = set()
        self.query_types: set[type[Query]] = set()

    @classmethod
    def discover(cls, module_names: Iterable[str]) -> HandlerRegistry:
        registry = cls()
        seen: set[type] = set()
        for module_name in module_names:
            for module in _import_recursively(module_name):
                for _, member in inspect.getmembers(module, inspect.isclass):
                    if member.__module__ == module.__name__ and member not in seen:
                        seen.add(member)
                        registry.add(member)
        return registry

    def add(self, cls: type) -> None:
        """Index a handler class, or note a request type that needs one."""
        if issubclass(cls, (CommandHandler, QueryHandler)) and cls.handled_type is not None:
            self.request_handlers[cls.handled_type].append(cls)
            self._note_request(cls.handled_type)
        elif issubclass(cls, EventHandler) and cls.handled_type is not None:
            self.event_handlers[cls.handled_type].append(cls)
        elif issubclass(cls, (Command, Query)) and cls not in (Command, Query):
            self._note_request(cls)

    def _note_request(self, request_type: type) -> None:
        self.request_types.add(request_type)
        if issubclass(request_type, Query):
            self.query_types.add(request_type)

    def handler_for(self, request_type: type[Request]) -> type:
        handlers = self.request_handlers.get(request_type, [])
        if not handlers:
            raise HandlerNotFound(f"No handler is registered for {request_type.__qualname__}.")
        if len(handlers) > 1:
            names = ", ".join(h.__qualname__ for h in handlers)
            raise AmbiguousHandler(f"{request_type.__qualname__} has more than one handler: {names}.")
        return handlers[0]

    def event_handlers_for(self, event_type: type[DomainEvent]) -> list[type]:
        """Handlers of the event's type and of its base types (most specific first)."""
        handlers: list[type] = []
        for klass in event_type.__mro__:
            handlers.extend(self.event_handlers.get(klass, ()))
        return handlers

    def problems(self) -> list[str]:
        """Every request type without exactly one handler, for the system check."""
        found = []
        for request_type in sorted(self.request_types, key=lambda t: t.__qualname__):
            try:
                self.handler_for(request_type)
            except LookupError as problem:
                found.append(str(problem))
        return found
