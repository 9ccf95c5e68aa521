"""Who may read the reports."""

from __future__ import annotations

from pizzeria.permissions import group_required, in_group

MANAGER_GROUP_NAME = "Manager"


def is_manager(user) -> bool:
    return in_group(user, MANAGER_GROUP_NAME)


manager_required = group_required(MANAGER_GROUP_NAME, refusal="The reports are for managers.")
