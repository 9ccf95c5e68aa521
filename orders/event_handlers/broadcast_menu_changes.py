"""A menu edit (86 from the kitchen, or any admin change) reaches every open menu at once."""

from __future__ import annotations

from live.broadcast import send_fragment
from live.streams import LiveBroadcastHandler, sequence_of
from menu.events import MenuChanged
from orders.fragments import MENU_STREAM, render_menu_live


class BroadcastMenuChanges(LiveBroadcastHandler[MenuChanged]):
    @classmethod
    def streams_for(cls, event: MenuChanged) -> tuple[str, ...]:
        return (MENU_STREAM,)

    def send_frames(self, event: MenuChanged) -> None:
        send_fragment(MENU_STREAM, render_menu_live(), stream=MENU_STREAM, seq=sequence_of(event, MENU_STREAM))
