"""The queue changed: every open menu and checkout shows the new promise before anyone pays.

Only the events that change what the promise model reads (pizzas on the open tickets the kitchen
sees) number the menu stream; the frame is the ETA banner alone, rendered once for everyone, after
the response (as every live render) and only when a menu or checkout page is open.
"""

from __future__ import annotations

from live import fanout
from live.broadcast import send_fragment
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import (
    OrderCancelled, OrderEvent, OrderPlaced, OrderReady, OrderReleasedToKitchen, PizzaReady, StepRecalled,
)
from orders.fragments import MENU_STREAM, render_eta_banner

QUEUE_CHANGES = (OrderPlaced, PizzaReady, OrderReady, OrderCancelled, StepRecalled, OrderReleasedToKitchen)


class BroadcastEta(LiveBroadcastHandler[OrderEvent]):
    @classmethod
    def streams_for(cls, event: OrderEvent) -> tuple[str, ...]:
        return (MENU_STREAM,) if isinstance(event, QUEUE_CHANGES) else ()

    def send_frames(self, event: OrderEvent) -> None:
        if fanout.is_heard(MENU_STREAM):
            send_fragment(MENU_STREAM, render_eta_banner(), stream=MENU_STREAM, seq=sequence_of(event, MENU_STREAM))
