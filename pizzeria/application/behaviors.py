"""Pipeline behaviors: each wraps the next step, in the order settings give.

Default order: logging/timing -> validation -> transaction -> query cache -> handler.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from abc import ABC, abstractmethod
import logging
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import cache, partial

from django.core.cache import caches
from django.db import transaction

from pizzeria.application.aggregates import unit_of_work_scope
from pizzeria.application.events import EventPublisher, EventStore
from pizzeria.application.requests import Command, DomainEvent, Query, Request
from pizzeria.application.results import OperationResult, Outcome

NextStep = Callable[[], OperationResult]

logger = logging.getLogger("pizzeria.mediator")


class PipelineBehavior(ABC):
    @abstractmethod
    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        raise NotImplementedError


class LoggingBehavior(PipelineBehavior):
    """Logs every request with its outcome and duration.

    A crash is logged with its traceback and re-raised: an unexpected exception is a bug, and
    turning it into an ordinary failed result would hide it (Django's handler answers 500).
    """

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        name = type(request).__name__
        started = time.perf_counter()
        try:
            result = next_step()
        except Exception:
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.exception("%s crashed after %.1f ms", name, elapsed_ms)
            raise
        elapsed_ms = (time.perf_counter() - started) * 1000
        level = logging.ERROR if result.outcome is Outcome.FAILED else logging.INFO
        logger.log(level, "%s -> %s in %.1f ms%s", name, result.outcome, elapsed_ms,
                   f" ({result.error})" if result.error else "")
        return result


UNSTORABLE_TEXT = "This contains characters that can't be saved (a NUL character or broken Unicode)."


def _is_unstorable(text: str) -> bool:
    """NUL (PostgreSQL refuses it) or a lone UTF-16 surrogate, e.g. JSON's "\\ud800" (not encodable as UTF-8)."""
    if "\x00" in text:
        return True
    if text.isascii():  # most text: no surrogate possible, and no copy made to find out
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@cache
def _field_names(dataclass_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(dataclass_type))


_NOT_TEXT = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)  # nothing to look inside


def unstorable_text_fields(value: object, name: str = "") -> dict[str, list[str]]:
    """Field -> message for every piece of text in a request that no database could store.

    Looks inside dataclasses (named ``lines.0.item``), and lists, tuples, sets and dict values
    (reported under the field that holds them). Runs on every request, so a plain field is checked
    where it is found rather than by a call of its own.
    """
    if isinstance(value, str):
        return {name or "request": [UNSTORABLE_TEXT]} if _is_unstorable(value) else {}
    errors: dict[str, list[str]] = {}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field_name in _field_names(type(value)):
            inner = f"{name}.{field_name}" if name else field_name
            item = getattr(value, field_name)
            if isinstance(item, str):
                if _is_unstorable(item):
                    errors[inner] = [UNSTORABLE_TEXT]
            elif item is not None and not isinstance(item, _NOT_TEXT):
                errors.update(unstorable_text_fields(item, inner))
    elif isinstance(value, (list, tuple, set, frozenset, dict)):
        items = value.values() if isinstance(value, dict) else value
        for index, item in enumerate(items):
            inner = f"{name}.{index}" if dataclasses.is_dataclass(item) else name
            errors.update(unstorable_text_fields(item, inner))
    return errors


class ValidationBehavior(PipelineBehavior):
    """Runs the request's own rules; a request with field errors never reaches its handler.

    Text that no database can store (NUL, lone surrogates) is refused here for every request, so
    a hostile URL or JSON body is a 422 rather than a crash in the handler's first query.
    """

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        field_errors = unstorable_text_fields(request) or request.validate()
        if field_errors:
            return OperationResult.validation_error(field_errors)
        return next_step()


class _RollBack(Exception):
    def __init__(self, result: OperationResult) -> None:
        self.result = result


class TransactionBehavior(PipelineBehavior):
    """Runs a command in one transaction with its event storage and queued side effects;
    runs the after-commit handlers once it commits.

    A failed result rolls everything back and its events are dropped unpublished.
    """

    def __init__(self, publisher: EventPublisher, event_store: EventStore) -> None:
        self.publisher = publisher
        self.event_store = event_store

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        if not isinstance(request, Command):
            return next_step()
        with unit_of_work_scope() as unit_of_work:
            try:
                with transaction.atomic():
                    result = next_step()
                    if not result.is_success:
                        raise _RollBack(result)
                    events = unit_of_work.collect_events()
                    if events:
                        # The outbox: timeline entries and the queued handlers' tasks commit with the
                        # aggregate; only the live broadcasts wait for the commit, in this process.
                        self.event_store.append(events, unit_of_work.aggregates)
                        self.publisher.enqueue_all(events)
                        transaction.on_commit(partial(self.publisher.publish_after_commit, events), robust=True)
            except _RollBack as rolled_back:
                unit_of_work.discard()
                return rolled_back.result
            except BaseException:
                unit_of_work.discard()
                raise
        return result


class QueryCache:
    """Versioned cache of query results: an event bumps the version of the queries it affects.

    Versions live in the cache itself, so with Redis every process sees an invalidation. The cache
    is an optimisation: if it is unreachable (Redis down), queries run uncached instead of failing.
    """

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]

    @staticmethod
    def _version_key(query_type: type) -> str:
        return f"mediator:version:{query_type.__module__}.{query_type.__qualname__}"

    def _current_version(self, query_type: type) -> str:
        key = self._version_key(query_type)
        version = self.cache.get(key)
        if version is None:
            self.cache.add(key, uuid.uuid4().hex, None)
            version = self.cache.get(key)
        return version

    def key_for(self, query: Query) -> str:
        digest = hashlib.sha1(repr(query).encode()).hexdigest()
        return f"mediator:query:{self._current_version(type(query))}:{digest}"

    def lookup(self, query: Query) -> tuple[str | None, OperationResult | None]:
        """The query's key at the current version, and the result stored under it (if any).

        The caller stores a fresh result under this same key: if the data changed while the query
        ran, the version moved on and the key is already dead, so a stale result is never served.
        """
        try:
            key = self.key_for(query)
            return key, self.cache.get(key)
        except Exception:
            logger.warning("Query cache unavailable; running %s uncached", type(query).__name__, exc_info=True)
            return None, None

    def put(self, key: str, result: OperationResult, seconds: int) -> None:
        try:
            self.cache.set(key, result, seconds)
        except Exception:
            logger.warning("Query cache unavailable; result not cached (%s)", key)

    def invalidate(self, query_type: type) -> None:
        try:
            self.cache.set(self._version_key(query_type), uuid.uuid4().hex, None)
        except Exception:
            # Entries expire by themselves (cache_seconds); a cache that is down serves nothing stale.
            logger.warning("Query cache unavailable; could not invalidate %s", query_type.__name__)

    def invalidate_for(self, event: DomainEvent, query_types: set[type]) -> None:
        for query_type in query_types:
            if isinstance(event, query_type.invalidated_by):
                self.invalidate(query_type)


class QueryCachingBehavior(PipelineBehavior):
    """Serves opted-in queries from the cache; only successful results are stored."""

    def __init__(self, query_cache: QueryCache) -> None:
        self.query_cache = query_cache

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        if not isinstance(request, Query) or not request.cache_seconds:
            return next_step()
        key, cached = self.query_cache.lookup(request)
        if cached is not None:
            return cached
        result = next_step()
        if result.is_success and key is not None:
            self.query_cache.put(key, result, request.cache_seconds)
        return result
