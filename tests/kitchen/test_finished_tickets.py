"""The last finished tickets, newest first; recallable only while the domain allows it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_finished_tickets import GetFinishedTicketsQuery
from orders.models import Order
from orders.services import Clock, FixedClock
from pizzeria.application import Outcome
from tests.factories import place_order_command

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def clock(mediator):
    clock = FixedClock(NOON)
    mediator.container.register_instance(Clock, clock)
    return clock


def ready(mediator, **overrides):
    placed = mediator.execute(place_order_command(**overrides)).data
    cook = get_user_model().objects.get(username="cook")
    assert mediator.execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))
    assert mediator.execute(MarkOrderReadyCommand(order_id=placed.order_id))
    return placed


def test_newest_first_and_recall_only_while_allowed(mediator, menu, clock):
    pickup = ready(mediator, fulfilment="pickup", delivery_address="")
    delivery = ready(mediator)
    still_cooking = mediator.execute(place_order_command()).data
    driver = get_user_model().objects.get(username="driver")
    clock.moment = NOON + timedelta(minutes=1)
    assert mediator.execute(MarkOutForDeliveryCommand(order_id=delivery.order_id, driver_id=driver.pk))
    clock.moment = NOON + timedelta(minutes=2)
    assert mediator.execute(MarkOrderPickedUpCommand(order_id=pickup.order_id))

    finished = mediator.execute(GetFinishedTicketsQuery()).data
    assert [(t.number, t.status, t.can_recall) for t in finished] == [
        (pickup.number, "picked_up", True),       # handed over a moment ago: a mis-tap can be undone
        (delivery.number, "delivering", False),   # a driver has it
    ]
    assert still_cooking.number not in [t.number for t in finished]

    clock.moment = NOON + timedelta(minutes=10)  # past the recall window
    assert [t.can_recall for t in mediator.execute(GetFinishedTicketsQuery()).data] == [False, False]


def test_the_limit_is_bounded(mediator, db):
    assert mediator.execute(GetFinishedTicketsQuery(limit=500)).outcome is Outcome.INVALID


def test_the_page_recalls_a_handed_over_order(client, mediator, menu):
    pickup = ready(mediator, fulfilment="pickup", delivery_address="")
    assert mediator.execute(MarkOrderPickedUpCommand(order_id=pickup.order_id))
    client.force_login(get_user_model().objects.get(username="customer"))
    assert client.get("/kitchen/finished/").status_code == 403

    client.force_login(get_user_model().objects.get(username="cook"))
    page = client.get("/kitchen/finished/").content.decode()
    assert f"Recall #{pickup.number}" in page
    response = client.post(f"/kitchen/orders/{pickup.order_id}/recall/")
    assert response.status_code == 302 and Order.objects.get(public_id=pickup.order_id).status == "ready"
