"""Customer forms and URLs with hostile input, through the Django test client.

Every property: never a 5xx, no script payload echoed unescaped, and a rejected post stores nothing.
Where the rules are simple enough, an oracle written from the documented rules says which inputs
must be accepted and which refused, and the stored row must be what was asked for.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import unquote, urlencode, urlsplit

import pytest
from axes.utils import reset as axes_reset
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.test import Client
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from menu.demo_data import MENU, TOPPINGS
from menu.models import Category, MenuItem, Size, Topping
from orders.models import CartLine, Order, OrderStatus
from orders.services import DECLINED_TEST_CARD
from orders.validation import phone_errors
from tests.factories import place_order_command
from tests.fuzz.conftest import (
    HTMX, assert_no_raw_payload, assert_not_server_error, fuzz_settings, segment, stored_counts,
)
from tests.fuzz.strategies import edge_text, hostile_text, integers_as_text, long_text, text_with_payload, url_ids

pytestmark = pytest.mark.django_db

MENU_SLUGS = [row[0] for row in MENU]
TOPPING_SLUGS = [row[0] for row in TOPPINGS]
MAX_QUANTITY, MAX_TOPPINGS, MAX_INSTRUCTIONS = 20, 10, 200


def as_whole_number(text: str) -> int | None:
    """How a number box's text reads as a whole number (Django's own IntegerField parsing), or None."""
    try:
        return forms.IntegerField().clean(text)
    except ValidationError:
        return None


# --- strategies ----------------------------------------------------------------------------
menu_slugs = st.sampled_from(MENU_SLUGS)
item_fields = st.one_of(menu_slugs, menu_slugs.map(lambda slug: f"  {slug}\t"), menu_slugs.map(str.upper),
                        hostile_text(90))
size_fields = st.one_of(st.sampled_from(Size.values), st.sampled_from(["Large", " small", "xl", ""]), edge_text(10))
topping_choices = st.one_of(st.sampled_from(TOPPING_SLUGS), st.sampled_from(["", " ham", "EXTRA_CHEESE"]),
                            edge_text(15))
topping_lists = st.one_of(st.lists(st.sampled_from(TOPPING_SLUGS), max_size=3, unique=True),
                          st.lists(topping_choices, max_size=14))
quantity_fields = st.one_of(st.integers(1, MAX_QUANTITY).map(str), integers_as_text())
instruction_fields = st.one_of(st.just(""), edge_text(60), text_with_payload(MAX_INSTRUCTIONS), hostile_text(260))
HOSTILE_LINE_FIELDS = {"item": item_fields, "size": size_fields, "toppings": topping_lists,
                       "quantity": quantity_fields, "special_instructions": instruction_fields}


@st.composite
def orderable_lines(draw) -> dict:
    """An add-to-cart post the demo menu accepts (sold-out diavola and anchovies left out)."""
    slug, _, category, _, _, _, _, allowed = draw(st.sampled_from([row for row in MENU if row[0] != "diavola"]))
    sizes = Size.values if category in (Category.PIZZA, Category.DRINK) else [Size.MEDIUM]
    usable = [topping for topping in allowed if topping != "anchovies"]
    return {
        "item": slug, "size": draw(st.sampled_from(sizes)),
        "toppings": draw(st.lists(st.sampled_from(usable), max_size=3, unique=True)) if usable else [],
        "quantity": str(draw(st.integers(1, MAX_QUANTITY))),
        "special_instructions": draw(st.one_of(st.just(""), text_with_payload(MAX_INSTRUCTIONS))),
    }


@st.composite
def add_to_cart_posts(draw) -> dict:
    """An orderable line with up to three of its fields swapped for hostile values."""
    post = draw(orderable_lines())
    for field in draw(st.sets(st.sampled_from(list(HOSTILE_LINE_FIELDS)), max_size=3)):
        post[field] = draw(HOSTILE_LINE_FIELDS[field])
    return post


@dataclass(frozen=True)
class ItemRules:
    available: bool
    sizes: frozenset[str]
    toppings: dict[str, bool]  # allowed topping slug -> available


def menu_rules() -> dict[str, ItemRules]:
    """The menu as it is now, as plain data: what the add-to-cart oracle checks a request against."""
    return {
        item.slug: ItemRules(
            available=item.is_available, sizes=frozenset(item.offered_sizes),
            toppings={topping.slug: topping.is_available for topping in item.allowed_toppings.all()},
        )
        for item in MenuItem.objects.prefetch_related("allowed_toppings")
    }


@pytest.fixture
def sold_out_menu(menu) -> dict[str, ItemRules]:
    """The demo menu with one pizza and one topping sold out, and its rules for the oracle."""
    MenuItem.objects.filter(slug="diavola").update(is_available=False)
    Topping.objects.filter(slug="anchovies").update(is_available=False)
    return menu_rules()


def cart_line_allowed(rules: dict[str, ItemRules], item: str, size: str, toppings: list[str], quantity: str,
                      note: str) -> bool:
    """The menu's rules, written out: what add-to-cart must accept."""
    item_rules = rules.get(item.strip())
    parsed = as_whole_number(quantity)
    return (
        item_rules is not None and item_rules.available
        and size in item_rules.sizes
        and len(toppings) <= MAX_TOPPINGS and len(set(toppings)) == len(toppings)
        and all(item_rules.toppings.get(topping, False) for topping in toppings)
        and parsed is not None and 1 <= parsed <= MAX_QUANTITY
        and "\x00" not in note and len(note.strip()) <= MAX_INSTRUCTIONS
    )


