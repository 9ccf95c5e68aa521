"""The delivery board fragment, for the page, its socket and broadcasts."""

from __future__ import annotations

from django.template.loader import render_to_string

from delivery.queries.get_delivery_board import GetDeliveryBoardQuery
from pizzeria.application.mediator import get_mediator

DELIVERY_GROUP = "delivery"


def delivery_board():
    return get_mediator().execute(GetDeliveryBoardQuery()).data


def render_delivery_board(board=None) -> str:
    return render_to_string("delivery/board.html#board", {"board": board or delivery_board()})
