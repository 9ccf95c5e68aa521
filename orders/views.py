"""Customer pages. Each view turns a request into one query or command and renders the result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orders.access import link_token_is_valid
from orders.browser import (
    browser_key,
    existing_browser_key,
    keep_details,
    remember_opened_link,
    remembered_details,
    viewer_for,
)
from orders.commands.add_to_cart import AddToCartCommand
from orders.commands.cancel_order import CancelOrderCommand
from orders.commands.change_cart_quantity import ChangeCartQuantityCommand
from orders.commands.claim_browser_orders import ClaimBrowserOrdersCommand
from orders.commands.place_order import OrderLineRequest, PlaceOrderCommand
from orders.commands.remember_customer_details import RememberCustomerDetailsCommand
from orders.commands.remove_from_cart import RemoveFromCartCommand
from orders.commands.reorder import ReorderCommand
from orders.forms import AddToCartForm, CartQuantityForm, CheckoutForm, CustomerDetailsForm
from orders.queries.get_cart import GetCartQuery
from orders.queries.get_customer_details import CustomerDetailsDto, GetCustomerDetailsQuery
from orders.queries.get_customer_profile import GetCustomerProfileQuery
from orders.queries.get_eta import GetEtaQuery
from menu.queries.get_menu import GetMenuQuery
from orders.profile_panels import profile_panels
from orders.queries.get_online_ordering import GetOnlineOrderingQuery
from orders.queries.get_order_history import GetOrderHistoryQuery
from orders.queries.get_order_status import GetOrderStatusQuery
from orders.rate_limits import check_order_rate
from pizzeria.application import Outcome
from pizzeria.application.idempotency import KEY_REUSED_FIELD
from pizzeria.application.mediator import get_mediator
from web.results import http_status


def _cart(request: HttpRequest):
    return get_mediator().execute(GetCartQuery(browser_key=existing_browser_key(request))).data


def _menu(category: str | None):
    result = get_mediator().execute(GetMenuQuery(category=category or None))
    if not result.is_success:  # an unknown category in the URL: show the whole menu
        result = get_mediator().execute(GetMenuQuery())
        category = None
    return result.data, category


# --- menu and cart -------------------------------------------------------------------------
def _menu_page(request: HttpRequest, *, failed: dict | None = None, status: int = 200) -> HttpResponse:
    menu_dto, category = _menu(request.GET.get("category"))
    context = {"menu": menu_dto, "category": category, "cart": _cart(request),
               "ordering": get_mediator().execute(GetOnlineOrderingQuery()).data,
               "eta": get_mediator().execute(GetEtaQuery()).data, **(failed or {})}
    if request.htmx and request.htmx.target == "menu-list":
        return render(request, "orders/menu.html#menu-list", context)
    return render(request, "orders/menu.html", context, status=status)


@require_GET
def menu(request: HttpRequest) -> HttpResponse:
    return _menu_page(request)


def _typed_values(post) -> dict:
    """What the customer chose, to put back into the form after an error."""
    return {
        "size": post.get("size", ""), "toppings": post.getlist("toppings"),
        "left_toppings": post.getlist("left_toppings"), "right_toppings": post.getlist("right_toppings"),
        "quantity": post.get("quantity", "1"), "special_instructions": post.get("special_instructions", ""),
    }


def _render_add_form(request, item, *, values=None, errors=None, added=False, announcement="", status=200):
    context = {"item": item, "values": values or {}, "errors": errors or {}, "added": added, "cart": _cart(request),
               "announcement": announcement, "bar_note": announcement.split(" — ")[0]}
    return render(request, "orders/menu.html#add-form-response", context, status=status)


def _cart_summary(cart) -> str:
    return f"{cart.item_count} item{'s' if cart.item_count != 1 else ''}, ${cart.subtotal}"


def _line_label(line) -> str:
    return f"{line.item_name} ({line.size_label.lower()})" if line.has_sizes else line.item_name


def _added_announcement(cart, line_id: str) -> str:
    """What a screen reader hears, and the cart bar shows, after an add:
    "Added 1 Margherita (large) — 3 items, $31.50"."""
    line = next((line for line in cart.lines if line.line_id == line_id), None)
    added = f"Added {line.quantity} {_line_label(line)}" if line else "Added to your cart"
    return f"{added} — {_cart_summary(cart)}"


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    slug = request.POST.get("item", "")
    if not form.is_valid():
        errors = {field: list(messages_) for field, messages_ in form.errors.items()}
        return _add_failed(request, slug, errors, "Please check the highlighted choices.")
    data = form.cleaned_data
    result = get_mediator().execute(AddToCartCommand(
        browser_key=browser_key(request),
        line=OrderLineRequest(item=data["item"], size=data["size"], toppings=tuple(data["toppings"]),
                              quantity=data["quantity"], special_instructions=data["special_instructions"],
                              left_toppings=tuple(data["left_toppings"]), right_toppings=tuple(data["right_toppings"])),
    ))
    if not result.is_success:
        return _add_failed(request, slug, result.field_errors or {"item": [result.error]}, result.error)
    announcement = _added_announcement(_cart(request), result.data)
    if request.htmx:
        return _render_add_form(request, _menu(None)[0].item(slug), added=True, announcement=announcement)
    # Without JavaScript: back to the same item, the cart bar (and the message) saying what happened.
    messages.success(request, announcement, extra_tags="cart-added")
    return redirect(f"{reverse('orders:menu')}#item-{slug}")


def _add_failed(request, slug, errors, summary):
    item = _menu(None)[0].item(slug)
    if request.htmx and item:
        return _render_add_form(request, item, values=_typed_values(request.POST), errors=errors, status=422)
    messages.error(request, summary)
    failed = {"failed_item": slug, "failed_values": _typed_values(request.POST), "failed_errors": errors}
    return _menu_page(request, failed=failed, status=422)


def _cart_eta(request: HttpRequest, cart):
    """When this cart would be ready if ordered now (or why not now): the cart page says it under
    the total, and says it again after each change (more pizzas can mean a later time)."""
    if cart.is_empty:
        return None
    return get_mediator().execute(GetEtaQuery(browser_key=existing_browser_key(request))).data


@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    cart = _cart(request)
    return render(request, "orders/cart.html", {"cart": cart, "eta": _cart_eta(request, cart)})


def _cart_changed(request: HttpRequest, result, *, done: str, focus_status: bool = False) -> HttpResponse:
    """Answer a cart change. ``done`` says what happened ("Removed Margherita (large)"); with htmx
    it is announced, and after a removal the cart's status line takes the focus (the button that
    had it is gone)."""
    cart = _cart(request)
    if request.htmx:
        status = f"{done}. Your cart: {_cart_summary(cart)}." if result.is_success else ""
        context = {"cart": cart, "eta": _cart_eta(request, cart),
                   "cart_error": "" if result.is_success else result.first_error,
                   "cart_status": status if focus_status else "", "announcement": "" if focus_status else status}
        return render(request, "orders/cart.html#cart-panel", context, status=200 if result.is_success else 422)
    if result.is_success:
        messages.success(request, f"{done}.")
    else:
        messages.error(request, result.first_error)
    return redirect("orders:cart")


def _cart_line(request: HttpRequest, line_id: str):
    return next((line for line in _cart(request).lines if line.line_id == line_id), None)


@require_POST
def cart_quantity(request: HttpRequest, line_id: str) -> HttpResponse:
    form = CartQuantityForm(request.POST)
    quantity = form.cleaned_data["quantity"] if form.is_valid() else -1
    line = _cart_line(request, line_id)
    return _cart_changed(request, get_mediator().execute(ChangeCartQuantityCommand(
        browser_key=existing_browser_key(request), line_id=line_id, quantity=quantity,
    )), done=f"{quantity} {_line_label(line)} in your cart" if line else "Cart updated")


@require_POST
def cart_remove(request: HttpRequest, line_id: str) -> HttpResponse:
    line = _cart_line(request, line_id)
    return _cart_changed(request, get_mediator().execute(RemoveFromCartCommand(
        browser_key=existing_browser_key(request), line_id=line_id,
    )), done=f"Removed {_line_label(line)}" if line else "Removed", focus_status=True)


# --- checkout ------------------------------------------------------------------------------
def _promise(request: HttpRequest) -> dict:
    """What checkout shows before paying: busy mode, and this cart's ETA and order-ahead slots."""
    mediator = get_mediator()
    return {"ordering": mediator.execute(GetOnlineOrderingQuery()).data,
            "eta": mediator.execute(GetEtaQuery(browser_key=existing_browser_key(request))).data}