# --- add to cart ---------------------------------------------------------------------------
@given(post=add_to_cart_posts(), htmx=st.booleans())
@fuzz_settings(max_examples=80)
def test_add_to_cart_accepts_exactly_what_the_menu_allows(sold_out_menu, new_browser, post, htmx):
    """A post adds one line, as asked, iff the menu's rules allow it; otherwise 422 and the cart is unchanged."""
    item, size, toppings, quantity, note = (post[name] for name in HOSTILE_LINE_FIELDS)
    browser = new_browser()
    lines_before = CartLine.objects.count()
    response = browser.post("/cart/add/", post, **(HTMX if htmx else {}))

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    allowed = cart_line_allowed(sold_out_menu, item, size, toppings, quantity, note)
    event(f"accepted: {allowed}")
    if allowed:
        assert response.status_code == (200 if htmx else 302)
        assert CartLine.objects.count() == lines_before + 1
        line = CartLine.objects.latest("pk")
        assert (line.menu_item.slug, line.size, line.topping_slugs, line.quantity, line.special_instructions) == (
            item.strip(), size, toppings, as_whole_number(quantity), note.strip())
    else:
        assert response.status_code == 422
        assert CartLine.objects.count() == lines_before


# --- cart quantity and remove --------------------------------------------------------------
def browser_with_a_line(browser: Client, item: str = "margherita") -> tuple[Client, str]:
    assert browser.post("/cart/add/", {"item": item, "size": "medium", "quantity": "1"}).status_code == 302
    return browser, CartLine.objects.latest("pk").public_id


@pytest.fixture
def strangers_line(menu) -> str:
    return browser_with_a_line(Client(), "pepperoni")[1]


@given(quantity=quantity_fields, which=st.sampled_from(["mine", "stranger's", "made up"]), made_up=url_ids(),
       action=st.sampled_from(["quantity", "remove"]), htmx=st.booleans())
