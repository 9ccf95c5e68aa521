"""View guards for the staff screens: anonymous users sign in, others outside the role get 403."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from staff.roles import DELIVERY_GROUP_NAME, KITCHEN_GROUP_NAME, MANAGER_GROUP_NAME, in_group


def group_required(group_name: str, *, refusal: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not in_group(request.user, group_name):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)
        return guarded
    return decorator


kitchen_staff_required = group_required(KITCHEN_GROUP_NAME, refusal="The kitchen screen is for kitchen staff.")
delivery_staff_required = group_required(DELIVERY_GROUP_NAME, refusal="The delivery screen is for drivers.")
manager_required = group_required(MANAGER_GROUP_NAME, refusal="The reports are for managers.")
