"""The kitchen board fragment, rendered the same way for the page, the sockets and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from pizzeria.application.mediator import get_mediator

KITCHEN_GROUP = "kitchen"


def kitchen_board() -> object:
    return get_mediator().execute(GetKitchenQueueQuery()).data


def render_kitchen_board(board=None) -> str:
    return render_to_string("kitchen/board.html#board", {"board": board or kitchen_board()})
