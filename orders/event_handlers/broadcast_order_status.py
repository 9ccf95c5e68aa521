"""After an order changes, push its new status and timeline to the customer's open order page."""

from __future__ import annotations

from live.broadcast import send_fragment
from live import fanout
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import OrderEvent
from orders.fragments import order_group, render_order_broadcast


def order_stream(order_id: str) -> str:
    """One order's stream: its page's sockets in both audiences (with and without Cancel)."""
    return f"order-{order_id}"


class BroadcastOrderStatus(LiveBroadcastHandler[OrderEvent]):
    @classmethod
    def streams_for(cls, event: OrderEvent) -> tuple[str, ...]:
        return (order_stream(event.aggregate_id),)

    def send_frames(self, event: OrderEvent) -> None:
        if not any(fanout.is_heard(order_group(event.aggregate_id, may_cancel=audience)) for audience in (True, False)):
            return  # nobody has the order's page open (the usual case for an API order)
        stream = order_stream(event.aggregate_id)
        seq = sequence_of(event, stream)
        # One query and at most two renders, each shared by every socket of its audience.
        for group, html in render_order_broadcast(event.aggregate_id):
            send_fragment(group, html, stream=stream, seq=seq)
