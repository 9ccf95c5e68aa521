"""The pipeline behavior that numbers live streams in the command's own transaction."""

from __future__ import annotations

from collections import Counter

from django.db import transaction

from live import faults, sequences
from live.streams import assign, streams_of
from pizzeria.application.aggregates import current_unit_of_work
from pizzeria.application.behaviors import NextStep, PipelineBehavior
from pizzeria.application.mediator import Mediator
from pizzeria.application.requests import Command, Request
from pizzeria.application.results import OperationResult


class StreamSequenceBehavior(PipelineBehavior):
    """Bumps the sequence of every stream the command's events change; registered inside
    ``TransactionBehavior``, so a rolled-back command leaves every number as it was.

    The events are read from the unit of work's aggregates (not pulled: the transaction behavior
    still collects them), and the streams from the live broadcast handlers registered for them.
    """

    def __init__(self, mediator: Mediator) -> None:
        self.registry = mediator.registry

    def handle(self, request: Request, next_step: NextStep) -> OperationResult:
        result = next_step()
        if not isinstance(request, Command) or not result.is_success:
            return result
        unit_of_work = current_unit_of_work()
        if unit_of_work is None:
            return result
        numbered = []
        for aggregate in unit_of_work.aggregates:
            for event in aggregate.pending_events:
                streams = streams_of(event, self.registry.event_handlers_for(type(event)))
                if streams:
                    numbered.append((event, streams))
        if numbered:
            counts = Counter(stream for _, streams in numbered for stream in streams)
            assign(numbered, sequences.bump(counts))
            if faults.active(faults.DIE_AFTER_COMMIT):
                # Registered before the transaction behavior's publication: runs first after commit.
                transaction.on_commit(faults.die)
        return result

