"""After an order changes, push the change to every kitchen screen.

Rendered once per event with the page's own query and partials; only the changed ticket and the
counts are sent, so the message stays small however many orders are on the board. Every order
event changes the board, so each one numbers the kitchen stream.
"""

from __future__ import annotations

from kitchen.fragments import KITCHEN_GROUP, render_ticket_update
from live.broadcast import send_fragment
from live import fanout
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import OrderEvent

KITCHEN_STREAM = KITCHEN_GROUP


class BroadcastKitchenBoard(LiveBroadcastHandler[OrderEvent]):
    @classmethod
    def streams_for(cls, event: OrderEvent) -> tuple[str, ...]:
        return (KITCHEN_STREAM,)

    def send_frames(self, event: OrderEvent) -> None:
        if not fanout.is_heard(KITCHEN_GROUP):
            return  # no kitchen screen is open: a screen that opens later resyncs from the database
        html = render_ticket_update(event.aggregate_id, event.event_type())
        if html:  # else the order is gone: the skipped number makes screens resync
            send_fragment(KITCHEN_GROUP, html, stream=KITCHEN_STREAM, seq=sequence_of(event, KITCHEN_STREAM))
