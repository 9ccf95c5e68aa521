"""The request's identity as the order rules see it: the browser's key and the viewer."""

from __future__ import annotations

import secrets

from django.http import HttpRequest

from orders.access import STAFF_GROUPS, Viewer

BROWSER_KEY = "browser_key"
OPENED_ORDERS = "opened_orders"
REMEMBERED_DETAILS = "customer_details"  # a returning customer's contact details (plain strings)


def browser_key(request: HttpRequest) -> str:
    """This browser's key, created on first use (kept in the session; survives sign-in)."""
    key = request.session.get(BROWSER_KEY)
    if not key:
        key = request.session[BROWSER_KEY] = secrets.token_urlsafe(24)
    return key


def existing_browser_key(request: HttpRequest) -> str:
    return request.session.get(BROWSER_KEY, "")


def is_staff_member(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()


def viewer_for(request: HttpRequest) -> Viewer:
    return viewer_from(request.session, request.user)


def viewer_from(session, user) -> Viewer:
    """The viewer for a session and user (an HTTP request's, a websocket scope's, or an API token's
    user with the request's session): what the browser holds, plus the signed-in user's roles."""
    identity = {
        "browser_key": session.get(BROWSER_KEY, ""),
        "opened_links": frozenset(session.get(OPENED_ORDERS, ())),
    }
    if user is None or not user.is_authenticated or not user.is_active:
        return Viewer(**identity)
    groups = frozenset(user.groups.filter(name__in=STAFF_GROUPS).values_list("name", flat=True))
    return Viewer.for_roles(groups=groups, is_superuser=user.is_superuser, user_id=user.pk, **identity)


def remember_opened_link(request: HttpRequest, order_id: str) -> None:
    opened = request.session.get(OPENED_ORDERS, [])
    if order_id not in opened:
        request.session[OPENED_ORDERS] = [*opened, order_id][-50:]


def remembered_details(request: HttpRequest) -> dict:
    """What this browser remembers of its customer (GetCustomerDetailsQuery cleans it)."""
    return request.session.get(REMEMBERED_DETAILS, {})


def keep_details(request: HttpRequest, details: dict[str, str] | None) -> None:
    """Remember ``details`` in the session, or forget them (None)."""
    if details is None:
        request.session.pop(REMEMBERED_DETAILS, None)
    else:
        request.session[REMEMBERED_DETAILS] = details
