"""Live HTML fragments over Channels: send a fragment to a group, and the consumer base that
serves a page's live part (authorise, resync on connect, then forward group updates)."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

FORBIDDEN = 4403  # close code for a socket that may not see this page (the client stops retrying)
FRAGMENT_MESSAGE = "fragment.update"


def send_fragment(group: str, html: str) -> None:
    """Send rendered HTML to every socket in ``group`` (from sync code, e.g. an event handler)."""
    async_to_sync(get_channel_layer().group_send)(group, {"type": FRAGMENT_MESSAGE, "html": html})


class LiveFragmentConsumer(AsyncWebsocketConsumer):
    """Subclasses say who may connect, which group to join, and how to render the current HTML.

    Async on purpose: a group send fans out to many sockets, and sync consumers serialise on one
    thread (see shared/DESIGN.md's measurements).
    """

    group_name: str = ""

    def authorise(self) -> str | None:
        """Sync, may query: the group to join, or None to refuse."""
        raise NotImplementedError

    def render_current(self) -> str:
        """Sync, may query: the full fragment a (re)connecting screen needs."""
        raise NotImplementedError

    async def connect(self) -> None:
        await self.accept()
        group = await database_sync_to_async(self.authorise)()
        if group is None:
            await self.close(code=FORBIDDEN)
            return
        self.group_name = group
        await self.channel_layer.group_add(group, self.channel_name)
        # Resync: whatever happened while this screen was away, it now shows the present.
        await self.send(text_data=await database_sync_to_async(self.render_current)())

    async def disconnect(self, code: int) -> None:
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Screens only listen; a "resync" message asks for the full fragment again."""
        if text_data and "resync" in text_data and self.group_name:
            await self.send(text_data=await database_sync_to_async(self.render_current)())

    async def fragment_update(self, message: dict) -> None:
        await self.send(text_data=message["html"])
