"""The JSON API: a second front door onto the same commands and queries as the HTML views.

Every endpoint builds a command or query, executes it through the mediator, and maps the
OperationResult to an HTTP status with a JSON body; errors are {"error": ..., "fields": {...}}.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest
from django_ratelimit.core import get_usage
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from api import schemas
from api.models import ApiToken
from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from orders.access import Viewer, link_token, link_token_is_valid
from orders.browser import browser_key, viewer_from
from orders.commands.cancel_order import CancelOrderCommand
from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
from menu.queries.get_menu import GetMenuQuery
from orders.queries.get_order_status import GetOrderStatusQuery
from orders.rate_limits import check_order_rate
from pizzeria.application import OperationResult
from pizzeria.application.mediator import get_mediator
from web.results import http_status
from pizzeria.client_ip import client_ip
from reports.queries.get_sales_report import GetSalesReportQuery
from staff.roles import DELIVERY_GROUP_NAME, KITCHEN_GROUP_NAME, MANAGER_GROUP_NAME, in_group

ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 404, 409, 413, 422, 429, 500, 503)}


class TryLater(HttpError):
    """An error with ``Retry-After``: the client should wait ``retry_after`` seconds."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(status, message)
        self.retry_after = retry_after


class Throttled(TryLater):
    """429: too many requests from this client for now."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(429, message, retry_after)


class BearerToken(HttpBearer):
    """An API token; wrong tokens from one address are throttled, so tokens can't be guessed."""

    def authenticate(self, request: HttpRequest, token: str):
        throttle = token_failures(request, count=False)
        if throttle is not None:
            raise throttle
        found = ApiToken.objects.select_related("user").filter(key=token, user__is_active=True).first() \
            if len(token) <= 64 else None
        if found is None:
            token_failures(request, count=True)
            return None
        return found.user


def token_failures(request: HttpRequest, *, count: bool) -> Throttled | None:
    """Count a wrong token from this address (``count``), or say whether it must wait now."""
    rate = settings.PIZZERIA.get("API_TOKEN_FAILURE_LIMIT")
    if not rate:
        return None
    try:
        usage = get_usage(request, group="api.token-failures", key=lambda _g, r: client_ip(r), rate=rate, increment=count)
    except Exception:  # cache down: tokens are still checked, just not throttled
        return None
    if usage is None or not (usage["should_limit"] or (not count and usage["count"] >= usage["limit"])):
        return None
    wait = max(1, usage["time_left"])
    return Throttled(f"Too many wrong API tokens from your address; try again in {wait} seconds.", wait)


# Staff endpoints: an API token, or the browser session (which then needs the CSRF token).
STAFF_AUTH = [BearerToken(), SessionAuth()]

api = NinjaAPI(
    title="Mario's Pizzeria API",
    version="1.0",
    description="Orders, kitchen and delivery steps, menu and reports — the same commands and queries "
                "as the web pages. Staff endpoints take `Authorization: Bearer <token>` "
                "(`python manage.py create_api_token <username>`) or a signed-in session.",
    urls_namespace="api",
)


# --- errors in one shape -------------------------------------------------------------------
@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(location) or "request", []).append(error.get("msg", "Invalid value."))
    return api.create_response(request, {"error": "The request is not valid.", "fields": fields}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"error": "Sign in, or send an API token.", "fields": {}}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    response = api.create_response(request, {"error": exc.message, "fields": {}}, status=exc.status_code)
    if isinstance(exc, TryLater):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"error": "Not found.", "fields": {}}, status=404)


# Command field names -> the API's own names, so errors point at what the client sent.
API_FIELD_NAMES = {"delivery_address": "customer_address", "lines": "pizza_items", "item": "pizza_id"}


def api_field(name: str) -> str:
    return ".".join(API_FIELD_NAMES.get(part, part) for part in name.split("."))


def failure(result: OperationResult):
    if result.retry_after:
        raise TryLater(http_status(result), result.first_error, result.retry_after)
    fields = {api_field(name): messages for name, messages in result.field_errors.items()}
    return Status(http_status(result), {"error": result.first_error, "fields": fields})


def require_group(request: HttpRequest, group: str) -> int:
    if not in_group(request.auth, group):
        raise HttpError(403, f"This needs a member of the {group} group.")
    return request.auth.pk


def customer_viewer(request: HttpRequest, order_id: str, *, unsafe: bool) -> Viewer:
    """The viewer the order pages build: the session (for a change, only with a valid CSRF token)
    and its user, where an API token's user counts as the signed-in user; plus the order's access
    token, from the X-Order-Access header only (a token in the URL would end up in server logs)."""
    session_ok = not unsafe or check_csrf(request) is None
    user = BearerToken()(request) or (request.user if session_ok else None)
    viewer = viewer_from(request.session if session_ok else {}, user)
    token = request.headers.get("X-Order-Access", "")
    if token and link_token_is_valid(order_id, token):
        viewer = viewer.with_opened_link(order_id)
    return viewer


