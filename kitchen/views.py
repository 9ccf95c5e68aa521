"""The kitchen screen and its actions. Each action is one command; the screen gets the new board."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.forms import AvailabilityForm, BusyModeForm
from kitchen.stations import EXPO, is_view, stations
from kitchen.fragments import kitchen_board
from kitchen.queries.get_all_day_counts import GetAllDayCountsQuery
from kitchen.queries.get_finished_tickets import GetFinishedTicketsQuery
from staff.permissions import kitchen_staff_required
from menu.commands.set_availability import SetAvailabilityCommand
from menu.queries.get_menu_availability import GetMenuAvailabilityQuery
from orders.commands.set_online_ordering import SetOnlineOrderingCommand
from orders.queries.get_online_ordering import GetOnlineOrderingQuery
from pizzeria.application.mediator import get_mediator
from staff.board_actions import board_action
from web.results import http_status


@kitchen_staff_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("station", "")
    if not is_view(view):
        raise Http404("There is no such station.")
    return render(request, "kitchen/board.html", {"board": kitchen_board(view), "view": view,
                                                  "stations": stations(), "expo": EXPO})


def _act(request: HttpRequest, command) -> HttpResponse:
    # The screen's view (a station, the expo) comes with each tap, so the answer is that screen's board.
    view = request.POST.get("view", "")
    view = view if is_view(view) else ""
    return board_action(request, command, board=lambda: kitchen_board(view), template="kitchen/board.html",
                        page="kitchen:board", context={"view": view})


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


@kitchen_staff_required
@require_GET
def all_day(request: HttpRequest) -> HttpResponse:
    """The all-day strip, fetched by the board (on load, after changes, and every little while)."""
    return render(request, "kitchen/board.html#all-day",
                  {"all_day": get_mediator().execute(GetAllDayCountsQuery()).data})


@kitchen_staff_required
@require_GET
def finished(request: HttpRequest) -> HttpResponse:
    return render(request, "kitchen/finished.html",
                  {"tickets": get_mediator().execute(GetFinishedTicketsQuery()).data})


# --- 86 and busy mode ------------------------------------------------------------------------
def _menu_screen(request: HttpRequest, *, message: str = "", status: int = 200) -> HttpResponse:
    mediator = get_mediator()
    context = {
        "availability": mediator.execute(GetMenuAvailabilityQuery()).data,
        "ordering": mediator.execute(GetOnlineOrderingQuery()).data,
        "extra_choices": BusyModeForm.EXTRA_CHOICES, "pause_choices": BusyModeForm.PAUSE_CHOICES,
        "message": message,
    }
    template = "kitchen/menu.html#kitchen-menu" if request.htmx else "kitchen/menu.html"
    return render(request, template, context, status=status)


def _after_menu_change(request: HttpRequest, result, done: str) -> HttpResponse:
    if not request.htmx:
        if result.is_success:
            messages.success(request, done)
        else:
            messages.error(request, result.first_error)
        return redirect("kitchen:menu")
    return _menu_screen(request, message=done if result.is_success else result.first_error,
                        status=200 if result.is_success else http_status(result))


@kitchen_staff_required
@require_GET
def menu_availability(request: HttpRequest) -> HttpResponse:
    return _menu_screen(request)


@kitchen_staff_required
@require_POST
def set_availability(request: HttpRequest) -> HttpResponse:
    form = AvailabilityForm(request.POST)
    if not form.is_valid():
        return _menu_screen(request, message=form.first_error(), status=422)
    data = form.cleaned_data
    result = get_mediator().execute(SetAvailabilityCommand(
        kind=data["kind"], slug=data["slug"], is_available=data["available"], changed_by=request.user.get_username(),
    ))
    done = (f"{result.data.name} is back on." if data["available"] else f"{result.data.name} is 86'd (sold out).") \
        if result.is_success else ""
    return _after_menu_change(request, result, done)


@kitchen_staff_required
@require_POST
def busy_mode(request: HttpRequest) -> HttpResponse:
    form = BusyModeForm(request.POST)
    if not form.is_valid():
        return _menu_screen(request, message=form.first_error(), status=422)
    result = get_mediator().execute(SetOnlineOrderingCommand(
        extra_minutes=form.cleaned_data["extra_minutes"], pause_minutes=form.cleaned_data["pause_minutes"],
        changed_by=request.user.get_username(),
    ))
    done = (result.data.notice or "Taking orders as usual.") if result.is_success else ""
    return _after_menu_change(request, result, done)
