from django.utils.functional import SimpleLazyObject

from orders.browser import existing_browser_key
from orders.queries.get_cart import GetCartQuery
from pizzeria.application.mediator import get_mediator


def cart(request):
    """The header's cart count on every page; run only if a template reads it."""
    return {"cart": SimpleLazyObject(
        lambda: get_mediator().execute(GetCartQuery(browser_key=existing_browser_key(request))).data
    )}
