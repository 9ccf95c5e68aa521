"""Who may use the delivery screen (the rule lives in staff/, below every board)."""

from staff.permissions import delivery_staff_required
from staff.roles import DELIVERY_GROUP_NAME, is_delivery_staff

__all__ = ["DELIVERY_GROUP_NAME", "delivery_staff_required", "is_delivery_staff"]