def pizzas(lines) -> list[dict]:
    return [
        {"pizza_id": line.item_slug, "name": line.item_name, "size": line.size, "toppings": list(line.toppings),
         "quantity": line.quantity, "special_instructions": line.special_instructions,
         "price": str(line.line_total), "is_ready": line.is_ready}
        for line in lines
    ]


def changed(result: OperationResult):
    if not result.is_success:
        return failure(result)
    data = result.data
    return Status(200, {"order_id": data.order_id, "order_number": data.number, "status": data.status,
                        "estimated_ready_time": data.estimated_ready_at})


# --- orders --------------------------------------------------------------------------------
@api.post("/orders", response={201: schemas.PlacedOrderOut, 200: schemas.PlacedOrderOut, **ERRORS},
          summary="Place an order", tags=["orders"])
def place_order(request: HttpRequest, payload: schemas.PlaceOrderIn):
    limited = check_order_rate(request, payload.customer_phone)
    if limited is not None:
        raise Throttled(limited.message, limited.retry_after_seconds)
    fulfilment = payload.fulfilment or ("delivery" if (payload.customer_address or "").strip() else "pickup")
    user = request.user
    key = browser_key(request)
    result = get_mediator().execute(PlaceOrderCommand(
        customer_name=payload.customer_name, customer_phone=payload.customer_phone, fulfilment=fulfilment,
        delivery_address=payload.customer_address or "", customer_email=payload.customer_email,
        payment_method=payload.payment_method, card_number=payload.card_number, notes=payload.notes,
        lines=tuple(
            OrderLineRequest(item=item.pizza_id, size=item.size, toppings=tuple(item.toppings),
                             quantity=item.quantity, special_instructions=item.special_instructions)
            for item in payload.pizza_items
        ),
        customer_user_id=user.pk if user.is_authenticated else None,
        browser_key=key,
        # A key is this session's (the response sets its cookie): nobody else can replay the order.
        idempotency_key=request.headers.get("Idempotency-Key", ""), idempotency_scope=f"session:{key}",
    ))
    if not result.is_success:
        return failure(result)
    placed = result.data
    return Status(http_status(result), {
        "order_id": placed.order_id, "order_number": placed.number, "status": placed.status,
        "total_amount": str(placed.total_amount), "estimated_ready_time": placed.estimated_ready_at,
        "access_token": link_token(placed.order_id),
    })


@api.get("/orders/{order_id}/status", response={200: schemas.OrderStatusOut, **ERRORS},
         summary="An order's status", tags=["orders"])
def order_status(request: HttpRequest, order_id: str):
    result = get_mediator().execute(GetOrderStatusQuery(
        order_id=order_id, viewer=customer_viewer(request, order_id, unsafe=False)))
    if not result.is_success:
        return failure(result)
    order = result.data
    return Status(200, {
        "order_id": order.order_id, "order_number": order.number, "status": order.status,
        "customer_name": order.customer_name, "fulfilment": order.fulfilment, "order_time": order.placed_at,
        "estimated_ready_time": order.estimated_ready_at, "total_amount": str(order.total_amount),
        "cook_name": order.cook_name, "driver_name": order.driver_name, "pizzas": pizzas(order.lines),
    })