def _checkout_page(request: HttpRequest, form: CheckoutForm, cart, *, status: int = 200, **extra) -> HttpResponse:
    context = {"form": form, "cart": cart, **_promise(request), **extra}
    response = render(request, "orders/checkout.html", context, status=status)
    if extra.get("retry_after"):
        response["Retry-After"] = str(extra["retry_after"])
    return response


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    cart = _cart(request)
    user = request.user
    if request.method == "GET":
        if cart.is_empty:
            messages.info(request, "Your cart is empty: pick something from the menu first.")
            return redirect("orders:menu")
        known = _remembered_details(request)
        initial = {"customer_name": known.name, "customer_phone": known.phone, "customer_email": known.email,
                   "delivery_address": known.delivery_address, **({"fulfilment": known.fulfilment} if known.fulfilment else {})}
        return _checkout_page(request, CheckoutForm(initial={**initial, "cart_version": cart.version}), cart,
                              remembered=not known.is_empty)

    form = CheckoutForm(request.POST)
    if not form.is_valid():
        return _checkout_page(request, form, cart, status=422)
    data = form.cleaned_data
    limited = check_order_rate(request, data["customer_phone"])
    if limited is not None:
        form.add_error(None, limited.message)
        return _checkout_page(request, form, cart, status=429, retry_after=limited.retry_after_seconds)
    key = browser_key(request)
    result = get_mediator().execute(PlaceOrderCommand(
        customer_name=data["customer_name"], customer_phone=data["customer_phone"],
        fulfilment=data["fulfilment"], delivery_address=data["delivery_address"],
        customer_email=data["customer_email"], payment_method=data["payment_method"],
        card_number=data["card_number"], notes=data["notes"], lines=(),
        customer_user_id=user.pk if user.is_authenticated else None, browser_key=key,
        from_cart=True, cart_version=data["cart_version"], scheduled_for=data["scheduled_for"],
        idempotency_key=data["submission_key"], idempotency_scope=f"session:{key}",
    ))
    if result.is_success:
        _remember_details(request, data)
        return redirect("orders:order_detail", order_id=result.data.order_id)
    cart = _cart(request)  # what the cart holds now (another tab may have ordered or changed it)
    if result.outcome is Outcome.CONFLICT or KEY_REUSED_FIELD in result.field_errors:
        # Keep everything typed; carry the cart as it is now (and a fresh form key), so the next
        # press of "Place order" is about this cart.
        fresh = {"cart_version": cart.version, "submission_key": CheckoutForm().initial["submission_key"]}
        form = CheckoutForm({**request.POST.dict(), **fresh})
        form.is_valid()
    if KEY_REUSED_FIELD in result.field_errors:
        form.add_error(None, "This checkout form already placed an order (did you go back a page?). "
                             "Check your orders before placing another.")
        return _checkout_page(request, form, cart, status=http_status(result), already_ordered=cart.ordered_as)
    line_errors = form.add_command_errors(result.field_errors)
    form.add_error(None, result.error)
    return _checkout_page(request, form, cart, status=http_status(result), line_errors=line_errors,
                          retry_after=result.retry_after, already_ordered=cart.ordered_as if result.outcome is Outcome.CONFLICT and cart.is_empty else "")


