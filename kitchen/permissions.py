"""Who may use the kitchen screens."""

from __future__ import annotations

from pizzeria.permissions import group_required, in_group

KITCHEN_GROUP_NAME = "Kitchen"


def is_kitchen_staff(user) -> bool:
    return in_group(user, KITCHEN_GROUP_NAME)


kitchen_staff_required = group_required(KITCHEN_GROUP_NAME, refusal="The kitchen screen is for kitchen staff.")
