"""Staff roles are Django groups: Kitchen, Delivery, Manager (superusers pass every check)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def in_group(user, group_name: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=group_name).exists()


def group_required(group_name: str, *, refusal: str):
    """Anonymous users go to the login page; signed-in users outside the group get 403."""
    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not in_group(request.user, group_name):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)
        return guarded
    return decorator
