from django.utils.functional import SimpleLazyObject

from delivery.permissions import is_delivery_staff
from kitchen.permissions import is_kitchen_staff
from reports.permissions import is_manager


def staff_links(request):
    """Which staff screens to link in the header (each only evaluated if a template asks)."""
    user = getattr(request, "user", None)
    return {
        "is_kitchen_staff": SimpleLazyObject(lambda: is_kitchen_staff(user)),
        "is_delivery_staff": SimpleLazyObject(lambda: is_delivery_staff(user)),
        "is_manager": SimpleLazyObject(lambda: is_manager(user)),
    }
