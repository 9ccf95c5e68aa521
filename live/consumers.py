"""The consumer base that serves a page's live part: authorise, resync on connect (and on the
screen's request), then forward the group's frames, with the stream's heartbeat.

A signed-in user's sockets can lose their right to listen (see ``live.revocation``): signing out
closes the session's sockets at once, and a change to the user's groups, their deactivation or
deletion makes the user's sockets authorise again. As a safety net, a signed-in socket authorises
again every ``settings.LIVE_PERMISSION_RECHECK_SECONDS``: on a timer of its own, so the check is
off the path of the frames; a frame that finds the check overdue or in flight waits for it.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import random
import time
from functools import cached_property

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from live import broadcast, fanout, heartbeat, sequences
from live.broadcast import FRAGMENT_MESSAGE, RESYNC
from live.revocation import recheck_seconds, session_group, session_user, user_group

logger = logging.getLogger(__name__)

# Close codes the client does not retry on (static/js/live.js knows both).
SIGNED_OUT = 4401  # the session signed out (or is no longer signed in): sign in again
FORBIDDEN = 4403   # this user may not see this page (never could, or lost the right)

# Messages whose handlers only forward pre-rendered HTML: no database, so no connection cleanup.
_FORWARD_ONLY = frozenset({FRAGMENT_MESSAGE})
# Below this interval there is no timer (it would spin): every frame past the interval waits for
# a check instead, as every frame did before the timer (measured: the 2-3 sockets of 200 that
# checked on an order's frame were its p99, each waiting a few ms for the database).
TIMER_MIN_SECONDS = 1.0


class LiveFragmentConsumer(AsyncWebsocketConsumer):
    """Subclasses say who may connect, which group to join, which stream it shows, and how to
    render the current HTML.

    Async on purpose: a group send fans out to many sockets, and sync consumers serialise on one
    thread (see shared/DESIGN.md's measurements).
    """

    group_name: str = ""
    stream: str = ""                       # the stream whose sequence this socket's frames carry
    identity_groups: tuple[str, ...] = ()  # the session's and the user's, for a signed-in user
    user_id: int | None = None
    session_key: str = ""
    recheck_at: float = float("inf")       # monotonic time of the next safety-net check
    closing: bool = False
    _held: list[str] | None = None         # frames waiting for a permission check in flight
    _checking: asyncio.Task | None = None
    _recheck_timer: asyncio.TimerHandle | None = None

    def authorise(self) -> str | None:
        """Sync, may query: the group to join, or None to refuse. ``self.scope["user"]`` is current."""
        raise NotImplementedError

    def stream_name(self) -> str:
        """The stream this page shows (its frames' ``data-stream``), e.g. "kitchen"."""
        raise NotImplementedError

    def render_current(self) -> str:
        """Sync, may query: the full fragment a (re)connecting screen needs."""
        raise NotImplementedError

    def resync_frame(self) -> str:
        """Sync: the full fragment with the stream's number. The number is read first, so the HTML
        shows at least everything up to it; a later frame (higher number) is still applied."""
        seq = sequences.current_one(self.stream)
        return broadcast.frame(self.render_current(), stream=self.stream, seq=seq, kind=RESYNC,
                               heartbeat=heartbeat.interval() or None)

    async def dispatch(self, message: dict) -> None:
        # Channels runs aclose_old_connections() through sync_to_async before every handler: a
        # thread hop per socket per frame. Forwarding rendered HTML touches no database; skip it.
        if message["type"] in _FORWARD_ONLY:
            await self.fragment_update(message)
            return
        await super().dispatch(message)

    async def connect(self) -> None:
        broadcast.attach_server_loop(asyncio.get_running_loop())
        await self.accept()
        # Join the session's and user's groups first: a sign-out while authorising still reaches us.
        self._remember_identity()
        for group in self.identity_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        group = await database_sync_to_async(self._authorise_first)()
        if group is None:
            await self._close(FORBIDDEN)
            return
        self.group_name = group
        await fanout.listen(group, self)  # before the resync reads the database (see live.fanout)
        self._schedule_recheck()
        # Resync: whatever happened while this screen was away, it now shows the present.
        await self.send(text_data=await database_sync_to_async(self.resync_frame)())
        heartbeat.join(self, self.stream)

    async def disconnect(self, code: int) -> None:
        if self._recheck_timer is not None:
            self._recheck_timer.cancel()
        if self.stream:
            heartbeat.leave(self, self.stream)
        if self.group_name:
            await fanout.unlisten(self.group_name, self)
        for group in self.identity_groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.group_name, self.identity_groups = "", ()

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Screens only listen; ``{"resync": true}`` asks for the full fragment again (a screen that
        noticed a gap or a stale heartbeat), on the same socket."""
        if not text_data or len(text_data) > 200 or not self.group_name or self.closing:
            return
        try:
            wanted = json.loads(text_data).get("resync") is True
        except (ValueError, AttributeError):
            return
        if not wanted:
            return
        if time.monotonic() >= self.recheck_at and not await self.recheck():
            return
        await self.send(text_data=await database_sync_to_async(self.resync_frame)())

    async def fragment_update(self, message: dict) -> None:
        """A frame for this socket (from ``live.fanout``, which hands it to every socket in turn:
        this never waits for the database). While a safety-net check is in flight, or overdue
        (then it starts now), the frame waits for it, and frames arriving meanwhile queue behind
        it in order."""
        if self.closing or not self.group_name:
            return
        if self._held is None and time.monotonic() >= self.recheck_at:
            self._start_check()
        if self._held is not None:
            self._held.append(message["html"])
            return
        wire = message.get("wire")
        if wire is not None and self._write_prebuilt(wire):
            return
        await self.send(text_data=message["html"])

    def _write_prebuilt(self, wire: bytes) -> bool:
        """Write a frame built once for every socket straight to this socket's transport.

        Under Daphne each send otherwise goes through Channels' session wrapper, Daphne's reply
        handler and Autobahn's framing and debug-log formatting: most of the per-socket cost of a
        broadcast. Only while the socket is open with nothing queued ahead (else the ordinary path,
        which keeps order and handles closing); False when this is not a Daphne socket (tests).
        """
        protocol = self._protocol
        if protocol is None:
            return False
        if protocol.state != protocol.STATE_OPEN or protocol.send_queue or protocol.transport is None:
            return False
        fanout.write_now(protocol.transport, wire)
        return True

    @cached_property
    def _protocol(self):
        """Daphne's (Autobahn) protocol behind this consumer's send, found through Channels' session
        wrapper and Daphne's ``partial(server.handle_reply, protocol)``; None if not there."""
        send = getattr(self, "base_send", None)
        for _ in range(4):
            owner = getattr(send, "__self__", None)
            if owner is None or not hasattr(owner, "real_send"):
                break
            send = owner.real_send
        candidate = send.args[0] if isinstance(send, functools.partial) and send.args else None
        wanted = ("state", "STATE_OPEN", "send_queue", "transport", "sendPreparedMessage")
        return candidate if all(hasattr(candidate, name) for name in wanted) else None

    def _start_check(self) -> None:
        """The safety-net check, in a task of its own; frames wait for it in ``_held``."""
        if self._held is not None or self.closing or not self.group_name:
            return  # one is in flight already, or the socket is going
        self._held = []
        self._checking = asyncio.get_running_loop().create_task(self._check_then_send())

    async def _check_then_send(self) -> None:
        try:
            allowed = await self.recheck()
        finally:
            held, self._held = self._held or [], None
        for html in held:
            if not allowed or self.closing:
                return
            await self.send(text_data=html)

    async def send_heartbeat(self, html: str, wire: bytes | None = None) -> bool:
        """Called by this loop's heartbeat task. A heartbeat carries no content, only a number;
        ``wire`` is its WebSocket frame, built once for every socket of the stream."""
        if self.closing or not self.group_name:
            return False
        if wire is None or not self._write_prebuilt(wire):
            await self.send(text_data=html)
        return True

    async def live_signed_out(self, message: dict) -> None:
        await self._close(SIGNED_OUT)

    async def live_recheck(self, message: dict) -> None:
        if not self.closing and self.group_name:
            await self.recheck()

    async def recheck(self) -> bool:
        """Authorise again with the user as the database has them now; close if refused.
        True while the socket stays open (moved to another group, with a resync, if need be)."""
        group, code = await database_sync_to_async(self._authorise_again)()
        self._schedule_recheck()
        if group is None:
            await self._close(code)
            return False
        if group != self.group_name:
            await fanout.unlisten(self.group_name, self)
            self.group_name = group
            await fanout.listen(group, self)
            await self.send(text_data=await database_sync_to_async(self.resync_frame)())
        return True

    # --- internals --------------------------------------------------------------------------
    def _authorise_first(self) -> str | None:
        group = self.authorise()
        if group is not None:
            self.stream = self.stream_name()
        return group

    def _remember_identity(self) -> None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        if user is None or not user.is_authenticated or session is None or not session.session_key:
            return  # nothing to revoke: an anonymous socket's rights come with its browser
        self.user_id, self.session_key = user.pk, session.session_key
        self.identity_groups = (session_group(self.session_key), user_group(self.user_id))

    def _authorise_again(self) -> tuple[str | None, int]:
        if self.user_id is not None:
            signed_in_as, user = session_user(self.session_key)
            if signed_in_as != str(self.user_id):
                return None, SIGNED_OUT  # signed out, or another user signed in on this browser
            if user is None:
                return None, FORBIDDEN  # deactivated, deleted, or the password changed
            self.scope["user"] = user
        return self.authorise(), FORBIDDEN

    def _schedule_recheck(self) -> None:
        if self.user_id is None:
            return
        # Spread out: screens that connected together should not all query at the same moment.
        interval = recheck_seconds()
        delay = interval * random.uniform(0.8, 1.0)
        self.recheck_at = time.monotonic() + delay
        if self._recheck_timer is not None:
            self._recheck_timer.cancel()
        if interval >= TIMER_MIN_SECONDS:
            self._recheck_timer = asyncio.get_running_loop().call_later(delay, self._start_check)

    async def _close(self, code: int) -> None:
        if not self.closing:
            self.closing = True
            await self.close(code=code)
