"""The JSON API: a second front door onto the same commands and queries as the HTML views.

Every endpoint builds a command or query, executes it through the mediator, and maps the
OperationResult to an HTTP status with a JSON body; errors are {"error": ..., "fields": {...}}.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django_ratelimit.core import get_usage
from typing import Literal

from ninja import NinjaAPI, Query, Status
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
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from kitchen.queries.get_kitchen_queue_items import GetKitchenQueueItemsQuery
from kitchen.queries.get_kitchen_status import GetKitchenStatusQuery
from orders.access import Viewer, link_token, link_token_is_valid
from orders.browser import browser_key, viewer_from
from orders.commands.cancel_order import CancelOrderCommand
from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
from orders.models import OrderStatus, PaymentMethod
from pizzeria.application import Outcome
from menu.models import Category
from menu.queries.get_menu import GetMenuQuery
from orders.queries.get_order import GetOrderQuery, OrderDto, PizzaDto
from orders.queries.list_orders import ListOrdersQuery
from orders.rate_limits import check_order_rate
from pizzeria.application import OperationResult
from pizzeria.application.mediator import get_mediator
from web.results import http_status
from pizzeria.client_ip import client_ip
from reports.queries.get_order_analytics import GetOrderAnalyticsQuery
from reports.queries.get_sales_report import GetSalesReportQuery
from staff.roles import DELIVERY_MANAGE, KITCHEN_MANAGE, KITCHEN_READ, REPORTS_READ, has_scope, roles_with

OrderStatusName = Literal[tuple(OrderStatus.values)]  # the seeds' status names (DESIGN.md)

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
                "(`python manage.py create_api_token <username>`) or a signed-in session. "
                "Every caller holds the customer's scopes (orders:read, orders:write, menu:read: "
                "their own orders only); Kitchen adds kitchen:read and kitchen:manage and sees every "
                "order; Managers add those too, plus reports:read and menu:write; Delivery adds "
                "delivery:manage; a superuser holds every scope. The README's \"API contract\" "
                "section says which seed each route and field comes from.",
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


# The seeds' payment vocabulary -> the app's (seed 003's CreateOrderDto says credit_card).
PAYMENT_METHODS = {"cash": PaymentMethod.CASH, "card": PaymentMethod.CARD, "credit_card": PaymentMethod.CARD}

# Command field names -> the API's own names, so errors point at what the client sent.
API_FIELD_NAMES = {"delivery_address": "customer_address", "lines": "pizza_items", "item": "pizza_id"}


def api_field(name: str) -> str:
    return ".".join(API_FIELD_NAMES.get(part, part) for part in name.split("."))


def failure(result: OperationResult):
    if result.retry_after:
        raise TryLater(http_status(result), result.first_error, result.retry_after)
    fields = {api_field(name): messages for name, messages in result.field_errors.items()}
    return Status(http_status(result), {"error": result.first_error, "fields": fields})


def require_scope(request: HttpRequest, scope: str) -> int:
    """The authenticated caller's id, if their roles grant ``scope`` (staff/roles.py's table)."""
    if not has_scope(request.auth, scope):
        raise HttpError(403, f"This needs the {scope} scope: a member of the {' or '.join(roles_with(scope))} group.")
    return request.auth.pk


def customer_viewer(request: HttpRequest, order_id: str, *, unsafe: bool) -> Viewer:
    """The viewer the order pages build: the session (for a change, only with a valid CSRF token)
    and its user, where an API token's user counts as the signed-in user; plus the order's access
    token, from the X-Order-Access header only (a token in the URL would end up in server logs)."""
    session_ok = not unsafe or check_csrf(request) is None
    user = BearerToken()(request) or (request.user if session_ok else None)
    viewer = viewer_from(request.session if session_ok else {}, user)
    token = request.headers.get("X-Order-Access", "") if order_id else ""
    if token and link_token_is_valid(order_id, token):
        viewer = viewer.with_opened_link(order_id)
    return viewer


def pizza_out(pizza: PizzaDto) -> dict:
    return {"id": pizza.item_slug, "pizza_id": pizza.item_slug, "index": pizza.index, "name": pizza.name,
            "size": pizza.size, "toppings": list(pizza.toppings), "topping_names": list(pizza.topping_names),
            "left_toppings": list(pizza.left_toppings), "right_toppings": list(pizza.right_toppings),
            "quantity": pizza.quantity, "special_instructions": pizza.special_instructions,
            "price": str(pizza.price), "unit_price": str(pizza.unit_price),
            "estimated_cooking_time": pizza.estimated_cooking_time, "status": pizza.status, "is_ready": pizza.is_ready}


def money_lines(order: OrderDto) -> dict:
    return {"subtotal_amount": str(order.subtotal_amount), "delivery_fee": str(order.delivery_fee),
            "tax_amount": str(order.tax_amount), "total_amount": str(order.total_amount)}


def order_out(order: OrderDto) -> dict:
    return {
        "id": order.order_id, "order_id": order.order_id, "order_number": order.number,
        "customer_name": order.customer_name, "customer_phone": order.customer_phone,
        "pizzas": [pizza_out(pizza) for pizza in order.pizzas], "status": order.status,
        "order_time": order.order_time, "estimated_ready_time": order.estimated_ready_time,
        "scheduled_for": order.scheduled_for, "special_instructions": order.special_instructions,
        "fulfilment": order.fulfilment, "delivery_address": order.delivery_address,
        "payment_method": order.payment_method, "cook_name": order.cook_name, "driver_name": order.driver_name,
        **money_lines(order),
    }


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
    user = BearerToken()(request) or request.user  # an API token's user orders as that account
    key = browser_key(request)
    result = get_mediator().execute(PlaceOrderCommand(
        customer_name=payload.customer_name, customer_phone=payload.customer_phone, fulfilment=fulfilment,
        delivery_address=payload.customer_address or "", customer_email=payload.customer_email,
        payment_method=PAYMENT_METHODS[payload.payment_method], card_number=payload.card_number, notes=payload.notes,
        scheduled_for=payload.scheduled_for,
        lines=tuple(
            OrderLineRequest(item=item.pizza_id, size=item.size, toppings=tuple(item.toppings),
                             quantity=item.quantity, special_instructions=item.special_instructions,
                             left_toppings=tuple(item.left_toppings), right_toppings=tuple(item.right_toppings))
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
    # The caller placed it, so holds it: answer with the whole order, as just committed (a replay
    # of an earlier request reads it again, as it stands now).
    if result.outcome is Outcome.CREATED and placed.order is not None:
        order = placed.order
    else:
        read = get_mediator().execute(GetOrderQuery(
            order_id=placed.order_id, viewer=Viewer(opened_links=frozenset({placed.order_id}))))
        if not read.is_success:
            return failure(read)
        order = read.data
    return Status(http_status(result), {**order_out(order), "access_token": link_token(placed.order_id)})


@api.get("/orders", response={200: list[schemas.OrderOut], **ERRORS},
         summary="Orders: staff see all, a customer only their own", tags=["orders"])
def list_orders(request: HttpRequest,
                status: OrderStatusName | None = Query(None, description="only orders in this status"),
                limit: int = Query(50, ge=1, le=100, description="at most this many, newest first")):
    """Newest first. Kitchen and Managers see every order; anyone else the orders of their session,
    their account (a session or an API token) and, for a driver, those assigned to them."""
    result = get_mediator().execute(ListOrdersQuery(
        viewer=customer_viewer(request, "", unsafe=False), status=status, limit=limit))
    if not result.is_success:
        return failure(result)
    return Status(200, [order_out(order) for order in result.data])


@api.get("/orders/{order_id}", response={200: schemas.OrderOut, **ERRORS},
         summary="One order (the seeds' OrderDto)", tags=["orders"])
def get_order(request: HttpRequest, order_id: str):
    result = get_mediator().execute(GetOrderQuery(
        order_id=order_id, viewer=customer_viewer(request, order_id, unsafe=False)))
    if not result.is_success:
        return failure(result)
    return Status(200, order_out(result.data))


@api.get("/orders/{order_id}/status", response={200: schemas.OrderStatusOut, **ERRORS},
         summary="An order's status", tags=["orders"])
def order_status(request: HttpRequest, order_id: str):
    result = get_mediator().execute(GetOrderQuery(
        order_id=order_id, viewer=customer_viewer(request, order_id, unsafe=False)))
    if not result.is_success:
        return failure(result)
    order = result.data
    return Status(200, {
        "order_id": order.order_id, "order_number": order.number, "status": order.status,
        "customer_name": order.customer_name, "fulfilment": order.fulfilment, "order_time": order.order_time,
        "estimated_ready_time": order.estimated_ready_time, "scheduled_for": order.scheduled_for,
        "cook_name": order.cook_name, "driver_name": order.driver_name,
        "pizzas": [pizza_out(pizza) for pizza in order.pizzas], **money_lines(order),
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
    cook_id = require_scope(request, KITCHEN_MANAGE)
    return changed(get_mediator().execute(StartCookingCommand(
        order_id=order_id, cook_id=cook_id, estimated_cooking_time_minutes=payload.estimated_cooking_time_minutes,
    )))


@api.put("/orders/{order_id}/ready", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Mark the whole order ready", tags=["kitchen"])
def mark_ready(request: HttpRequest, order_id: str):
    require_scope(request, KITCHEN_MANAGE)
    return changed(get_mediator().execute(MarkOrderReadyCommand(order_id=order_id)))


@api.put("/orders/{order_id}/pizzas/{pizza_index}/ready", auth=STAFF_AUTH,
         response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Mark one pizza ready (the last one readies the order)", tags=["kitchen"])
def mark_pizza_ready(request: HttpRequest, order_id: str, pizza_index: int, payload: schemas.PizzaReadyIn | None = None):
    """Seed 000's MarkPizzaReadyCommand: `pizza_index` is the pizza's `index` in the order (from 0)."""
    require_scope(request, KITCHEN_MANAGE)
    return changed(get_mediator().execute(MarkPizzaReadyCommand(order_id=order_id, pizza_index=pizza_index)))


@api.put("/orders/{order_id}/picked-up", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Hand a pickup order over", tags=["kitchen"])
def picked_up(request: HttpRequest, order_id: str):
    require_scope(request, KITCHEN_MANAGE)
    return changed(get_mediator().execute(MarkOrderPickedUpCommand(order_id=order_id)))


@api.get("/kitchen/queue", auth=STAFF_AUTH, response={200: list[schemas.QueueItemOut], **ERRORS},
         summary="The kitchen queue of one status, oldest first", tags=["kitchen"])
def kitchen_queue(request: HttpRequest, response: HttpResponse,
                  status: Literal["pending", "new", "confirmed", "cooking", "ready"] = Query(
                      "cooking", description="pending (placed or paid, not started; `new` is the same), "
                                             "confirmed (paid, not started), cooking or ready"),
                  limit: int = Query(50, ge=1, le=100, description="the oldest this many")):
    """Seed 000's queue: `status` is pending (placed or paid, not started), cooking (the default) or
    ready. The oldest `limit` (at most 100) are listed; `X-Total-Count` counts them all."""
    require_scope(request, KITCHEN_READ)
    result = get_mediator().execute(GetKitchenQueueItemsQuery(status=status, limit=limit))
    if not result.is_success:
        return failure(result)
    response["X-Total-Count"] = str(result.data.total)
    return Status(200, [
        {"order_id": item.order_id, "order_number": item.number, "status": item.status, "fulfilment": item.fulfilment,
         "customer_name": item.customer_name, "order_time": item.order_time,
         "estimated_ready_time": item.estimated_ready_time, "cook_name": item.cook_name,
         "pizza_count": item.pizza_count, "total_prep_time": item.total_prep_time,
         "special_instructions": list(item.special_instructions), "notes": item.notes,
         "pizzas": [pizza_out(pizza) for pizza in item.pizzas]}
        for item in result.data.items
    ])


@api.get("/kitchen/status", auth=STAFF_AUTH, response={200: schemas.KitchenStatusOut, **ERRORS},
         summary="The kitchen's load (the seeds' KitchenStatusDto)", tags=["kitchen"])
def kitchen_status(request: HttpRequest):
    require_scope(request, KITCHEN_READ)
    status = get_mediator().execute(GetKitchenStatusQuery()).data
    return Status(200, {
        "current_capacity": status.current_capacity, "max_concurrent_orders": status.max_concurrent_orders,
        "available_capacity": status.available_capacity, "is_at_capacity": status.is_at_capacity,
        "average_cooking_time": status.average_cooking_time, "cooked_today": status.cooked_today,
        "orders_ahead": status.orders_ahead,
        "active_orders": [
            {"order_id": o.order_id, "order_number": o.number, "customer_name": o.customer_name, "status": o.status,
             "order_time": o.order_time, "estimated_ready_time": o.estimated_ready_time,
             "total_amount": str(o.total_amount), "items_count": o.items_count}
            for o in status.active_orders
        ],
    })


@api.get("/kitchen/board", auth=STAFF_AUTH, response={200: schemas.KitchenBoardOut, **ERRORS},
         summary="The kitchen board: all three columns at once", tags=["kitchen"])
def kitchen_board(request: HttpRequest):
    """The board's own shape (it was /api/kitchen/queue's before the seeds' queue took that path):
    each column's oldest screenful, every line of each ticket; `active_orders` is exact."""
    require_scope(request, KITCHEN_READ)
    board = get_mediator().execute(GetKitchenQueueQuery(all_lines=True)).data

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
    driver_id = require_scope(request, DELIVERY_MANAGE)
    return changed(get_mediator().execute(MarkOutForDeliveryCommand(order_id=order_id, driver_id=driver_id)))


