"""View guards for the staff screens: anonymous users sign in, others outside the role get 403."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from staff.roles import DELIVERY_GROUP_NAME, MANAGER_GROUP_NAME, in_group, is_kitchen_staff


def role_required(holds_role, *, refusal: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not holds_role(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)
        return guarded
    return decorator


def group_required(group_name: str, *, refusal: str):
    return role_required(lambda user: in_group(user, group_name), refusal=refusal)


kitchen_staff_required = role_required(is_kitchen_staff, refusal="The kitchen screen is for kitchen staff and managers.")
delivery_staff_required = group_required(DELIVERY_GROUP_NAME, refusal="The delivery screen is for drivers.")
manager_required = group_required(MANAGER_GROUP_NAME, refusal="The reports are for managers.")
