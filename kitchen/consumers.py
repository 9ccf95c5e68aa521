"""The kitchen board socket: signed-in Kitchen staff only."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from channels.db import database_sync_to_async

from kitchen.event_handlers.broadcast_kitchen_board import KITCHEN_STREAM
from kitchen.fragments import KITCHEN_GROUP, render_kitchen_board
from kitchen.stations import EXPO, is_view
from staff.roles import is_kitchen_staff
from live.consumers import LiveFragmentConsumer


class KitchenBoardConsumer(LiveFragmentConsumer):
    """Every kitchen screen listens to the kitchen stream. A station's screen (``?station=oven``)
    shows its own cut of the board, so instead of forwarding the shared update it answers each one
    with its station's board, rendered afresh (at most one render per burst of updates)."""

    view: str = ""
    refreshing: asyncio.Task | None = None

    def authorise(self) -> str | None:
        view = parse_qs(self.scope.get("query_string", b"").decode()).get("station", [""])[0]
        if not is_view(view) or not is_kitchen_staff(self.scope.get("user")):
            return None
        self.view = view
        return KITCHEN_GROUP

    def stream_name(self) -> str:
        return KITCHEN_STREAM

    def render_current(self) -> str:
        return render_kitchen_board(view=self.view)

    async def fragment_update(self, message: dict) -> None:
        if not self.view or self.view == EXPO:  # the shared frames fit these screens as they are
            await super().fragment_update(message)
            return
        if self.refreshing is None or self.refreshing.done():
            self.refreshing = asyncio.create_task(self._refresh())

    async def _refresh(self) -> None:
        await asyncio.sleep(0.05)  # let a burst of updates (one command's events) land first
        if not self.closing and self.group_name:
            await self.send(text_data=await database_sync_to_async(self.resync_frame)())
