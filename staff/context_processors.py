from django.utils.functional import SimpleLazyObject

from staff.navigation import staff_links_for


def staff_links(request):
    """The header's staff links, looked up only if a template asks (one group lookup)."""
    user = getattr(request, "user", None)
    return {"staff_links": SimpleLazyObject(lambda: staff_links_for(user))}
