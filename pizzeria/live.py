"""Live HTML fragments over Channels: send a fragment to a group, and the consumer base that
serves a page's live part (authorise, resync on connect, then forward group updates).

A signed-in user's sockets can lose their right to listen. Each such socket also joins a group for
its session and one for its user: signing out closes the session's sockets at once, and a change
to the user's groups, their deactivation or deletion makes the user's sockets authorise again
(see ``pizzeria.live_revocation`` for the signals). As a safety net, a socket forwarding a frame
re-checks when its last check is older than ``settings.LIVE_PERMISSION_RECHECK_SECONDS``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from collections.abc import Iterable
from functools import partial
from importlib import import_module

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare

logger = logging.getLogger(__name__)

# Close codes the client does not retry on (static/js/live.js knows both).
SIGNED_OUT = 4401  # the session signed out (or is no longer signed in): sign in again
FORBIDDEN = 4403   # this user may not see this page (never could, or lost the right)

FRAGMENT_MESSAGE = "fragment.update"
SIGNED_OUT_MESSAGE = "live.signed_out"  # to a session's group: close now
RECHECK_MESSAGE = "live.recheck"        # to a user's group: authorise again

DEFAULT_RECHECK_SECONDS = 30


def send_fragment(group: str, html: str) -> None:
    """Send rendered HTML to every socket in ``group`` (from sync code, e.g. an event handler)."""
    async_to_sync(get_channel_layer().group_send)(group, {"type": FRAGMENT_MESSAGE, "html": html})


# --- the groups a signed-in socket also joins ---------------------------------------------------
def session_group(session_key: str) -> str:
    """A session's sockets. Hashed: group names travel through Redis and logs; keys must not."""
    return "live-session-" + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def user_group(user_id: int | str) -> str:
    return f"live-user-{user_id}"


def _group_send(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # the usual case: sync code (a view, the admin, a command) in a thread without a loop
    else:  # sync ORM code run inside an event loop (only tests do that): no way to send from here
        logger.warning("Live sockets of %s not told to re-check: called inside a running event loop", group)
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # a signal must never fail sign-out or an admin edit; the recheck interval remains
        logger.exception("Could not tell the live sockets of %s to re-check", group)


def close_session_sockets(session_key: str) -> None:
    """Close every live socket of this session now (it is signing out)."""
    _group_send(session_group(session_key), {"type": SIGNED_OUT_MESSAGE})


def recheck_users(user_ids: Iterable[int]) -> None:
    """Make these users' live sockets authorise again, once the current transaction commits (so
    they read the change that caused it); nothing happens for a rolled-back change."""
    ids = sorted({int(pk) for pk in user_ids if pk is not None})
    if ids:
        transaction.on_commit(partial(_send_rechecks, ids))


def _send_rechecks(user_ids: list[int]) -> None:
    for user_id in user_ids:
        _group_send(user_group(user_id), {"type": RECHECK_MESSAGE})


def session_user(session_key: str | None) -> tuple[str | None, object | None]:
    """Who this session is signed in as right now, read afresh: (the user id it holds, or None once
    signed out; the user when still allowed in — active, password unchanged — else None).

    The checks of ``django.contrib.auth.get_user``, without changing the session.
    """
    if not session_key:
        return None, None
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None, None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None, None
    user = load_backend(backend_path).get_user(user_id)  # None for an inactive or deleted user
    if user is None or not getattr(user, "is_active", True):
        return str(user_id), None
    if hasattr(user, "get_session_auth_hash"):
        session_hash = session.get(HASH_SESSION_KEY) or ""
        hashes = [user.get_session_auth_hash(), *getattr(user, "get_session_auth_fallback_hash", list)()]
        if not session_hash or not any(constant_time_compare(session_hash, known) for known in hashes):
            return str(user_id), None
    return str(user_id), user


def recheck_seconds() -> float:
    return float(getattr(settings, "LIVE_PERMISSION_RECHECK_SECONDS", DEFAULT_RECHECK_SECONDS))


# --- the consumer base ---------------------------------------------------------------------------
class LiveFragmentConsumer(AsyncWebsocketConsumer):
    """Subclasses say who may connect, which group to join, and how to render the current HTML.

    Async on purpose: a group send fans out to many sockets, and sync consumers serialise on one
    thread (see shared/DESIGN.md's measurements).
    """

    group_name: str = ""
    identity_groups: tuple[str, ...] = ()  # the session's and the user's, for a signed-in user
    user_id: int | None = None
    session_key: str = ""
    recheck_at: float = float("inf")       # monotonic time of the next safety-net check
    closing: bool = False

    def authorise(self) -> str | None:
        """Sync, may query: the group to join, or None to refuse. ``self.scope["user"]`` is current."""
        raise NotImplementedError

    def render_current(self) -> str:
        """Sync, may query: the full fragment a (re)connecting screen needs."""
        raise NotImplementedError

    async def connect(self) -> None:
        await self.accept()
        # Join the session's and user's groups first: a sign-out while authorising still reaches us.
        self._remember_identity()
        for group in self.identity_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        group = await database_sync_to_async(self.authorise)()
        if group is None:
            await self._close(FORBIDDEN)
            return
        self.group_name = group
        await self.channel_layer.group_add(group, self.channel_name)
        self._schedule_recheck()
        # Resync: whatever happened while this screen was away, it now shows the present.
        await self.send(text_data=await database_sync_to_async(self.render_current)())

    async def disconnect(self, code: int) -> None:
        for group in (self.group_name, *self.identity_groups):
            if group:
                await self.channel_layer.group_discard(group, self.channel_name)
        self.group_name, self.identity_groups = "", ()

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Screens only listen; a "resync" message asks for the full fragment again."""
        if text_data and "resync" in text_data and self.group_name and not self.closing:
            if time.monotonic() >= self.recheck_at and not await self.recheck():
                return
            await self.send(text_data=await database_sync_to_async(self.render_current)())

    async def fragment_update(self, message: dict) -> None:
        if self.closing or not self.group_name:
            return
        if time.monotonic() >= self.recheck_at and not await self.recheck():
            return
        await self.send(text_data=message["html"])

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
            await self.channel_layer.group_discard(self.group_name, self.channel_name)
            self.group_name = group
            await self.channel_layer.group_add(group, self.channel_name)
            await self.send(text_data=await database_sync_to_async(self.render_current)())
        return True

    # --- internals --------------------------------------------------------------------------
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
        # Spread out: screens that connected together should not all query on the same frame.
        self.recheck_at = time.monotonic() + recheck_seconds() * random.uniform(0.8, 1.0)

    async def _close(self, code: int) -> None:
        if not self.closing:
            self.closing = True
            await self.close(code=code)
