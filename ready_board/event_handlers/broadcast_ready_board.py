"""After a pickup order goes into the oven, is ready, is collected, or one of those steps is
recalled, push the shop's board to its screens."""

from __future__ import annotations

from live import fanout
from live.broadcast import send_fragment
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import OrderEvent
from ready_board.fragments import READY_BOARD_STREAM, render_ready_board

# A cancelled order was never on the board (only pending or confirmed orders can be cancelled).
CHANGES_THE_BOARD = ("CookingStarted", "OrderReady", "OrderPickedUp", "StepRecalled")


class BroadcastReadyBoard(LiveBroadcastHandler[OrderEvent]):
    @classmethod
    def streams_for(cls, event: OrderEvent) -> tuple[str, ...]:
        if event.event_type() not in CHANGES_THE_BOARD:
            return ()
        if getattr(event, "fulfilment", "pickup") != "pickup":  # OrderReady says; the others may not
            return ()
        return (READY_BOARD_STREAM,)

    def send_frames(self, event: OrderEvent) -> None:
        if fanout.is_heard(READY_BOARD_STREAM):
            send_fragment(READY_BOARD_STREAM, render_ready_board(), stream=READY_BOARD_STREAM,
                          seq=sequence_of(event, READY_BOARD_STREAM))