@fuzz_settings(max_examples=50)
def test_cart_lines_change_only_for_their_own_browser_and_a_valid_quantity(strangers_line, new_browser, quantity, which,
                                                                           made_up, action, htmx):
    """Quantity changes iff the line is this browser's and the quantity is 1 to 20; removal only of own lines."""
    browser, mine = browser_with_a_line(new_browser())
    strangers = strangers_line
    line_id = {"mine": mine, "stranger's": strangers, "made up": made_up}[which]
    before = dict(CartLine.objects.values_list("public_id", "quantity"))

    url = f"/cart/lines/{segment(line_id)}/{action}/"
    response = browser.post(url, {"quantity": quantity} if action == "quantity" else {}, **(HTMX if htmx else {}))

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    after = dict(CartLine.objects.values_list("public_id", "quantity"))
    parsed = as_whole_number(quantity)
    if which == "mine" and action == "remove":
        assert after == {key: value for key, value in before.items() if key != mine}
    elif which == "mine" and parsed is not None and 1 <= parsed <= MAX_QUANTITY:
        assert after == {**before, mine: parsed}
    else:
        assert after == before
        assert response.status_code == (422 if htmx else 302)


# --- checkout ------------------------------------------------------------------------------
GOOD_CHECKOUT = {
    "customer_name": "Ann Example", "customer_phone": "(202) 555-0142", "customer_email": "",
    "fulfilment": "delivery", "delivery_address": "12 Harbour Street", "payment_method": "cash",
    "card_number": "", "notes": "",
}
CHARACTER_FIELDS = ("customer_name", "customer_phone", "customer_email", "delivery_address", "card_number", "notes")

checkout_fields = st.fixed_dictionaries({
    "customer_name": st.one_of(st.just("Ann Example"), text_with_payload(100), hostile_text(120)),
    "customer_phone": st.one_of(st.sampled_from(["(202) 555-0142", "+44 20 7946 0958", " 202-555-0142 ", "555-0123",
                                                 "+1", "0" * 30, "(202) 555-0142\x00"]), hostile_text(20)),
    "customer_email": st.one_of(st.sampled_from(["", "ann@example.com", " ann@example.com ", "ann@", "a@b",
                                                 "ann@exam ple.com", "<script>@x.com", "ann@例え.jp"]),
                                edge_text(30)),
    "fulfilment": st.one_of(st.sampled_from(["delivery", "pickup"]), st.sampled_from(["Delivery", " pickup", ""]),
                            edge_text(10)),
    "delivery_address": st.one_of(st.just("12 Harbour Street"), text_with_payload(300), hostile_text(320)),
    "payment_method": st.one_of(st.sampled_from(["cash", "card"]), st.sampled_from(["Card", "bitcoin", ""]),
                                edge_text(10)),
    "card_number": st.one_of(st.sampled_from(["", "4242 4242 4242 4242", "4242-4242-4242-4242", "424242424242",
                                              "4" * 19, "4" * 20, "4" * 11, DECLINED_TEST_CARD, "4242 x242 4242 4242",
                                              "²" * 16, "٤٢٤٢ ٤٢٤٢ ٤٢٤٢ ٤٢٤٢", "𝟒" * 16]),
                             hostile_text(25)),
    "notes": st.one_of(st.just(""), text_with_payload(500), hostile_text(520)),
})
submission_keys = st.sampled_from(["unique", "unique", "unique", "", "   ", "\x00", "k" * 65])


def checkout_allowed(form: dict[str, str]) -> bool:
    """The checkout rules, written out from the command's documentation."""
    if any("\x00" in form[name] for name in CHARACTER_FIELDS + ("submission_key",)):
        return False  # form fields refuse NUL characters
    value = {name: form[name].strip() for name in CHARACTER_FIELDS + ("submission_key",)}
    if not value["customer_name"] or len(value["customer_name"]) > 100:
        return False
    if phone_errors(value["customer_phone"]):
        return False
    if value["customer_email"]:
        try:
            validate_email(value["customer_email"])
        except ValidationError:
            return False
    if form["fulfilment"] not in ("delivery", "pickup") or form["payment_method"] not in ("cash", "card"):
        return False
    if form["fulfilment"] == "delivery" and not 1 <= len(value["delivery_address"]) <= 300:
        return False
    if form["payment_method"] == "card":
        digits = value["card_number"].replace(" ", "").replace("-", "")
        if not (digits.isascii() and digits.isdigit() and 12 <= len(digits) <= 19) or digits == DECLINED_TEST_CARD:
            return False
    return len(value["notes"]) <= 500 and 1 <= len(value["submission_key"]) <= 64


