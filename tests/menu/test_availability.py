"""86ing from the kitchen: an item or a topping is sold out, then back, through the mediator."""

import pytest

from menu.commands.set_availability import SetAvailabilityCommand
from menu.events import AvailabilityChanged
from menu.models import MenuItem, Topping
from menu.queries.get_menu import GetMenuQuery
from pizzeria.application import Outcome
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def menu_item(mediator, slug):
    return next(item for group in mediator.execute(GetMenuQuery()).data.categories
                for item in group.items if item.slug == slug)


def test_an_86ed_item_is_sold_out_on_the_menu_and_refused_at_checkout(mediator, menu, django_capture_on_commit_callbacks):
    assert menu_item(mediator, "pepperoni").is_available  # cached from here on

    with django_capture_on_commit_callbacks(execute=True):
        result = mediator.execute(SetAvailabilityCommand(kind="item", slug="pepperoni", is_available=False,
                                                         changed_by="Luigi"))

    assert result.is_success and (result.data.name, result.data.is_available) == ("Pepperoni", False)
    assert not MenuItem.objects.get(slug="pepperoni").is_available
    assert not menu_item(mediator, "pepperoni").is_available  # the cached menu was invalidated
    refused = mediator.execute(place_order_command(lines=(line("pepperoni"),)))
    assert refused.outcome is Outcome.REJECTED and "Pepperoni is sold out" in refused.first_error


def test_a_topping_comes_back(mediator, menu, django_capture_on_commit_callbacks):
    Topping.objects.filter(slug="olives").update(is_available=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert mediator.execute(SetAvailabilityCommand(kind="topping", slug="olives", is_available=True)).is_success
    assert Topping.objects.get(slug="olives").is_available
    assert mediator.execute(place_order_command(lines=(line("margherita", toppings=["olives"]),))).is_success


def test_each_change_raises_one_event_and_a_repeat_raises_none(mediator, menu, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    published = []
    monkeypatch.setattr(mediator, "publish", published.append)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            mediator.execute(SetAvailabilityCommand(kind="item", slug="cola", is_available=False, changed_by="Luigi"))
    assert [(e.aggregate_id, e.kind, e.is_available, e.changed_by) for e in published
            if isinstance(e, AvailabilityChanged)] == [("cola", "item", False, "Luigi")]


@pytest.mark.parametrize(("command", "field"), [
    (SetAvailabilityCommand(kind="pizza", slug="cola", is_available=False), "kind"),
    (SetAvailabilityCommand(kind="item", slug="", is_available=False), "slug"),
    (SetAvailabilityCommand(kind="item", slug="cola", is_available="no"), "is_available"),
])
def test_bad_requests_are_refused_with_the_field(mediator, menu, command, field):
    result = mediator.execute(command)
    assert result.outcome is Outcome.INVALID and field in result.field_errors


def test_an_unknown_slug_is_not_found(mediator, menu):
    assert mediator.execute(SetAvailabilityCommand(kind="topping", slug="gold", is_available=False)).outcome is Outcome.NOT_FOUND