@api.put("/orders/{order_id}/cancel", response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Cancel an order (its holder, or a manager)", tags=["orders"])
def cancel_order(request: HttpRequest, order_id: str, payload: schemas.CancelIn | None = None):
    return changed(get_mediator().execute(CancelOrderCommand(
        order_id=order_id, reason=(payload.reason if payload else "") or "Cancelled through the API",
        viewer=customer_viewer(request, order_id, unsafe=True),
    )))


# --- kitchen -------------------------------------------------------------------------------
@api.put("/orders/{order_id}/cook", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Start cooking", tags=["kitchen"])
def start_cooking(request: HttpRequest, order_id: str, payload: schemas.StartCookingIn):
    cook_id = require_group(request, KITCHEN_GROUP_NAME)
    return changed(get_mediator().execute(StartCookingCommand(
        order_id=order_id, cook_id=cook_id, estimated_cooking_time_minutes=payload.estimated_cooking_time_minutes,
    )))


@api.put("/orders/{order_id}/ready", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Mark the whole order ready", tags=["kitchen"])
def mark_ready(request: HttpRequest, order_id: str):
    require_group(request, KITCHEN_GROUP_NAME)
    return changed(get_mediator().execute(MarkOrderReadyCommand(order_id=order_id)))


@api.put("/orders/{order_id}/picked-up", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Hand a pickup order over", tags=["kitchen"])
def picked_up(request: HttpRequest, order_id: str):
    require_group(request, KITCHEN_GROUP_NAME)
    return changed(get_mediator().execute(MarkOrderPickedUpCommand(order_id=order_id)))


@api.get("/kitchen/queue", auth=STAFF_AUTH, response={200: schemas.KitchenQueueOut, **ERRORS},
         summary="The kitchen board", tags=["kitchen"])
def kitchen_queue(request: HttpRequest):
    require_group(request, KITCHEN_GROUP_NAME)
    board = get_mediator().execute(GetKitchenQueueQuery(all_lines=True)).data  # each column's oldest screenful

    def tickets(column):
        return [{"order_id": t.order_id, "order_number": t.number, "status": t.status, "fulfilment": t.fulfilment,
                 "customer_name": t.customer_name, "placed_at": t.placed_at,
                 "estimated_ready_time": t.estimated_ready_at, "cook_name": t.cook_name,
                 "pizzas": [{"pizza_id": "", "name": line.item_name, "size": line.size_label.lower(),
                             "toppings": list(line.toppings), "quantity": line.quantity,
                             "special_instructions": line.special_instructions, "price": "",
                             "is_ready": line.is_ready} for line in t.lines]}
                for t in column]

    return Status(200, {"active_orders": board.active_orders, "capacity": board.capacity,
                        "new": tickets(board.new), "cooking": tickets(board.cooking), "ready": tickets(board.ready)})


# --- delivery ------------------------------------------------------------------------------
@api.put("/orders/{order_id}/deliver", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Take the order and leave with it", tags=["delivery"])
def deliver(request: HttpRequest, order_id: str):
    driver_id = require_group(request, DELIVERY_GROUP_NAME)
    return changed(get_mediator().execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver_id)))


@api.put("/orders/{order_id}/assign", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Take a ready order (without leaving yet)", tags=["delivery"])
def assign(request: HttpRequest, order_id: str):
    driver_id = require_group(request, DELIVERY_GROUP_NAME)
    return changed(get_mediator().execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=driver_id)))


@api.put("/orders/{order_id}/delivered", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Mark the order delivered", tags=["delivery"])
def delivered(request: HttpRequest, order_id: str):
    driver_id = require_group(request, DELIVERY_GROUP_NAME)
    return changed(get_mediator().execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=driver_id)))


# --- reports -------------------------------------------------------------------------------
@api.get("/reports/daily-sales", auth=STAFF_AUTH, response={200: schemas.DailySalesOut, **ERRORS},
         summary="One day's sales (managers)", tags=["reports"])
def daily_sales(request: HttpRequest, date: date):
    require_group(request, MANAGER_GROUP_NAME)
    result = get_mediator().execute(GetSalesReportQuery(start=date, end=date))
    if not result.is_success:
        return failure(result)
    report = result.data
    return Status(200, {
        "date": report.start, "order_count": report.order_count, "revenue": str(report.revenue),
        "average_order_value": str(report.average_order_value), "cancellations": report.cancellations,
        "avg_minutes_to_ready": report.avg_minutes_to_ready, "avg_minutes_to_delivered": report.avg_minutes_to_delivered,
        "best_sellers": [{"rank": b.rank, "name": b.item_name, "quantity": b.quantity, "revenue": str(b.revenue)}
                         for b in report.best_sellers],
        "orders_by_hour": {bucket.hour: bucket.orders for bucket in report.orders_by_hour},
    })


# --- menu ----------------------------------------------------------------------------------
@api.get("/menu", response={200: schemas.MenuOut, **ERRORS}, summary="The menu", tags=["menu"])
def menu(request: HttpRequest, category: str | None = None, include_seasonal: bool = True):
    result = get_mediator().execute(GetMenuQuery(category=category or None, include_seasonal=include_seasonal))
    if not result.is_success:
        return failure(result)
    return Status(200, {"items": [
        {"pizza_id": item.slug, "name": item.name, "category": item.category, "description": item.description,
         "prices": {price.size: str(price.price) for price in item.prices},
         "preparation_minutes": item.preparation_minutes, "is_seasonal": item.is_seasonal,
         "is_available": item.is_available,
         "toppings": [{"slug": t.slug, "name": t.name, "price": str(t.price), "is_available": t.is_available}
                      for t in item.toppings]}
        for group in result.data.categories for item in group.items
    ]})