@given(fields=checkout_fields, mutated=st.sets(st.sampled_from(list(GOOD_CHECKOUT)), max_size=4),
       key=submission_keys)
@fuzz_settings(max_examples=80)
def test_checkout_places_one_order_iff_the_form_is_valid_and_stores_nothing_otherwise(menu, new_browser, fields,
                                                                                      mutated, key):
    """A valid checkout stores one order with what was typed and empties the cart; any refusal stores nothing."""
    browser, _ = browser_with_a_line(new_browser())
    form = {**GOOD_CHECKOUT, **{name: fields[name] for name in mutated},
            "submission_key": uuid.uuid4().hex if key == "unique" else key}
    before = stored_counts()

    response = browser.post("/checkout/", form)

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    allowed = checkout_allowed(form)
    event(f"accepted: {allowed}")
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        order = Order.objects.latest("pk")
        assert response["Location"] == f"/orders/{order.public_id}/"
        assert stored_counts() == (before[0] + 1, before[1] + 1, before[2] - 1)  # the cart line became the order's
        assert (order.customer_name, order.notes) == (form["customer_name"].strip(), form["notes"].strip())
        expected_address = form["delivery_address"].strip() if form["fulfilment"] == "delivery" else ""
        assert order.delivery_address == expected_address
    else:
        assert response.status_code in (400, 422)
        assert stored_counts() == before


# --- cancelling an order -------------------------------------------------------------------
def browser_with_an_order(mediator, browser: Client) -> tuple[Client, str]:
    session = browser.session
    session["browser_key"] = key = uuid.uuid4().hex
    session.save()
    return browser, mediator.execute(place_order_command(browser_key=key)).data.order_id


@pytest.fixture
def strangers_order(mediator, menu) -> str:
    return browser_with_an_order(mediator, Client())[1]


@given(reason=st.one_of(st.none(), hostile_text(60), text_with_payload(200), long_text()),
       whose=st.sampled_from(["mine", "mine", "stranger's", "made up"]), made_up=url_ids(), htmx=st.booleans())
@fuzz_settings(max_examples=40)
def test_cancel_changes_only_my_order_with_a_valid_reason_and_shows_the_reason_escaped(mediator, strangers_order,
                                                                                       new_browser, reason, whose,
                                                                                       made_up, htmx):
    """An order is cancelled iff it is the browser's own and the reason is storable (<= 200 chars, no NUL)."""
    browser, mine = browser_with_an_order(mediator, new_browser())
    strangers = strangers_order
    order_id = {"mine": mine, "stranger's": strangers, "made up": made_up}[whose]
    statuses_before = dict(Order.objects.values_list("public_id", "status"))

    response = browser.post(f"/orders/{segment(order_id)}/cancel/", {} if reason is None else {"reason": reason},
                            **(HTMX if htmx else {}))

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    statuses = dict(Order.objects.values_list("public_id", "status"))
    storable = reason is None or (len(reason) <= 200 and "\x00" not in reason)
    if whose != "mine":
        assert statuses == statuses_before
        if storable and "\x00" not in order_id:  # (unstorable text is refused before the order is looked up)
            assert response.status_code == 404
        return
    assert statuses == {**statuses_before, mine: OrderStatus.CANCELLED if storable else OrderStatus.PENDING}
    page = browser.get(f"/orders/{mine}/").content.decode()
    assert_no_raw_payload(page)
    if storable and reason is not None and reason.strip():
        assert escape(f"Cancelled: {reason.strip()}") in page


