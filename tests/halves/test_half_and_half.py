"""Half-and-half pizzas: toppings per half, priced at half the topping's price rounded up to the
cent, stored on the order line, and shown unmistakably on the cart, checkout, order page, kitchen
ticket and receipt."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from menu.models import Topping
from menu.pricing import half_topping_price, unit_price
from orders.access import Viewer
from orders.commands.add_to_cart import AddToCartCommand
from orders.commands.place_order import OrderLineRequest
from orders.halves import ToppingHalves
from orders.models import CartLine, Order
from orders.queries.get_cart import GetCartQuery
from orders.queries.get_order_status import GetOrderStatusQuery
from pizzeria.application import Outcome
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

CHECKOUT = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "ann@example.com",
    "fulfilment": "pickup", "delivery_address": "", "payment_method": "cash",
    "card_number": "", "notes": "", "submission_key": "halves-1",
}

# medium margherita 12.00 + olives on the whole 1.00 + left: pepperoni 1.75 -> 0.88, red onion 0.75 -> 0.38
# + right: mushrooms 1.00 -> 0.50  = 14.76
HALF_AND_HALF = OrderLineRequest(item="margherita", size="medium", toppings=("olives",),
                                 left_toppings=("pepperoni", "red_onion"), right_toppings=("mushrooms",))


# --- the price rule ----------------------------------------------------------------------------
@pytest.mark.parametrize("price, half", [
    ("1.00", "0.50"), ("1.75", "0.88"), ("0.75", "0.38"), ("0.25", "0.13"), ("0.01", "0.01"), ("0", "0.00"),
])
def test_a_half_topping_costs_half_rounded_up_to_the_cent(price, half):
    assert half_topping_price(Decimal(price)) == Decimal(half)


def test_two_halves_never_cost_less_than_the_whole():
    for cents in range(0, 500):
        price = Decimal(cents) / 100
        assert 2 * half_topping_price(price) >= price


def test_the_unit_price_adds_whole_toppings_in_full_and_half_toppings_at_half():
    assert unit_price(Decimal("12.00"), "large", [Decimal("1.00")], [Decimal("1.75"), Decimal("0.25")]) == (
        Decimal("15.60") + Decimal("1.00") + Decimal("0.88") + Decimal("0.13"))


# --- through the mediator ---------------------------------------------------------------------------
def test_a_half_and_half_line_is_added_to_the_cart_and_priced(menu, mediator):
    result = mediator.execute(AddToCartCommand(browser_key="b-1", line=HALF_AND_HALF))
    assert result.outcome is Outcome.CREATED
    stored = CartLine.objects.get()
    assert (stored.topping_slugs, stored.left_topping_slugs, stored.right_topping_slugs) == (
        ["olives"], ["pepperoni", "red_onion"], ["mushrooms"])

    (line,) = mediator.execute(GetCartQuery(browser_key="b-1")).data.lines
    assert line.unit_price == Decimal("14.76")
    assert line.topping_halves == ToppingHalves(whole=("Black olives",), left=("Pepperoni", "Red onion"),
                                                right=("Mushrooms",))
    assert str(line.topping_halves) == "+ Black olives · Left half: Pepperoni, Red onion · Right half: Mushrooms"


def test_the_order_line_keeps_each_half_in_its_toppings_json(menu, mediator):
    result = mediator.execute(place_order_command(lines=(HALF_AND_HALF,)))
    order = Order.objects.get(public_id=result.data.order_id)
    (line,) = order.lines.all()

    assert line.toppings == [
        {"slug": "olives", "name": "Black olives", "price": "1.00"},
        {"slug": "pepperoni", "name": "Pepperoni", "price": "0.88", "half": "left"},
        {"slug": "red_onion", "name": "Red onion", "price": "0.38", "half": "left"},
        {"slug": "mushrooms", "name": "Mushrooms", "price": "0.50", "half": "right"},
    ]
    assert line.unit_price == Decimal("14.76") and order.total_amount == Decimal("14.76")
    assert line.topping_names == ["Black olives", "Pepperoni", "Red onion", "Mushrooms"]


def test_one_half_only_shows_the_other_half_as_plain(menu, mediator):
    result = mediator.execute(place_order_command(lines=(
        OrderLineRequest(item="margherita", left_toppings=("pepperoni",)),)))
    line = Order.objects.get(public_id=result.data.order_id).lines.get()
    assert str(line.topping_halves) == "Left half: Pepperoni · Right half: nothing extra"
    assert line.unit_price == Decimal("12.88")


@pytest.mark.parametrize("request_line, message", [
    (OrderLineRequest(item="cola", size="small", left_toppings=("pepperoni",)), "Cola can't be split into halves"),
    (OrderLineRequest(item="garlic_bread", left_toppings=("extra_cheese",)), "Garlic bread can't be split into halves"),
    (OrderLineRequest(item="margherita", left_toppings=("pepperoni",), right_toppings=("pepperoni",)),
     "pepperoni is on both halves: put it on the whole pizza instead."),
    (OrderLineRequest(item="margherita", toppings=("ham",), right_toppings=("ham",)),
     "ham is already on the whole pizza"),
    (OrderLineRequest(item="margherita", left_toppings=("ham", "ham")), "Each topping can be chosen once on the left half."),
    (OrderLineRequest(item="margherita", right_toppings=("truffle",)), "truffle can't go on Margherita."),
    (OrderLineRequest(item="margherita", toppings=("ham", "olives", "mushrooms", "pepperoni", "sausage", "pineapple"),
                      left_toppings=("red_onion", "green_peppers", "jalapenos", "fresh_basil", "anchovies")),
     "At most 10 toppings on each half, whole-pizza toppings included (you chose 11)."),
])
def test_impossible_halves_are_refused_with_a_clear_reason(menu, mediator, request_line, message):
    result = mediator.execute(AddToCartCommand(browser_key="b-1", line=request_line))
    assert not result.is_success
    assert message in result.field_errors["toppings"][0]
    assert CartLine.objects.count() == 0


def test_a_sold_out_half_topping_is_refused(menu, mediator):
    Topping.objects.filter(slug="pepperoni").update(is_available=False)
    result = mediator.execute(AddToCartCommand(browser_key="b-1", line=HALF_AND_HALF))
    assert result.field_errors["toppings"] == ["Sorry, we've run out of Pepperoni."]


def test_kitchen_queue_and_order_status_carry_the_halves(menu, mediator):
    placed = mediator.execute(place_order_command(lines=(HALF_AND_HALF,))).data
    (ticket,) = mediator.execute(GetKitchenQueueQuery()).data.new
    assert ticket.lines[0].topping_halves.left == ("Pepperoni", "Red onion")
    assert ticket.lines[0].toppings == ("Black olives", "Pepperoni", "Red onion", "Mushrooms")  # the API's list

    details = mediator.execute(GetOrderStatusQuery(order_id=placed.order_id, viewer=Viewer(sees_every_order=True))).data
    assert details.lines[0].topping_halves.right == ("Mushrooms",)


# --- the screens ----------------------------------------------------------------------------------
def add_half_and_half(client, **extra):
    return client.post("/cart/add/", {
        "item": "margherita", "size": "medium", "quantity": 1, "toppings": ["olives"],
        "left_toppings": ["pepperoni", "red_onion"], "right_toppings": ["mushrooms"], **extra,
    }, HTTP_HX_REQUEST="true")


def halves_html(body: str) -> bool:
    return ("<strong>Left half:</strong> Pepperoni, Red onion" in body
            and "<strong>Right half:</strong> Mushrooms" in body and "+ Black olives" in body)


def test_the_menu_offers_halves_on_pizzas_only(client, menu):
    body = client.get("/").content.decode()
    margherita = body[body.index('id="item-margherita"'):]
    margherita = margherita[:margherita.index("</article>")]
    assert 'name="left_toppings" value="pepperoni"' in margherita and 'name="right_toppings"' in margherita
    assert 'for="left-margherita-pepperoni"' in margherita and "+$0.88" in margherita
    garlic = body[body.index('id="item-garlic_bread"'):]
    garlic = garlic[:garlic.index("</article>")]
    assert "left_toppings" not in garlic and "Half-and-half" not in garlic


def test_a_refused_half_keeps_everything_the_customer_ticked(client, menu):
    response = add_half_and_half(client, right_toppings=["pepperoni"])
    body = response.content.decode()
    assert response.status_code == 422
    assert "pepperoni is on both halves" in body
    assert 'id="left-margherita-red_onion" name="left_toppings" value="red_onion"\n             checked' in body
    assert "<details class=\"halves\" open>" in body


def test_cart_checkout_order_page_kitchen_and_receipt_show_the_halves(client, menu, django_capture_on_commit_callbacks):
    assert add_half_and_half(client).status_code == 200
    assert halves_html(client.get("/cart/").content.decode())
    assert halves_html(client.get("/checkout/").content.decode())
    assert "$14.76" in client.get("/checkout/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/checkout/", CHECKOUT).status_code == 302
    order = Order.objects.get()
    assert halves_html(client.get(f"/orders/{order.public_id}/").content.decode())

    cook = Client()
    cook.force_login(get_user_model().objects.get(username="cook"))
    board = cook.get("/kitchen/").content.decode()
    ticket = board[board.index(f'id="ticket-{order.pk}"'):]
    assert halves_html(ticket[:ticket.index("</article>")])

    (receipt,) = [email for email in mail.outbox if "received" in email.subject]
    assert ("1 x Margherita (Medium) — $14.76\n      + Black olives\n      Left half: Pepperoni, Red onion\n"
            "      Right half: Mushrooms\n") in receipt.body


def test_order_again_keeps_each_topping_on_its_half(menu, mediator):
    from orders.commands.reorder import ReorderCommand

    placed = mediator.execute(place_order_command(lines=(HALF_AND_HALF,), browser_key="b-1")).data
    result = mediator.execute(ReorderCommand(order_id=placed.order_id, viewer=Viewer(browser_key="b-1"),
                                             browser_key="b-1"))
    assert result.is_success, result.error
    (line,) = mediator.execute(GetCartQuery(browser_key="b-1")).data.lines
    assert (line.toppings, line.left_toppings, line.right_toppings) == (
        ("olives",), ("pepperoni", "red_onion"), ("mushrooms",))
    assert line.unit_price == Decimal("14.76")


def test_the_all_day_strip_counts_half_toppings_apart(menu, mediator):
    from kitchen.queries.get_all_day_counts import GetAllDayCountsQuery

    mediator.execute(place_order_command(lines=(HALF_AND_HALF, OrderLineRequest(item="pepperoni", toppings=("pepperoni",)))))
    toppings = {row.label: row.count for row in mediator.execute(GetAllDayCountsQuery()).data.toppings}
    assert toppings == {"Black olives": 1, "Pepperoni": 1, "Pepperoni (half)": 1, "Red onion (half)": 1,
                        "Mushrooms (half)": 1}
