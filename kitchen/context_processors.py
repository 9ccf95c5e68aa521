from django.utils.functional import SimpleLazyObject

from kitchen.permissions import is_kitchen_staff


def staff_links(request):
    """Whether to show the Kitchen link in the header (only evaluated if a template asks)."""
    return {"is_kitchen_staff": SimpleLazyObject(lambda: is_kitchen_staff(getattr(request, "user", None)))}
