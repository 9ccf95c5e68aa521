"""The ready board's socket: public, like the page (it shows order numbers and nothing else)."""

from __future__ import annotations

from live.consumers import LiveFragmentConsumer
from ready_board.fragments import READY_BOARD_STREAM, render_ready_board


class ReadyBoardConsumer(LiveFragmentConsumer):
    def authorise(self) -> str | None:
        return READY_BOARD_STREAM

    def stream_name(self) -> str:
        return READY_BOARD_STREAM

    def render_current(self) -> str:
        return render_ready_board()
