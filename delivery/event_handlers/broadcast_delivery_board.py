"""After an order changes, push the new delivery board to every driver's screen."""

from __future__ import annotations

from delivery.fragments import DELIVERY_GROUP, render_delivery_board
from live.broadcast import send_fragment
from live import fanout
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import OrderEvent

DELIVERY_STREAM = DELIVERY_GROUP

# Only these change what the delivery board shows.
SHOWN_STATUSES_CHANGE = ("OrderReady", "DriverAssigned", "OrderOutForDelivery", "OrderDelivered", "StepRecalled")


class BroadcastDeliveryBoard(LiveBroadcastHandler[OrderEvent]):
    @classmethod
    def streams_for(cls, event: OrderEvent) -> tuple[str, ...]:
        return (DELIVERY_STREAM,) if event.event_type() in SHOWN_STATUSES_CHANGE else ()

    def send_frames(self, event: OrderEvent) -> None:
        if fanout.is_heard(DELIVERY_GROUP):
            # Rendered once, shared by every driver's socket.
            send_fragment(DELIVERY_GROUP, render_delivery_board(), stream=DELIVERY_STREAM,
                          seq=sequence_of(event, DELIVERY_STREAM))
