"""Idempotent commands: the same ``idempotency_key`` twice runs the handler once.

The behavior sits before validation, so a repeated form post (whose cart is already empty)
still gets the first result back. It wraps the rest of the pipeline in a transaction, and the
result is recorded in that same transaction: an order and its "already processed" record are
committed together or not at all. Same-key requests are serialised by a lock (PostgreSQL
advisory lock; SQLite's write lock is taken at BEGIN IMMEDIATE).
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from http import HTTPStatus

from django.db import connection, transaction

from pizzeria.application.behaviors import NextStep, PipelineBehavior
from pizzeria.application.models import ProcessedCommand
from pizzeria.application.requests import Command, Request
from pizzeria.application.results import OperationResult


class IdempotencyStore:
    def lock(self, key: str) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])

    def get(self, key: str) -> OperationResult | None:
        stored = ProcessedCommand.objects.filter(key=key).values_list("result", flat=True).first()
        return pickle.loads(stored) if stored is not None else None

    def put(self, key: str, command_type: str, result: OperationResult) -> None:
        ProcessedCommand.objects.create(key=key, command_type=command_type, result=pickle.dumps(result))


class IdempotencyBehavior(PipelineBehavior):
    def __init__(self, store: IdempotencyStore) -> None:
        self.store = store

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        key = getattr(request, "idempotency_key", "") if isinstance(request, Command) else ""
        if not key:
            return next_step()
        scoped_key = f"{type(request).__qualname__}:{key}"[:255]
        with transaction.atomic():
            self.store.lock(scoped_key)
            previous = self.store.get(scoped_key)
            if previous is not None:
                return replace(previous, status=HTTPStatus.OK)  # the same answer, not created again
            result = next_step()
            if result.is_success:
                self.store.put(scoped_key, type(request).__qualname__, result)
        return result
