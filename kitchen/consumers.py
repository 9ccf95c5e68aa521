"""The kitchen board socket: signed-in Kitchen staff only."""

from __future__ import annotations

from kitchen.event_handlers.broadcast_kitchen_board import KITCHEN_STREAM
from kitchen.fragments import KITCHEN_GROUP, render_kitchen_board
from staff.roles import is_kitchen_staff
from live.consumers import LiveFragmentConsumer


class KitchenBoardConsumer(LiveFragmentConsumer):
    def authorise(self) -> str | None:
        return KITCHEN_GROUP if is_kitchen_staff(self.scope.get("user")) else None

    def stream_name(self) -> str:
        return KITCHEN_STREAM

    def render_current(self) -> str:
        return render_kitchen_board()
