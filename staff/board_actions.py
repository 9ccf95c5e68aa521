"""The shared path of a staff board's buttons: one command, then the new board for that screen."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pizzeria.application import Command
from pizzeria.application.mediator import get_mediator
from web.results import http_status


def board_action(request: HttpRequest, command: Command, *, board: Callable[[], object], template: str,
                 page: str, context: dict | None = None) -> HttpResponse:
    """htmx: the board plus a message in its place (a refusal is a message, not an error page);
    without JavaScript: back to the page, with the message."""
    result = get_mediator().execute(command)
    if request.htmx:
        context = {**(context or {}), "board": board(), "message": "" if result.is_success else result.first_error}
        return render(request, f"{template}#action-response", context,
                      status=200 if result.is_success else http_status(result))
    if not result.is_success:
        messages.error(request, result.first_error)
    return redirect(page)
