"""Idempotent commands: the same caller sending the same ``idempotency_key`` twice runs the handler once.

A command opts in with two fields: ``idempotency_key`` (what the client sent) and
``idempotency_scope`` (who sent it: a session, or an API token's user). A key belongs to its
scope and its command type: another caller with the same key gets its own fresh result, never
the first caller's. A keyed request without a scope is not deduplicated at all, because there is
nobody to hand the stored result to safely.

With the key, a fingerprint of the request (an HMAC of every other field) is stored. The same key
with a different request is refused with 422 instead of silently replaying an unrelated result.

The behavior sits before validation, so a repeated form post (whose cart is already consumed)
still gets the first result back. It wraps the rest of the pipeline in a transaction and records
the result in it: an order and its "already processed" record commit together or not at all.
Same-key requests are serialised by a lock (PostgreSQL advisory lock; SQLite's write lock is taken
at BEGIN IMMEDIATE). Results are stored as JSON and kept for ``IDEMPOTENCY_TTL``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import types
import typing
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from pizzeria.application.behaviors import NextStep, PipelineBehavior
from pizzeria.application.models import ProcessedCommand
from pizzeria.application.requests import Command, Request
from pizzeria.application.results import OperationResult, Outcome

IDEMPOTENCY_TTL = timedelta(hours=24)
KEY_REUSED_FIELD = "idempotency_key"
KEY_REUSED = "This idempotency key was already used for a different request. Send a new key for a new request."
_EXCLUDED_FROM_FINGERPRINT = {"idempotency_key", "idempotency_scope"}


class _ExactEncoder(DjangoJSONEncoder):
    """Like Django's, but keeps microseconds (a replayed time must equal the first one)."""

    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint(command: Command) -> str:
    """An HMAC of the command's fields other than its key and scope (card numbers never stored plain)."""
    fields = {
        f.name: getattr(command, f.name) for f in dataclasses.fields(command) if f.name not in _EXCLUDED_FROM_FINGERPRINT
    }
    canonical = json.dumps(_plain(fields), sort_keys=True, cls=_ExactEncoder, ensure_ascii=True)
    return hmac.new(settings.SECRET_KEY.encode(), canonical.encode(), hashlib.sha256).hexdigest()


NOT_STORED = {"idempotency": "not stored"}  # field metadata: a result field a replay reads again


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.metadata != NOT_STORED}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


# --- the stored result as JSON ---------------------------------------------------------------
def result_type_of(command_type: type[Command]) -> type | None:
    """The DTO a command declares, e.g. ``PlacedOrder`` for ``PlaceOrderCommand(Command[PlacedOrder])``."""
    for klass in command_type.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            args = typing.get_args(base)
            if typing.get_origin(base) is not None and args and isinstance(args[0], type):
                return args[0]
    return None


def encode_result(result: OperationResult) -> dict:
    return json.loads(json.dumps({"outcome": str(result.outcome), "data": _plain(result.data)}, cls=_ExactEncoder))


def _revive(value, hint):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _revive(value, options[0]) if len(options) == 1 else value
    if origin in (list, tuple):
        (inner, *_) = typing.get_args(hint) or (object,)
        items = [_revive(item, inner) for item in value]
        return tuple(items) if origin is tuple else items
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{name: _revive(item, hints.get(name, object)) for name, item in value.items()})
    if hint is Decimal:
        return Decimal(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    return value


def decode_result(stored: dict, command_type: type[Command]) -> OperationResult:
    result_type = result_type_of(command_type)
    data = stored.get("data")
    if result_type is not None and dataclasses.is_dataclass(result_type) and isinstance(data, dict):
        data = _revive(data, result_type)
    # Records written before outcomes replaced HTTP codes hold "status"; only successes are stored.
    return OperationResult(Outcome(stored.get("outcome", Outcome.OK)), data=data)


# --- storage ----------------------------------------------------------------------------------
class IdempotencyStore:
    def lock(self, digest: str) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [digest])

    def get(self, digest: str) -> ProcessedCommand | None:
        return ProcessedCommand.objects.filter(digest=digest, expires_at__gt=timezone.now()).first()

    def put(self, digest: str, command_type: str, request_fingerprint: str, result: OperationResult) -> None:
        now = timezone.now()
        # An expired record under the same digest is gone for good; so are a few other expired ones.
        ProcessedCommand.objects.filter(digest=digest).delete()
        expired = ProcessedCommand.objects.filter(expires_at__lte=now).values_list("pk", flat=True)[:100]
        ProcessedCommand.objects.filter(pk__in=list(expired)).delete()
        ProcessedCommand.objects.create(
            digest=digest, command_type=command_type, fingerprint=request_fingerprint,
            result=encode_result(result), processed_at=now, expires_at=now + IDEMPOTENCY_TTL,
        )


class IdempotencyBehavior(PipelineBehavior):
    def __init__(self, store: IdempotencyStore) -> None:
        self.store = store

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        if not isinstance(request, Command):
            return next_step()
        key = getattr(request, "idempotency_key", "")
        scope = getattr(request, "idempotency_scope", "")
        if not (isinstance(key, str) and key and isinstance(scope, str) and scope):
            return next_step()
        command_type = type(request)
        digest = _digest(f"{command_type.__module__}.{command_type.__qualname__}", scope, key)
        request_fingerprint = fingerprint(request)
        with transaction.atomic():
            self.store.lock(digest)
            previous = self.store.get(digest)
            if previous is not None:
                if not hmac.compare_digest(previous.fingerprint, request_fingerprint):
                    return OperationResult.validation_error({KEY_REUSED_FIELD: [KEY_REUSED]}, error=KEY_REUSED)
                # The same answer, not created again.
                return replace(decode_result(previous.result, command_type), outcome=Outcome.OK)
            result = next_step()
            if result.is_success:
                self.store.put(digest, command_type.__qualname__, request_fingerprint, result)
        return result