# --- returning customers -------------------------------------------------------------------
def _remembered_details(request: HttpRequest) -> CustomerDetailsDto:
    user_id = request.user.pk if request.user.is_authenticated else None
    return get_mediator().execute(GetCustomerDetailsQuery(
        user_id=user_id, session_details=remembered_details(request),
    )).data


def _remember_details(request: HttpRequest, data: dict) -> None:
    """After an order: keep what the customer typed for next time (on the account when signed in,
    and in this browser's session). A pickup keeps the address remembered from a delivery."""
    earlier = _remembered_details(request)
    result = get_mediator().execute(RememberCustomerDetailsCommand(
        user_id=request.user.pk if request.user.is_authenticated else None,
        name=data["customer_name"], phone=data["customer_phone"], email=data["customer_email"],
        delivery_address=data["delivery_address"] or earlier.delivery_address, fulfilment=data["fulfilment"],
    ))
    if result.is_success:
        keep_details(request, result.data.as_session_value())


@require_POST
def forget_details(request: HttpRequest) -> HttpResponse:
    """"Not you?": a shared phone or computer forgets the details it remembered (and, signed in,
    the account's copy too)."""
    if request.user.is_authenticated:
        get_mediator().execute(RememberCustomerDetailsCommand(user_id=request.user.pk))
    keep_details(request, None)
    messages.info(request, "Done: your details are no longer remembered here.")
    return redirect("orders:checkout")


@require_GET
def checkout_when(request: HttpRequest) -> HttpResponse:
    """The checkout's "when" section again (the queue or a slot changed: the page's socket said so),
    keeping the customer's choice."""
    form = CheckoutForm(initial={"scheduled_for": request.GET.get("scheduled_for", "")[:40]})
    return render(request, "orders/checkout.html#checkout-when", {"form": form, **_promise(request)})


# --- the customer's orders -----------------------------------------------------------------
@require_GET
def order_detail(request: HttpRequest, order_id: str) -> HttpResponse:
    token = request.GET.get("access")
    if token is not None:
        if link_token_is_valid(order_id, token):
            remember_opened_link(request, order_id)
        return redirect("orders:order_detail", order_id=order_id)
    result = get_mediator().execute(GetOrderStatusQuery(order_id=order_id, viewer=viewer_for(request)))
    if not result.is_success:
        raise Http404(result.error)
    return render(request, "orders/order_detail.html", {"order": result.data})


