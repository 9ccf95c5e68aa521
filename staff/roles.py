"""Staff roles are Django groups: Kitchen, Delivery, Manager (superusers hold every role).

A user's group names are read once and kept on the user object, so a page that checks several
roles (the view's guard, then the header's links) costs one query. A socket that authorises
again loads a fresh user, so a change of groups is still seen there.
"""

from __future__ import annotations

KITCHEN_GROUP_NAME = "Kitchen"
DELIVERY_GROUP_NAME = "Delivery"
MANAGER_GROUP_NAME = "Manager"

_CACHE_ATTRIBUTE = "_staff_group_names"


def group_names(user) -> frozenset[str]:
    """The names of the user's groups (empty for anonymous or inactive users), queried once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_group_names(user) -> None:
    """Drop the cached names (after changing the user's groups on this same object)."""
    if user is not None:
        user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def in_group(user, group_name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or group_name in group_names(user)


def is_kitchen_staff(user) -> bool:
    """Cooks, and managers: seed 003 grants managers every kitchen scope, on the board as in the API."""
    return in_group(user, KITCHEN_GROUP_NAME) or in_group(user, MANAGER_GROUP_NAME)


def is_delivery_staff(user) -> bool:
    return in_group(user, DELIVERY_GROUP_NAME)


def is_manager(user) -> bool:
    return in_group(user, MANAGER_GROUP_NAME)


# --- the seeds' scopes (seed 003, "Authentication & Authorization": OAuth Scopes, User Roles) ----
# The API asks for a scope, never a group: this table is the one place that says which role holds
# which scope. Seeing an order is still decided per order by orders.access.Viewer.
ORDERS_READ, ORDERS_WRITE = "orders:read", "orders:write"
KITCHEN_READ, KITCHEN_MANAGE = "kitchen:read", "kitchen:manage"
MENU_READ, MENU_WRITE = "menu:read", "menu:write"
REPORTS_READ, ADMIN = "reports:read", "admin"
DELIVERY_MANAGE = "delivery:manage"  # the app's own: the seeds have no driver role

SCOPES = {
    ORDERS_READ: "Read order information",
    ORDERS_WRITE: "Create and modify orders",
    KITCHEN_READ: "View kitchen status",
    KITCHEN_MANAGE: "Manage kitchen operations",
    MENU_READ: "View menu items",
    MENU_WRITE: "Modify menu items",
    REPORTS_READ: "View business reports",
    DELIVERY_MANAGE: "Take and deliver orders",
    ADMIN: "Full administrative access",
}

# Every caller is a customer, signed in or not (anonymous customers order and track by session
# or access token); staff roles add to that. Anonymous callers hold only these, so they never cook.
CUSTOMER_SCOPES = frozenset({ORDERS_READ, ORDERS_WRITE, MENU_READ})
_KITCHEN_SCOPES = frozenset({KITCHEN_READ, KITCHEN_MANAGE, ORDERS_READ})
ROLE_SCOPES: dict[str, frozenset[str]] = {
    KITCHEN_GROUP_NAME: _KITCHEN_SCOPES,
    MANAGER_GROUP_NAME: _KITCHEN_SCOPES | {MENU_WRITE, REPORTS_READ},  # "all kitchen scopes + menu:write, reports:read"
    DELIVERY_GROUP_NAME: frozenset({DELIVERY_MANAGE}),
}


def scopes_of(user) -> frozenset[str]:
    """The scopes a caller holds: a customer's, plus their roles'; a superuser (the seeds' Admin) holds all."""
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return frozenset(SCOPES)
    held = set(CUSTOMER_SCOPES)
    for group in group_names(user):
        held |= ROLE_SCOPES.get(group, frozenset())
    return frozenset(held)


def has_scope(user, scope: str) -> bool:
    return scope in scopes_of(user)


def roles_with(scope: str) -> tuple[str, ...]:
    """The staff roles that hold ``scope`` (for a refusal that says who may)."""
    return tuple(role for role, held in ROLE_SCOPES.items() if scope in held)
