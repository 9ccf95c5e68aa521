"""Which live streams an event changes, and the sequence number each of its frames carries.

A broadcast handler (in the app that owns the screen) derives from ``LiveBroadcastHandler`` and
says, in ``streams_for``, which streams it sends a frame to for an event. The sequence behavior
asks every such handler of a command's events, bumps those streams in the command's transaction,
and notes on each event the number its frame carries; the handler reads it with ``sequence_of``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TypeVar

from live import broadcast
from pizzeria.application import DomainEvent, EventHandler
from pizzeria.application.requests import AFTER_COMMIT

TEvent = TypeVar("TEvent", bound=DomainEvent)

_NOTE = "_live_sequences"  # attribute set on an (immutable) event: {stream: seq}


class LiveBroadcastHandler(EventHandler[TEvent]):
    """An event handler that sends one frame per event to each stream ``streams_for`` names.

    Runs right after commit in the committing process (not from the task queue): a frame is only
    worth sending now, and one lost with its process is caught up by the heartbeat. Subclasses
    render and send in ``send_frames``; inside an HTTP request that runs once the response is out
    (``live.broadcast.after_response``), so the request never waits for screens.
    """

    runs = AFTER_COMMIT

    @classmethod
    def streams_for(cls, event: TEvent) -> Sequence[str]:
        raise NotImplementedError

    def handle(self, event: TEvent) -> None:
        if not self.streams_for(event):
            return  # this event changes none of the handler's screens
        broadcast.after_response(partial(self.send_frames, event),
                                 f"{type(self).__qualname__} on {event.event_type()} for {event.aggregate_id}")

    def send_frames(self, event: TEvent) -> None:
        raise NotImplementedError


def streams_of(event: DomainEvent, handler_classes: Iterable[type]) -> list[str]:
    streams: list[str] = []
    for handler_class in handler_classes:
        if isinstance(handler_class, type) and issubclass(handler_class, LiveBroadcastHandler):
            streams.extend(s for s in handler_class.streams_for(event) if s not in streams)
    return streams


def assign(events_streams: Sequence[tuple[DomainEvent, Sequence[str]]], latest: dict[str, int]) -> None:
    """Number each event's frames: a stream bumped by n ends at ``latest``, so its n events take
    latest-n+1 .. latest in the order they were raised."""
    counts = Counter(stream for _, streams in events_streams for stream in streams)
    next_seq = {stream: latest[stream] - counts[stream] + 1 for stream in counts}
    for event, streams in events_streams:
        noted = dict(getattr(event, _NOTE, {}))
        for stream in streams:
            noted[stream] = next_seq[stream]
            next_seq[stream] += 1
        object.__setattr__(event, _NOTE, noted)  # events are frozen dataclasses


def sequence_of(event: DomainEvent, stream: str) -> int | None:
    """The number assigned to ``event``'s frame on ``stream``; None when it was not numbered here
    (e.g. published by a process that did not run the command): the screen then resyncs."""
    return getattr(event, _NOTE, {}).get(stream)
