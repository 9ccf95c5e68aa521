from django.utils.functional import SimpleLazyObject

from staff.navigation import staff_links_for
from staff.roles import is_delivery_staff, is_kitchen_staff, is_manager


def staff_links(request):
    """The header's staff links; each evaluated only if a template asks, all from one group lookup."""
    user = getattr(request, "user", None)
    return {
        "staff_links": SimpleLazyObject(lambda: staff_links_for(user)),
        "is_kitchen_staff": SimpleLazyObject(lambda: is_kitchen_staff(user)),
        "is_delivery_staff": SimpleLazyObject(lambda: is_delivery_staff(user)),
        "is_manager": SimpleLazyObject(lambda: is_manager(user)),
    }
