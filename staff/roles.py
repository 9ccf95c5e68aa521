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
    return in_group(user, KITCHEN_GROUP_NAME)


def is_delivery_staff(user) -> bool:
    return in_group(user, DELIVERY_GROUP_NAME)


def is_manager(user) -> bool:
    return in_group(user, MANAGER_GROUP_NAME)
