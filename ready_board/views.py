"""The shop's screen: order numbers in the oven and ready for pickup, live. No sign-in (it hangs
in the shop for everyone to read)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ready_board.fragments import ready_board


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "ready_board/board.html", {"board": ready_board()})
