"""Who may use the kitchen screens (the rule lives in staff/, below every board)."""

from staff.permissions import kitchen_staff_required
from staff.roles import KITCHEN_GROUP_NAME, is_kitchen_staff

__all__ = ["KITCHEN_GROUP_NAME", "is_kitchen_staff", "kitchen_staff_required"]