@require_POST
def order_cancel(request: HttpRequest, order_id: str) -> HttpResponse:
    viewer = viewer_for(request)
    result = get_mediator().execute(CancelOrderCommand(
        order_id=order_id, reason=request.POST.get("reason", "Cancelled by the customer"), viewer=viewer,
    ))
    if result.outcome is Outcome.NOT_FOUND:
        raise Http404(result.error)
    if result.outcome is Outcome.FORBIDDEN or request.htmx:  # refused staff see the order, so they get it with the reason
        order = get_mediator().execute(GetOrderStatusQuery(order_id=order_id, viewer=viewer)).data
        context = {"order": order, "error": "" if result.is_success else result.error}
        template = "orders/order_detail.html#order-status" if request.htmx else "orders/order_detail.html"
        return render(request, template, context, status=403 if result.outcome is Outcome.FORBIDDEN else 200)
    if result.is_success:
        messages.success(request, "Your order is cancelled.")
    else:
        messages.error(request, result.error)
    return redirect("orders:order_detail", order_id=order_id)


@require_POST
def order_reorder(request: HttpRequest, order_id: str) -> HttpResponse:
    """"Order again": the order's items go back in the cart at today's prices; the cart page then
    says what was added and which items can't be had today, and why."""
    result = get_mediator().execute(ReorderCommand(
        order_id=order_id, viewer=viewer_for(request), browser_key=browser_key(request),
    ))
    if result.outcome is Outcome.NOT_FOUND:
        raise Http404(result.error)
    if result.outcome is Outcome.FORBIDDEN:
        raise PermissionDenied(result.error)
    if not result.is_success:
        messages.error(request, result.first_error)
        return redirect("orders:order_detail", order_id=order_id)
    reordered = result.data
    if reordered.added:
        count = reordered.added_items
        messages.success(request, f"Added {count} item{'s' if count != 1 else ''} from order #{reordered.order_number} "
                                  f"to your cart at today's prices (${reordered.added_total}).")
    else:
        messages.error(request, f"Nothing from order #{reordered.order_number} can be ordered today.")
    for line in reordered.not_added:
        messages.warning(request, f"Not added: {line.description}. {line.reason}")
    return redirect("orders:cart")


@require_GET
def order_history(request: HttpRequest) -> HttpResponse:
    orders = get_mediator().execute(GetOrderHistoryQuery(viewer=viewer_for(request))).data
    return render(request, "orders/order_history.html", {"orders": orders})


# --- accounts ------------------------------------------------------------------------------
def _claim_this_browsers_orders(request: HttpRequest) -> None:
    claimed = get_mediator().execute(ClaimBrowserOrdersCommand(
        browser_key=existing_browser_key(request), user_id=request.user.pk,
    )).data
    if claimed:
        messages.info(request, f"{claimed} earlier order{'s' if claimed != 1 else ''} from this browser "
                               f"{'are' if claimed != 1 else 'is'} now in your account.")


class CustomerLoginView(LoginView):
    def form_valid(self, form):
        response = super().form_valid(form)
        _claim_this_browsers_orders(self.request)
        return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        _claim_this_browsers_orders(request)
        messages.success(request, "Welcome to Mario's! Your account is ready.")
        return redirect("orders:profile")
    return render(request, "registration/signup.html", {"form": form}, status=422 if form.errors else 200)


def _profile_page(request: HttpRequest, details_form: CustomerDetailsForm, *, status: int = 200) -> HttpResponse:
    mediator = get_mediator()
    context = {
        "profile": mediator.execute(GetCustomerProfileQuery(user_id=request.user.pk)).data,
        "orders": mediator.execute(GetOrderHistoryQuery(viewer=viewer_for(request), limit=10)).data,
        "panels": profile_panels(request),
        "details_form": details_form,
    }
    return render(request, "orders/profile.html", context, status=status)


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    known = _remembered_details(request)
    return _profile_page(request, CustomerDetailsForm(initial=known.as_session_value()))


@login_required
@require_POST
def profile_details(request: HttpRequest) -> HttpResponse:
    """A signed-in customer edits the details their checkout is prefilled with."""
    form = CustomerDetailsForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form, status=422)
    result = get_mediator().execute(RememberCustomerDetailsCommand(user_id=request.user.pk, **form.cleaned_data))
    if not result.is_success:
        form.add_command_errors(result.field_errors)
        return _profile_page(request, form, status=http_status(result))
    keep_details(request, result.data.as_session_value())
    messages.success(request, "Your details are saved: checkout will fill them in for you.")
    return redirect(f"{reverse('orders:profile')}#details")
