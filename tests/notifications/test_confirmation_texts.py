"""Every order is texted a confirmation carrying its tracking link, cash orders included; the
link opens the order page on a phone that never saw the order."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from notifications.confirmation import confirmation_text
from notifications.senders import SmsSender
from orders.models import Order
from tests.notifications.journey import Journey

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def journey(mediator, django_capture_on_commit_callbacks, menu):
    return Journey(mediator, django_capture_on_commit_callbacks)


@pytest.mark.parametrize("payment", [
    {"payment_method": "cash"},
    {"payment_method": "card", "card_number": "4242 4242 4242 4242"},
])
def test_each_order_gets_one_confirmation_text_whose_link_opens_its_page(journey, mediator, payment):
    order_id = journey.place(fulfilment="pickup", delivery_address="", **payment)

    (text,) = mediator.container.resolve(SmsSender).sent
    number = Order.objects.get(public_id=order_id).pk
    assert f"order #{number}" in text.body
    link = text.body.split("Track it: ", 1)[1]
    assert link.startswith(f"{settings.SITE_URL}/orders/{order_id}/?access=")
    page = Client().get(link.removeprefix(settings.SITE_URL), follow=True)
    assert page.status_code == 200 and f"Order #{number}</h1>" in page.content.decode()


def test_a_forged_link_opens_nothing(journey, mediator):
    order_id = journey.place(fulfilment="pickup", delivery_address="")
    (text,) = mediator.container.resolve(SmsSender).sent
    forged = text.body.split("Track it: ", 1)[1].removeprefix(settings.SITE_URL)[:-3] + "xyz"
    assert Client().get(forged, follow=True).status_code == 404


def order(**fields) -> Order:
    defaults = {"pk": 42, "payment_method": "cash", "fulfilment": "pickup", "total_amount": Decimal("23.50"),
                "promised_at": datetime(2026, 11, 30, 19, 45, tzinfo=NEW_YORK), "scheduled_for": None}
    return Order(**{**defaults, **fields})


@pytest.mark.parametrize(("fields", "text"), [
    ({}, "Thanks! We have your order #42: please pay $23.50 in cash at the counter. It will be ready about 7:45 PM."),
    ({"fulfilment": "delivery"},
     "Thanks! We have your order #42: please pay $23.50 in cash to the driver. It leaves the oven about 7:45 PM."),
    ({"payment_method": "card"}, "Thanks! Your order #42 is confirmed and paid. It will be ready about 7:45 PM."),
    ({"payment_method": "card", "scheduled_for": datetime(2026, 11, 30, 18, 30, tzinfo=NEW_YORK)},
     "Thanks! Your order #42 is confirmed and paid. It will be ready at 6:30 PM, as you asked."),
])
def test_the_text_says_how_it_is_paid_and_when_it_is_ready(fields, text, settings):
    settings.TIME_ZONE = "America/New_York"
    assert confirmation_text(order(**fields)) == text
