"""The drivers' screen. Each action is one command; the screen gets the new board."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from delivery.fragments import delivery_board
from staff.permissions import delivery_staff_required
from staff.board_actions import board_action


@delivery_staff_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/board.html", {"board": delivery_board()})


def _act(request: HttpRequest, command) -> HttpResponse:
    return board_action(request, command, board=delivery_board, template="delivery/board.html", page="delivery:board")


@delivery_staff_required
@require_POST
def take(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, AssignOrderToDeliveryCommand(order_id=order_id, driver_id=request.user.pk))


@delivery_staff_required
@require_POST
def depart(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, MarkOutForDeliveryCommand(order_id=order_id, driver_id=request.user.pk))


@delivery_staff_required
@require_POST
def delivered(request: HttpRequest, order_id: str) -> HttpResponse:
    return _act(request, MarkOrderDeliveredCommand(order_id=order_id, driver_id=request.user.pk))