@api.put("/orders/{order_id}/assign", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Take a ready order (without leaving yet)", tags=["delivery"])
def assign(request: HttpRequest, order_id: str):
    driver_id = require_scope(request, DELIVERY_MANAGE)
    return changed(get_mediator().execute(AssignOrderToDeliveryCommand(order_id=order_id, driver_id=driver_id)))


@api.put("/orders/{order_id}/delivered", auth=STAFF_AUTH, response={200: schemas.StatusChangedOut, **ERRORS},
         summary="Mark the order delivered", tags=["delivery"])
def delivered(request: HttpRequest, order_id: str):
    driver_id = require_scope(request, DELIVERY_MANAGE)
    return changed(get_mediator().execute(MarkOrderDeliveredCommand(order_id=order_id, driver_id=driver_id)))


# --- reports -------------------------------------------------------------------------------
@api.get("/reports/daily-sales", auth=STAFF_AUTH, response={200: schemas.DailySalesOut, **ERRORS},
         summary="One day's sales (managers)", tags=["reports"])
def daily_sales(request: HttpRequest, date: date):
    require_scope(request, REPORTS_READ)
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


@api.get("/reports/analytics", auth=STAFF_AUTH, response={200: schemas.OrderAnalyticsOut, **ERRORS},
         summary="Order analytics for a period (the seeds' OrderAnalyticsDto; managers)", tags=["reports"])
def order_analytics(request: HttpRequest,
                    start: date | None = Query(None, description="first day (local), default today"),
                    end: date | None = Query(None, description="last day (local), default the first")):
    """Orders placed from `start` to `end` (local dates, inclusive; both default to today, `end` to `start`)."""
    require_scope(request, REPORTS_READ)
    first = start or (end if end is not None else timezone.localdate())
    result = get_mediator().execute(GetOrderAnalyticsQuery(start=first, end=end or first))
    if not result.is_success:
        return failure(result)
    report = result.data
    return Status(200, {
        "start": report.start, "end": report.end, "total_orders": report.total_orders,
        "total_revenue": str(report.total_revenue), "average_order_value": str(report.average_order_value),
        "popular_pizzas": [{"rank": p.rank, "pizza_id": p.pizza_id, "name": p.name, "quantity": p.quantity,
                            "revenue": str(p.revenue)} for p in report.popular_pizzas],
        "peak_hours": [{"hour": h.hour, "order_count": h.order_count, "revenue": str(h.revenue)}
                       for h in report.peak_hours],
        "total_delivery_fees": str(report.total_delivery_fees), "total_tax": str(report.total_tax),
        "cancelled_orders": report.cancelled_orders,
    })


# --- menu ----------------------------------------------------------------------------------
def menu_items(query: GetMenuQuery):
    result = get_mediator().execute(query)
    if not result.is_success:
        return failure(result)
    return Status(200, [
        {"id": item.slug, "name": item.name, "description": item.description, "base_price": str(item.base_price),
         "category": item.category, "preparation_time_minutes": item.preparation_minutes,
         "available_sizes": [price.size for price in item.prices],
         "available_toppings": [t.slug for t in item.toppings if t.is_available],
         "is_seasonal": item.is_seasonal, "is_available": item.is_available,
         "prices": {price.size: str(price.price) for price in item.prices},
         "toppings": [{"slug": t.slug, "name": t.name, "price": str(t.price), "is_available": t.is_available}
                      for t in item.toppings]}
        for group in result.data.categories for item in group.items
    ])


@api.get("/menu", response={200: list[schemas.MenuItemOut], **ERRORS}, summary="The menu", tags=["menu"])
def menu(request: HttpRequest,
         category: str | None = Query(None, description="pizza, appetizer, salad, drink or dessert; plurals "
                                                        "(drinks) and any case are accepted"),
         include_seasonal: bool = True):
    """`category`: pizza, appetizer, salad, drink or dessert — or the plural (`drinks`), in any case."""
    return menu_items(GetMenuQuery(category=category or None, include_seasonal=include_seasonal))


@api.get("/menu/pizzas", response={200: list[schemas.MenuItemOut], **ERRORS}, summary="The pizzas", tags=["menu"])
def menu_pizzas(request: HttpRequest, include_seasonal: bool = True):
    return menu_items(GetMenuQuery(category=Category.PIZZA, include_seasonal=include_seasonal))
