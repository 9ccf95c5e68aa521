"""A small dependency container: handlers get their services through their constructors.

Services are registered against an abstract type (a port such as ``PaymentGateway``) and
resolved by the type annotations of a constructor. Unregistered concrete classes are built
on demand, so a handler may depend on a repository without registering it.
"""

from __future__ import annotations

import inspect
import threading
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.module_loading import import_string

T = TypeVar("T")


class ResolutionError(LookupError):
    pass


class Container:
    def __init__(self) -> None:
        self._singletons: dict[type, Any] = {}
        self._factories: dict[type, Callable[[], Any]] = {}
        self._constructor_plans: dict[type, list[tuple[str, type]]] = {}
        self._lock = threading.RLock()
        self.version = 0  # bumped by every registration, so users of built objects can rebuild

    def register_instance(self, abstract: type[T], instance: T) -> None:
        self._singletons[abstract] = instance
        self.version += 1

    def register_factory(self, abstract: type[T], factory: Callable[[], T]) -> None:
        """A factory runs once; its product is shared (services here are stateless or thread-safe)."""
        self._singletons.pop(abstract, None)
        self._factories[abstract] = factory
        self.version += 1

    def register_from_settings(self, services: dict[str, str]) -> None:
        for abstract_path, implementation_path in services.items():
            abstract = import_string(abstract_path)
            implementation = import_string(implementation_path)
            self.register_factory(abstract, lambda impl=implementation: self.build(impl))

    def is_registered(self, abstract: type) -> bool:
        return abstract in self._singletons or abstract in self._factories

    def resolve(self, abstract: type[T]) -> T:
        """The shared instance for ``abstract``: registered, or built once if concrete."""
        instance = self._singletons.get(abstract)
        if instance is not None:
            return instance
        with self._lock:
            if abstract in self._singletons:
                return self._singletons[abstract]
            if abstract in self._factories:
                instance = self._factories[abstract]()
            elif inspect.isabstract(abstract) or getattr(abstract, "_is_protocol", False):
                raise ResolutionError(f"No implementation registered for {abstract.__qualname__}.")
            else:
                instance = self.build(abstract)
            self._singletons[abstract] = instance
            return instance

    def build(self, cls: type[T]) -> T:
        """Instantiate ``cls`` with every annotated constructor parameter resolved."""
        plan = self._constructor_plans.get(cls)
        if plan is None:
            plan = self._plan(cls)
            self._constructor_plans[cls] = plan
        return cls(**{name: self.resolve(dependency) for name, dependency in plan})

    @staticmethod
    def _plan(cls: type) -> list[tuple[str, type]]:
        init = cls.__init__
        if init is object.__init__:
            return []
        hints = typing.get_type_hints(init)
        plan = []
        for name, parameter in inspect.signature(init).parameters.items():
            if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.default is not parameter.empty:
                continue
            if name not in hints:
                raise ResolutionError(f"{cls.__qualname__}.__init__ parameter {name!r} has no type annotation.")
            plan.append((name, hints[name]))
        return plan
