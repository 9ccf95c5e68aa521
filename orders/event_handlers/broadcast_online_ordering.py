"""Busy mode changed: every open menu shows the new notice before anyone builds a cart."""

from __future__ import annotations

from live.broadcast import send_fragment
from live.streams import LiveBroadcastHandler, sequence_of
from orders.domain_events import OnlineOrderingChanged
from orders.fragments import MENU_STREAM, render_menu_live


class BroadcastOnlineOrdering(LiveBroadcastHandler[OnlineOrderingChanged]):
    @classmethod
    def streams_for(cls, event: OnlineOrderingChanged) -> tuple[str, ...]:
        return (MENU_STREAM,)

    def send_frames(self, event: OnlineOrderingChanged) -> None:
        send_fragment(MENU_STREAM, render_menu_live(), stream=MENU_STREAM, seq=sequence_of(event, MENU_STREAM))