# --- menu, order pages ---------------------------------------------------------------------
@given(category=st.one_of(st.sampled_from(Category.values), hostile_text(30)), htmx=st.booleans())
@fuzz_settings(max_examples=30)
def test_any_menu_category_shows_that_category_or_the_whole_menu(menu, new_browser, category, htmx):
    """``?category=`` never fails: a real category filters the menu, anything else shows all of it."""
    headers = {**HTMX, "HTTP_HX_TARGET": "menu-list"} if htmx else {}
    response = new_browser().get(f"/?{urlencode({'category': category})}", **headers)

    assert response.status_code == 200
    body = response.content.decode()
    assert_no_raw_payload(body)
    if category == "drink":
        assert "Sicilian lemonade" in body and "Margherita" not in body
    elif category not in Category.values:
        assert "Margherita" in body and "Sicilian lemonade" in body and "Tiramisù" in body


@given(order_id=url_ids(), access=st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["", ":", "x:y"])))
@fuzz_settings(max_examples=30)
def test_made_up_order_ids_and_access_tokens_find_nothing(mediator, menu, new_browser, order_id, access):
    """An order page for a made-up id, or a real id with a forged token, is a 404 (the token only redirects)."""
    real = mediator.execute(place_order_command()).data.order_id
    stranger = new_browser()
    for candidate in (order_id, real):
        url = f"/orders/{segment(candidate)}/"
        if access is not None:
            redirect = stranger.get(f"{url}?{urlencode({'access': access})}")
            assert redirect.status_code == 302 and unquote(redirect["Location"]) == f"/orders/{candidate}/"
        response = stranger.get(url)
        assert_not_server_error(response)
        assert response.status_code == 404
        assert_no_raw_payload(response.content.decode())


# --- accounts ------------------------------------------------------------------------------
usernames = st.one_of(st.from_regex(r"[a-z][a-z0-9_.@+-]{2,20}", fullmatch=True), hostile_text(40),
                      st.just("customer"), st.just("x" * 151))
passwords = st.one_of(st.just("Correct-Horse-42"), st.just("customer-demo"), hostile_text(40))
next_urls = st.one_of(st.none(), st.sampled_from([
    "/orders/", "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "http:/evil.example", " https://evil.example", "/%2F%2Fevil.example",
]), edge_text(30))


@given(username=usernames, password1=passwords, password2=passwords)
@fuzz_settings(max_examples=30)
def test_signup_creates_an_account_only_when_it_redirects(menu, new_browser, username, password1, password2):
    """Signup never fails: an account is created iff the answer is the redirect, never with mismatched passwords."""
    users_before = get_user_model().objects.count()
    response = new_browser().post("/accounts/signup/",
                                  {"username": username, "password1": password1, "password2": password2})

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    created = get_user_model().objects.count() - users_before
    if response.status_code == 302:
        assert created == 1 and response["Location"] == "/accounts/profile/"
        assert password1 == password2
    else:
        assert response.status_code == 422 and created == 0


def stays_on_site(location: str) -> bool:
    """Whether a browser would stay on this site following ``location`` (browsers read "\\" as "/",
    skip leading blanks and control characters, and take "http:/host" as "http://host")."""
    parts = urlsplit(location.lstrip("".join(map(chr, range(33)))).replace("\\", "/"))
    if parts.scheme:
        return parts.scheme in ("http", "https") and parts.netloc == "testserver"
    return parts.netloc == ""


@given(username=usernames, password=passwords, next_url=next_urls)
@fuzz_settings(max_examples=30)
def test_login_signs_in_only_the_right_password_and_never_redirects_off_site(menu, new_browser, username, password,
                                                                             next_url):
    """Login never fails, signs in only the demo customer's real password, and ``next`` never leaves the site."""
    data = {"username": username, "password": password, **({} if next_url is None else {"next": next_url})}
    axes_reset()  # each example is a new visitor; lockout has its own tests (tests/hardening/)
    browser = new_browser()
    response = browser.post("/accounts/login/", data)

    assert_not_server_error(response)
    assert_no_raw_payload(response.content.decode())
    if (username, password) == ("customer", "customer-demo"):
        assert response.status_code == 302
        assert stays_on_site(response["Location"]), response["Location"]
    else:
        assert response.status_code == 200 and "_auth_user_id" not in browser.session
