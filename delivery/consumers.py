"""The delivery board socket: signed-in drivers only."""

from __future__ import annotations

from delivery.event_handlers.broadcast_delivery_board import DELIVERY_STREAM
from delivery.fragments import DELIVERY_GROUP, render_delivery_board
from staff.roles import is_delivery_staff
from live.consumers import LiveFragmentConsumer


class DeliveryBoardConsumer(LiveFragmentConsumer):
    def authorise(self) -> str | None:
        return DELIVERY_GROUP if is_delivery_staff(self.scope.get("user")) else None

    def stream_name(self) -> str:
        return DELIVERY_STREAM

    def render_current(self) -> str:
        return render_delivery_board()
