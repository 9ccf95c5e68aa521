"""ReorderCommand through the mediator: today's prices, what can't come back and why, and whose
order it is."""

from decimal import Decimal

import pytest

from menu.models import Category, MenuItem, Topping
from orders.access import Viewer
from orders.commands.reorder import ReorderCommand
from orders.models import CartLine, Order
from orders.queries.get_cart import GetCartQuery
from pizzeria.application import Outcome
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db

MINE = Viewer(browser_key="my-browser")


@pytest.fixture
def past_order(menu, mediator):
    """Order placed from "my-browser": large margherita + extra cheese, 2 small colas, a tiramisù."""
    result = mediator.execute(place_order_command(browser_key="my-browser", lines=(
        line("margherita", "large", ["extra_cheese"], 1, "well done"),  # 15.60 + 1.50
        line("cola", "small", [], 2),                                     # 2.00 x 2
        line("tiramisu", "medium", [], 1),
    )))
    assert result.is_success, result
    return result.data


def cart(mediator, key="my-browser"):
    return mediator.execute(GetCartQuery(browser_key=key)).data


def test_reorder_puts_every_line_back_at_todays_prices(past_order, mediator):
    MenuItem.objects.filter(slug="margherita").update(base_price=Decimal("13.00"))  # up from 12.00
    Topping.objects.filter(slug="extra_cheese").update(price=Decimal("2.00"))

    result = mediator.execute(ReorderCommand(order_id=past_order.order_id, viewer=MINE, browser_key="my-browser"))

    assert result.is_success, result
    assert [l.description for l in result.data.added] == [
        "1 × Margherita (Large) + Extra cheese", "2 × Cola (Small)", "1 × Tiramisù"]
    assert result.data.not_added == ()
    now = cart(mediator)
    assert [(l.item_slug, l.size, l.toppings, l.quantity, l.special_instructions) for l in now.lines] == [
        ("margherita", "large", ("extra_cheese",), 1, "well done"), ("cola", "small", (), 2, ""),
        ("tiramisu", "medium", (), 1, "")]
    margherita = now.lines[0]
    assert margherita.unit_price == Decimal("16.90") + Decimal("2.00")  # 13.00 x 1.3, cheese at today's 2.00
    assert result.data.added_total == now.subtotal
    assert result.data.added_items == now.item_count == 4


def test_lines_the_menu_no_longer_allows_are_reported_with_their_reason(past_order, mediator):
    MenuItem.objects.filter(slug="tiramisu").update(is_available=False)
    MenuItem.objects.filter(slug="cola").update(category=Category.DESSERT)  # one size only now
    Topping.objects.filter(slug="extra_cheese").update(is_available=False)

    result = mediator.execute(ReorderCommand(order_id=past_order.order_id, viewer=MINE, browser_key="my-browser"))

    assert result.is_success
    assert result.data.added == ()
    assert [(l.description, l.reason) for l in result.data.not_added] == [
        ("1 × Margherita (Large) + Extra cheese", "Sorry, we've run out of Extra cheese."),
        ("2 × Cola (Small)", "Cola no longer comes in small."),
        ("1 × Tiramisù", "Tiramisù is sold out today."),
    ]
    assert CartLine.objects.count() == 0


def test_reorder_adds_to_what_the_cart_already_holds(past_order, mediator):
    from orders.commands.add_to_cart import AddToCartCommand
    mediator.execute(AddToCartCommand(browser_key="my-browser", line=line("pepperoni", "medium")))
    MenuItem.objects.filter(slug="tiramisu").update(is_available=False)

    result = mediator.execute(ReorderCommand(order_id=past_order.order_id, viewer=MINE, browser_key="my-browser"))

    assert len(result.data.added) == 2 and len(result.data.not_added) == 1
    assert [l.item_slug for l in cart(mediator).lines] == ["pepperoni", "margherita", "cola"]


def test_someone_elses_order_is_refused_and_nothing_is_added(past_order, mediator):
    stranger = Viewer(browser_key="another-browser")
    result = mediator.execute(ReorderCommand(order_id=past_order.order_id, viewer=stranger, browser_key="another-browser"))
    assert result.outcome is Outcome.NOT_FOUND  # a stranger isn't told the order exists

    cook = Viewer.for_roles(groups={"Kitchen"}, user_id=99, browser_key="cook-browser")
    result = mediator.execute(ReorderCommand(order_id=past_order.order_id, viewer=cook, browser_key="cook-browser"))
    assert result.outcome is Outcome.FORBIDDEN  # staff may see it, not fill their cart from it
    assert "Only the customer" in result.error
    assert CartLine.objects.count() == 0


def test_the_account_that_placed_the_order_may_reorder_it_from_another_browser(menu, mediator, django_user_model):
    user = django_user_model.objects.create_user("luigi", password="pw-123456789")
    placed = mediator.execute(place_order_command(browser_key="old-phone", customer_user_id=user.pk)).data
    on_laptop = Viewer(browser_key="laptop", user_id=user.pk)

    result = mediator.execute(ReorderCommand(order_id=placed.order_id, viewer=on_laptop, browser_key="laptop"))

    assert result.is_success
    assert [l.item_slug for l in cart(mediator, "laptop").lines] == ["margherita"]


def test_an_unknown_order_is_not_found(menu, mediator):
    result = mediator.execute(ReorderCommand(order_id="nope", viewer=MINE, browser_key="my-browser"))
    assert result.outcome is Outcome.NOT_FOUND


def test_half_and_half_toppings_come_back_on_their_halves(menu, mediator):
    half = line("margherita", "large", ["extra_cheese"])
    from dataclasses import replace
    half = replace(half, left_toppings=("mushrooms",), right_toppings=("olives",))
    placed = mediator.execute(place_order_command(browser_key="my-browser", lines=(half,))).data
    paid = Order.objects.get(public_id=placed.order_id).lines.get().unit_price

    result = mediator.execute(ReorderCommand(order_id=placed.order_id, viewer=MINE, browser_key="my-browser"))

    assert [l.description for l in result.data.added] == [
        "1 × Margherita (Large) + Extra cheese; left half: Mushrooms; right half: Black olives"]
    cart_line = CartLine.objects.get()
    assert (cart_line.topping_slugs, cart_line.left_topping_slugs, cart_line.right_topping_slugs) == (
        ["extra_cheese"], ["mushrooms"], ["olives"])
    assert cart(mediator).lines[0].unit_price == paid  # same menu today: the same price (halves at half)
