"""Undo work done outside the database when the command that needed it does not commit.

A handler that calls the outside world inside its transaction (a card authorisation, say)
registers how to undo it. The command's transaction commits exactly when the command succeeds
(the transaction behavior rolls back every failed result, and a crash or a failed commit raises),
so the undo runs when the command fails or raises, once it has left the pipeline and released its
locks. A command run inside someone else's transaction leaves that transaction's fate to its owner.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar

from pizzeria.application.behaviors import NextStep, PipelineBehavior
from pizzeria.application.requests import Command, Request
from pizzeria.application.results import OperationResult

logger = logging.getLogger("pizzeria.mediator")

_current: ContextVar[list[tuple[Callable[[], None], str]] | None] = ContextVar("compensations", default=None)


def compensate_on_rollback(undo: Callable[[], None], *, description: str) -> None:
    """Run ``undo`` if the current command does not succeed."""
    pending = _current.get()
    if pending is None:
        raise RuntimeError("compensate_on_rollback() works inside a command run by the mediator.")
    pending.append((undo, description))


def _undo_all(pending: list[tuple[Callable[[], None], str]]) -> None:
    for undo, description in reversed(pending):
        try:
            undo()
            logger.warning("The command did not commit: %s was undone", description)
        except Exception:
            logger.exception("The command did not commit, and undoing %s failed: it needs a person", description)


class CompensationBehavior(PipelineBehavior):
    """Outside every transaction: undoes the outside work of a command that did not commit."""

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        if not isinstance(request, Command):
            return next_step()
        pending: list[tuple[Callable[[], None], str]] = []
        token = _current.set(pending)
        try:
            result = next_step()
        except BaseException:
            _current.reset(token)
            _undo_all(pending)
            raise
        _current.reset(token)
        if not result.is_success:
            _undo_all(pending)
        return result
