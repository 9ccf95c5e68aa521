"""Who may read the reports (the rule lives in staff/, below every board)."""

from staff.permissions import manager_required
from staff.roles import MANAGER_GROUP_NAME, is_manager

__all__ = ["MANAGER_GROUP_NAME", "is_manager", "manager_required"]
