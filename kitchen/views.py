"""The kitchen screen and its actions. Each action is one command; the screen gets the new board."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.fragments import kitchen_board
from kitchen.permissions import kitchen_staff_required
from staff.board_actions import board_action


@kitchen_staff_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "kitchen/board.html", {"board": kitchen_board()})


def _act(request: HttpRequest, command) -> HttpResponse:
    return board_action(request, command, board=kitchen_board, template="kitchen/board.html", page="kitchen:board")


@kitchen_staff_required
@require_POST
def start_cooking(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, StartCookingCommand(order_id=order_id, cook_id=request.user.pk))


@kitchen_staff_required
@require_POST
def pizza_ready(request: HttpRequest, order_id: str, position: int) -> HttpResponse:
    return _act(request, MarkPizzaReadyCommand(order_id=order_id, pizza_index=position))


@kitchen_staff_required
@require_POST
def order_ready(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, MarkOrderReadyCommand(order_id=order_id))


@kitchen_staff_required
@require_POST
def picked_up(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, MarkOrderPickedUpCommand(order_id=order_id))


@kitchen_staff_required
@require_POST
def recall(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, RecallStepCommand(order_id=order_id))
