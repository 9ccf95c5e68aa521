"""Who may use the kitchen screens."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

KITCHEN_GROUP_NAME = "Kitchen"


def is_kitchen_staff(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=KITCHEN_GROUP_NAME).exists()


def kitchen_staff_required(view):
    """Anonymous users go to the login page; signed-in non-kitchen users get 403."""
    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_kitchen_staff(request.user):
            raise PermissionDenied("The kitchen screen is for kitchen staff.")
        return view(request, *args, **kwargs)
    return guarded
