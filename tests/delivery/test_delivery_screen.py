"""The delivery screen a driver can use: the phone in international format with a tel: link,
the address as a map link, an arrival estimate."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from delivery.queries.get_delivery_board import GetDeliveryBoardQuery
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.services import Clock, FixedClock
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("America/New_York"))


def ready_delivery(mediator, **overrides) -> str:
    order_id = mediator.execute(place_order_command(**overrides)).data.order_id
    cook = get_user_model().objects.get(username="cook")
    assert mediator.execute(StartCookingCommand(order_id=order_id, cook_id=cook.pk))
    assert mediator.execute(MarkOrderReadyCommand(order_id=order_id))
    return order_id


def test_phone_map_and_arrival(mediator, menu):
    clock = FixedClock(NOON)
    mediator.container.register_instance(Clock, clock)
    london = ready_delivery(mediator, customer_phone="+44 20 7946 0958", delivery_address="10 Downing St\nLondon")
    local = ready_delivery(mediator)  # (202) 555-0142: a US number written the national way

    waiting = {t.order_id: t for t in mediator.execute(GetDeliveryBoardQuery()).data.waiting}
    assert (waiting[london].customer_phone, waiting[london].phone_link) == ("+44 20 7946 0958", "tel:+442079460958")
    assert (waiting[local].customer_phone, waiting[local].phone_link) == ("+1 202-555-0142", "tel:+12025550142")
    assert waiting[london].map_url == "https://www.google.com/maps/search/?api=1&query=10+Downing+St+London"
    assert waiting[london].arrives_at == NOON + timedelta(minutes=20)  # leaving now

    driver = get_user_model().objects.get(username="driver")
    clock.moment = NOON + timedelta(minutes=3)
    assert mediator.execute(MarkOutForDeliveryCommand(order_id=london, driver_id=driver.pk))
    clock.moment = NOON + timedelta(minutes=10)
    road = {t.order_id: t for t in mediator.execute(GetDeliveryBoardQuery()).data.on_the_road}
    assert road[london].arrives_at == NOON + timedelta(minutes=23)  # left at 12:03, 20 minutes' drive


def test_the_page_links_call_and_map(client, mediator, menu, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "MAP_URL": "https://www.openstreetmap.org/search?query={address}"}
    ready_delivery(mediator, customer_phone="+44 20 7946 0958", delivery_address="10 Downing St")
    client.force_login(get_user_model().objects.get(username="driver"))
    page = client.get("/delivery/").content.decode()
    assert '<a class="button button-small" href="tel:+442079460958">Call +44 20 7946 0958</a>' in page
    assert 'href="https://www.openstreetmap.org/search?query=10+Downing+St"' in page
    assert "Leaving now, arrives about" in page
