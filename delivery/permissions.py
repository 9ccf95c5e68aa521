"""Who may use the delivery screen."""

from __future__ import annotations

from pizzeria.permissions import group_required, in_group

DELIVERY_GROUP_NAME = "Delivery"


def is_delivery_staff(user) -> bool:
    return in_group(user, DELIVERY_GROUP_NAME)


delivery_staff_required = group_required(DELIVERY_GROUP_NAME, refusal="The delivery screen is for drivers.")
