"""Sending live frames: each carries its stream's sequence number, and the caller never waits.

A frame is the rendered HTML with a hidden marker as its first top-level element::

    <span id="live-seq" data-stream="kitchen" data-seq="42" data-kind="update" hidden></span>

htmx swaps it out of band into the page's own ``#live-seq`` (static/js/live.js adds one), and
live.js reads it first: an old frame is dropped, a gap or a heartbeat ahead of the screen makes it
ask for a resync. ``kind`` is ``update`` (after a command), ``resync`` (the full fragment, on
connect or on request) or ``heartbeat`` (only the marker, see ``live.heartbeat``).

Hand-off: ``send_fragment`` is called right after commit (inside an HTTP request, the render that
calls it runs once the response has been sent: ``after_response``); it queues the
frame on the event loop that serves this process's sockets (or, with a channel layer that
crosses processes and no local server loop, on a sender thread of its own) and returns at once;
one worker per loop sends the frames in the order they were queued, so each stream keeps its
order. ``flush()`` waits until everything queued so far has gone (tests, scripts about to exit).
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import concurrent.futures
import contextvars
import logging
import threading
import weakref
from collections.abc import Callable

from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.utils.html import escape

from live import fanout

logger = logging.getLogger(__name__)

FRAGMENT_MESSAGE = "fragment.update"
UPDATE, RESYNC, HEARTBEAT = "update", "resync", "heartbeat"
MARKER_ID = "live-seq"


def marker(stream: str, seq: int | None, kind: str, *, heartbeat: float | None = None) -> str:
    attributes = f' data-stream="{escape(stream)}" data-kind="{kind}"'
    if seq is not None:
        attributes += f' data-seq="{int(seq)}"'
    if heartbeat:
        attributes += f' data-heartbeat="{heartbeat:g}"'
    return f'<span id="{MARKER_ID}"{attributes} hidden></span>'


def frame(html: str, *, stream: str, seq: int | None, kind: str = UPDATE, heartbeat: float | None = None) -> str:
    return marker(stream, seq, kind, heartbeat=heartbeat) + html


def send_fragment(group: str, html: str, *, stream: str, seq: int | None) -> None:
    """Send an update (HTML rendered once, shared by every socket of ``group``) without waiting.
    ``seq`` None: the number is unknown here; screens apply the frame and then resync.

    Inside an HTTP request the frame waits until the response has gone out: the fan-out runs on
    the loop that also writes the response, and must not delay it.
    """
    message = {"type": FRAGMENT_MESSAGE, "html": frame(html, stream=stream, seq=seq)}
    pending = getattr(_request, "pending", None)
    if pending is not None:
        pending.append((group, message))
    else:
        hand_off(group, message)


def after_response(render: Callable[[], None], description: str = "") -> None:
    """Run ``render`` (which renders and sends frames) once the current HTTP request's response has
    been sent; at once outside a request. A live handler runs right after commit: inside a request
    that would put its queries and templates between the commit and the response, so the POST
    would wait for screens it does not show. Deferred, they run in the request's thread as soon as
    the response is out, in the order they were registered, and each one failing is logged alone.
    A process that dies before then loses the frames, as one dying before the send would: the
    heartbeat makes every screen catch up."""
    pending = getattr(_request, "pending", None)
    if pending is not None:
        pending.append((render, description))
    else:
        _run(render, description)


def _run(render: Callable[[], None], description: str) -> None:
    try:
        render()
    except Exception:
        logger.exception("Live broadcast failed: %s", description or render)


# --- work deferred during a request runs after its response ------------------------------------
# Django runs a request's request_started receivers, view, on_commit callbacks and response.close()
# (which sends request_finished, after the response was written) in one thread.
_request = threading.local()


def request_started(**kwargs) -> None:
    _release()  # a previous request in this thread that never finished: nothing stays behind
    _request.pending = []


def request_finished(**kwargs) -> None:
    _release()


def _release() -> None:
    pending, _request.pending = getattr(_request, "pending", None), None
    for first, second in pending or ():
        if callable(first):
            _run(first, second)  # a deferred render: its frames are handed off as it sends them
        else:
            hand_off(first, second)


# --- the hand-off ---------------------------------------------------------------------------
class _LoopSender:
    """The frames queued on one event loop and the worker task that sends them, in order."""

    def __init__(self) -> None:
        self.items: collections.deque = collections.deque()
        self.worker: asyncio.Task | None = None

    def put(self, item) -> None:  # on the loop
        self.items.append(item)
        if self.worker is None or self.worker.done():
            # A context of its own: not the request thread's (asgiref marks its sync thread there, and
            # tasks the sockets start from a frame, e.g. a permission check, would inherit it).
            self.worker = asyncio.get_running_loop().create_task(self.drain(), context=contextvars.Context())

    async def drain(self) -> None:
        while self.items:
            item = self.items.popleft()
            if isinstance(item, concurrent.futures.Future):  # a flush() marker
                if not item.done():
                    item.set_result(None)
                continue
            layer, group, message = item
            try:
                await fanout.deliver(layer, group, message)
            except Exception:
                logger.exception("Could not send a live frame to %s", group)


_senders: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # loop -> _LoopSender
_server_loop: asyncio.AbstractEventLoop | None = None
_thread_loop: asyncio.AbstractEventLoop | None = None
_thread_lock = threading.Lock()


def attach_server_loop(loop: asyncio.AbstractEventLoop) -> None:
    """The loop serving this process's sockets (each live consumer reports it on connect)."""
    global _server_loop
    _server_loop = loop


def _usable(loop: asyncio.AbstractEventLoop | None) -> bool:
    return loop is not None and loop.is_running() and not loop.is_closed()


def _sender_thread_loop() -> asyncio.AbstractEventLoop:
    global _thread_loop
    with _thread_lock:
        if not _usable(_thread_loop):
            loop = asyncio.new_event_loop()
            started = threading.Event()
            loop.call_soon(started.set)
            threading.Thread(target=loop.run_forever, name="live-sender", daemon=True).start()
            started.wait()
            _thread_loop = loop
            atexit.register(flush)
    return _thread_loop


def _target_loop(layer) -> asyncio.AbstractEventLoop | None:
    if _usable(_server_loop):
        return _server_loop
    if isinstance(layer, InMemoryChannelLayer):
        return None  # an in-process layer, and no socket has connected here: nobody to reach
    return _sender_thread_loop()


def _put(loop: asyncio.AbstractEventLoop, item) -> None:
    sender = _senders.get(loop)
    if sender is None:
        sender = _senders[loop] = _LoopSender()
    sender.put(item)


def _submit(loop: asyncio.AbstractEventLoop, item) -> bool:
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    try:
        if running is loop:
            _put(loop, item)
        else:
            loop.call_soon_threadsafe(_put, loop, item)
    except RuntimeError:  # the loop closed meanwhile (tests end their loops)
        return False
    return True


def hand_off(group: str, message: dict) -> None:
    """Queue ``message`` for ``group``; returns before it is sent."""
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _target_loop(layer)
    if loop is not None:
        _submit(loop, (layer, group, message))


def flush(timeout: float = 10) -> None:
    """From sync code (not on a loop it waits for): return once every frame queued before the call
    has been handed to the channel layer."""
    for loop in (_server_loop, _thread_loop):
        if not _usable(loop):
            continue
        done: concurrent.futures.Future = concurrent.futures.Future()
        if _submit(loop, done):
            try:
                done.result(timeout)
            except concurrent.futures.TimeoutError:
                logger.warning("Live frames still queued after %.0f s", timeout)
