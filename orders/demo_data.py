"""The demo data: the menu (menu.demo_data), staff groups and accounts. Loading is idempotent and
never overwrites a manager's edits."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from menu.demo_data import load_demo_menu

GROUPS = {
    "Kitchen": [],
    "Delivery": [],
    "Manager": [
        "menu.view_menuitem", "menu.add_menuitem", "menu.change_menuitem", "menu.delete_menuitem",
        "menu.view_topping", "menu.add_topping", "menu.change_topping", "menu.delete_topping",
        "orders.view_order", "orders.view_orderline", "orders.view_ordertimelineentry",
        "notifications.view_notification", "loyalty.view_loyaltyaward",
        "django_tasks_database.view_dbtaskresult",  # the task queue: retries and failed side effects
    ],
}

# username, password, first name, groups, is_staff (can open /admin/)
DEMO_USERS = [
    ("cook", "cook-demo", "Luigi", ["Kitchen"], False),
    ("driver", "driver-demo", "Toad", ["Delivery"], False),
    ("manager", "manager-demo", "Mario", ["Manager", "Kitchen", "Delivery"], True),
    ("customer", "customer-demo", "Peach", [], False),
]


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    """Create whatever of the demo data is missing; returns how many rows it created."""
    created = {**load_demo_menu(), "groups": 0, "users": 0}
    for group_name, permission_names in GROUPS.items():
        group, was_created = Group.objects.get_or_create(name=group_name)
        if was_created:
            created["groups"] += 1
            for dotted in permission_names:
                app_label, codename = dotted.split(".")
                group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    User = get_user_model()
    for username, password, first_name, groups, is_staff in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(username=username, password=password, first_name=first_name,
                                        is_staff=is_staff, email=f"{username}@marios.example")
        user.groups.set(Group.objects.filter(name__in=groups))
        created["users"] += 1
    return created
