"""The ready board fragment, for the page, its socket and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from pizzeria.application.mediator import get_mediator
from ready_board.queries.get_ready_board import GetReadyBoardQuery

READY_BOARD_STREAM = "ready-board"


def ready_board():
    return get_mediator().execute(GetReadyBoardQuery()).data


def render_ready_board(board=None) -> str:
    return render_to_string("ready_board/board.html#board", {"board": board or ready_board()})
