"""The heartbeat: every few seconds each process tells its own sockets the latest sequence number
of their stream, read from the database. A screen that missed a frame (or whose frame was never
sent, because the process that committed it died) sees the number ahead of its own and resyncs.

One task per event loop (one per Daphne process), started by the first socket that connects and
ended when the last one leaves. Sockets are sent to directly, not through the channel layer: with
Redis each process beats only for its own sockets, and no socket hears another process's beat.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

from channels.db import database_sync_to_async
from django.conf import settings

from live import fanout, sequences
from live.broadcast import HEARTBEAT, marker

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 5.0


def interval() -> float:
    """Seconds between beats (PIZZERIA_LIVE_HEARTBEAT_SECONDS); 0 turns the heartbeat off."""
    return float(getattr(settings, "PIZZERIA_LIVE_HEARTBEAT_SECONDS", DEFAULT_SECONDS))


class _LoopBeat:
    def __init__(self) -> None:
        self.streams: dict[str, set] = {}  # stream -> its sockets' consumers on this loop
        self.task: asyncio.Task | None = None


_beats: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # loop -> _LoopBeat


def join(consumer, stream: str) -> None:
    """Called on the loop by a socket that now shows ``stream``."""
    seconds = interval()
    if seconds <= 0:
        return
    loop = asyncio.get_running_loop()
    beat = _beats.get(loop)
    if beat is None:
        beat = _beats[loop] = _LoopBeat()
    beat.streams.setdefault(stream, set()).add(consumer)
    if beat.task is None or beat.task.done():
        beat.task = loop.create_task(_run(beat, seconds))


def leave(consumer, stream: str) -> None:
    try:
        beat = _beats.get(asyncio.get_running_loop())
    except RuntimeError:
        return
    if beat is None:
        return
    members = beat.streams.get(stream)
    if members is not None:
        members.discard(consumer)
        if not members:
            del beat.streams[stream]
    if not beat.streams and beat.task is not None:
        beat.task.cancel()  # nobody left to beat for; the next socket starts it again
        beat.task = None


async def beat_once(beat: _LoopBeat, seconds: float) -> int:
    """Send one heartbeat to every socket of this loop; the number of sockets reached."""
    streams = list(beat.streams)
    if not streams:
        return 0
    latest = await database_sync_to_async(sequences.current)(streams)
    reached = 0
    for stream in streams:
        # One string and one WebSocket frame per stream: a beat to 200 sockets framed each one
        # through Channels, Daphne and Autobahn (~30 ms of the loop every beat, in the way of any
        # order's frames due at the same moment).
        html = marker(stream, latest[stream], HEARTBEAT, heartbeat=seconds)
        wire = fanout.text_frame(html.encode())
        for consumer in list(beat.streams.get(stream, ())):
            try:
                if await consumer.send_heartbeat(html, wire):
                    reached += 1
            except Exception:  # one broken socket must not stop the others' beats
                logger.debug("Heartbeat not sent to %s", getattr(consumer, "channel_name", "?"), exc_info=True)
    return reached


async def _run(beat: _LoopBeat, seconds: float) -> None:
    while beat.streams:
        await asyncio.sleep(seconds)
        try:
            await beat_once(beat, seconds)
        except asyncio.CancelledError:
            raise
        except Exception:  # e.g. the database is briefly unreachable: try again next beat
            logger.warning("Live heartbeat failed; retrying in %.0f s", seconds, exc_info=True)
