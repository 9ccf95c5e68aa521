"""The demo menu and staff accounts. Loading is idempotent and never overwrites a manager's edits."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from orders.models import Category, MenuItem, Topping

TOPPINGS = [
    ("extra_cheese", "Extra cheese", "1.50"),
    ("mushrooms", "Mushrooms", "1.00"),
    ("pepperoni", "Pepperoni", "1.75"),
    ("ham", "Ham", "1.75"),
    ("sausage", "Italian sausage", "1.75"),
    ("pineapple", "Pineapple", "1.00"),
    ("olives", "Black olives", "1.00"),
    ("red_onion", "Red onion", "0.75"),
    ("green_peppers", "Green peppers", "0.75"),
    ("jalapenos", "Jalapeños", "0.75"),
    ("fresh_basil", "Fresh basil", "0.50"),
    ("anchovies", "Anchovies", "1.50"),
    ("rocket", "Rocket", "1.00"),
    ("chili_flakes", "Chili flakes", "0.25"),
]

ALL_PIZZA_TOPPINGS = [slug for slug, _, _ in TOPPINGS]

# slug, name, category, description, base price, minutes, seasonal, allowed toppings
MENU = [
    ("margherita", "Margherita", Category.PIZZA, "San Marzano tomato, fior di latte, basil, olive oil.",
     "12.00", 12, False, ALL_PIZZA_TOPPINGS),
    ("pepperoni", "Pepperoni", Category.PIZZA, "Tomato, mozzarella and a generous layer of pepperoni.",
     "14.00", 13, False, ALL_PIZZA_TOPPINGS),
    ("quattro_formaggi", "Quattro Formaggi", Category.PIZZA, "Mozzarella, gorgonzola, fontina and parmesan.",
     "15.50", 13, False, ALL_PIZZA_TOPPINGS),
    ("diavola", "Diavola", Category.PIZZA, "Spicy salami, chili, tomato and mozzarella.",
     "14.50", 13, False, ALL_PIZZA_TOPPINGS),
    ("hawaiian", "Hawaiian", Category.PIZZA, "Ham and pineapple on tomato and mozzarella.",
     "14.00", 13, False, ALL_PIZZA_TOPPINGS),
    ("capricciosa", "Capricciosa", Category.PIZZA, "Ham, mushrooms, artichokes and olives.",
     "15.00", 14, False, ALL_PIZZA_TOPPINGS),
    ("vegetariana", "Vegetariana", Category.PIZZA, "Peppers, courgette, aubergine, red onion and olives.",
     "14.00", 14, False, ALL_PIZZA_TOPPINGS),
    ("bbq_chicken", "BBQ Chicken", Category.PIZZA, "Smoky barbecue sauce, chicken, red onion, coriander.",
     "15.50", 14, False, ALL_PIZZA_TOPPINGS),
    ("pumpkin_sage", "Pumpkin & Sage", Category.PIZZA, "Autumn special: roasted pumpkin, sage, ricotta, pine nuts.",
     "16.00", 15, True, ["extra_cheese", "mushrooms", "red_onion", "rocket", "chili_flakes"]),
    ("garlic_bread", "Garlic bread", Category.APPETIZER, "Wood-fired bread with garlic butter and parsley.",
     "5.50", 6, False, ["extra_cheese", "chili_flakes"]),
    ("bruschetta", "Bruschetta", Category.APPETIZER, "Grilled bread, tomatoes, basil and garlic.",
     "6.50", 6, False, ["fresh_basil", "red_onion"]),
    ("mozzarella_sticks", "Mozzarella sticks", Category.APPETIZER, "Six sticks with marinara dip.",
     "7.00", 8, False, []),
    ("caesar_salad", "Caesar salad", Category.SALAD, "Romaine, parmesan, croutons, anchovy dressing.",
     "9.00", 5, False, ["anchovies", "extra_cheese"]),
    ("cola", "Cola", Category.DRINK, "Ice-cold cola.", "2.50", 1, False, []),
    ("lemonade", "Sicilian lemonade", Category.DRINK, "Sparkling lemonade made with Sicilian lemons.",
     "3.50", 1, False, []),
    ("sparkling_water", "Sparkling water", Category.DRINK, "San Pellegrino.", "2.00", 1, False, []),
    ("tiramisu", "Tiramisù", Category.DESSERT, "Mascarpone, espresso-soaked savoiardi, cocoa.",
     "6.50", 2, False, []),
    ("cannoli", "Cannoli", Category.DESSERT, "Two crisp shells with sweet ricotta and pistachio.",
     "6.00", 2, False, []),
]

GROUPS = {
    "Kitchen": [],
    "Delivery": [],
    "Manager": [
        "orders.view_menuitem", "orders.add_menuitem", "orders.change_menuitem", "orders.delete_menuitem",
        "orders.view_topping", "orders.add_topping", "orders.change_topping", "orders.delete_topping",
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
    created = {"toppings": 0, "menu items": 0, "groups": 0, "users": 0}
    toppings = {}
    for slug, name, price in TOPPINGS:
        toppings[slug], was_created = Topping.objects.get_or_create(
            slug=slug, defaults={"name": name, "price": Decimal(price)}
        )
        created["toppings"] += was_created
    for position, (slug, name, category, description, price, minutes, seasonal, allowed) in enumerate(MENU):
        item, was_created = MenuItem.objects.get_or_create(slug=slug, defaults={
            "name": name, "category": category, "description": description, "base_price": Decimal(price),
            "preparation_minutes": minutes, "is_seasonal": seasonal, "position": position,
        })
        if was_created:
            item.allowed_toppings.set(toppings[t] for t in allowed)
            created["menu items"] += 1
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
