"""Loyalty points: awarded once per delivered or picked-up order of an account, summed per customer."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from pizzeria.application import Outcome
from loyalty.commands.award_points import AwardLoyaltyPointsCommand
from loyalty.event_handlers.award_points_on_delivery import AwardPointsOnDelivery
from loyalty.event_handlers.award_points_on_pickup import AwardPointsOnPickup
from loyalty.models import LoyaltyAward
from loyalty.queries.get_loyalty_balance import GetLoyaltyBalanceQuery
from loyalty.rules import points_for
from orders.domain_events import OrderDelivered, OrderPickedUp
from orders.models import Order
from pizzeria.application.outbox import handler_path
from tests.factories import line
from tests.notifications.journey import Journey

pytestmark = pytest.mark.django_db

PICKUP = {"fulfilment": "pickup", "delivery_address": ""}


@pytest.fixture
def journey(mediator, django_capture_on_commit_callbacks, menu):
    return Journey(mediator, django_capture_on_commit_callbacks)


@pytest.fixture
def peach(menu):
    return get_user_model().objects.get(username="customer")


def delivered_order(journey, **overrides) -> str:
    order_id = journey.place(**overrides)
    journey.make_ready(order_id)
    journey.send_out(order_id)
    journey.deliver(order_id)
    return order_id


def picked_up_order(journey, **overrides) -> str:
    order_id = journey.place(**PICKUP, **overrides)
    journey.make_ready(order_id)
    journey.pick_up(order_id)
    return order_id


@pytest.mark.parametrize(("total", "points"), [
    ("23.99", 23), ("17.10", 17), ("28.00", 28), ("0.99", 0),
])
def test_one_point_per_whole_dollar_rounded_down(total, points):
    assert points_for(Decimal(total)) == points


def test_a_delivered_order_earns_its_customer_a_point_per_whole_dollar(journey, peach):
    order_id = delivered_order(journey, customer_user_id=peach.pk)  # large margherita + extra cheese

    award = LoyaltyAward.objects.get()
    assert Order.objects.get(public_id=order_id).total_amount == Decimal("17.10")
    assert (award.order.public_id, award.user, award.points) == (order_id, peach, 17)


def test_a_picked_up_order_earns_points_too(journey, peach):
    order_id = picked_up_order(journey, customer_user_id=peach.pk, lines=(line("pepperoni", quantity=2),))  # 2 x 14.00

    assert LoyaltyAward.objects.get(order__public_id=order_id).points == 28


def test_a_guest_order_earns_nothing(journey, mediator):
    order_id = delivered_order(journey)

    assert not LoyaltyAward.objects.exists()
    result = mediator.execute(AwardLoyaltyPointsCommand(order_id=order_id))
    assert result.outcome is Outcome.OK and result.data is None


def test_an_order_on_its_way_earns_nothing_yet(journey, mediator, peach):
    order_id = journey.place(customer_user_id=peach.pk)
    journey.make_ready(order_id)
    journey.send_out(order_id)

    result = mediator.execute(AwardLoyaltyPointsCommand(order_id=order_id))
    assert result.outcome is Outcome.CONFLICT and "out for delivery" in result.error
    assert not LoyaltyAward.objects.exists()
    assert mediator.execute(AwardLoyaltyPointsCommand(order_id="no-such-order")).outcome is Outcome.NOT_FOUND


def test_an_order_is_awarded_once_however_often_its_event_comes_or_the_command_runs(journey, mediator, peach):
    delivered = delivered_order(journey, customer_user_id=peach.pk)
    picked_up = picked_up_order(journey, customer_user_id=peach.pk)
    redelivered = OrderDelivered(aggregate_id=delivered)
    mediator.run_queued(handler_path(AwardPointsOnDelivery), redelivered)
    mediator.run_queued(handler_path(AwardPointsOnDelivery), redelivered)  # the same task twice
    mediator.run_queued(handler_path(AwardPointsOnPickup), OrderPickedUp(aggregate_id=picked_up))
    again = mediator.execute(AwardLoyaltyPointsCommand(order_id=delivered))

    assert LoyaltyAward.objects.count() == 2
    first = LoyaltyAward.objects.get(order__public_id=delivered)
    assert again.outcome is Outcome.OK and (again.data.order_id, again.data.points) == (delivered, first.points)
    assert again.data.awarded_at == first.awarded_at


def test_a_recalled_pickup_reverses_its_points_in_the_ledger(journey, mediator, peach):
    kept = delivered_order(journey, customer_user_id=peach.pk)  # 17 points
    recalled = picked_up_order(journey, customer_user_id=peach.pk, lines=(line("pepperoni", quantity=2),))  # 28
    journey.recall(recalled)  # picked up -> ready: the customer has not got it after all

    entries = list(LoyaltyAward.objects.filter(order__public_id=recalled).order_by("pk").values_list("kind", "points"))
    assert entries == [("award", 28), ("reversal", -28)]
    balance = mediator.execute(GetLoyaltyBalanceQuery(user_id=peach.pk)).data
    assert balance.total_points == 17
    assert [award.order_id for award in balance.recent_awards] == [kept]

    journey.pick_up(recalled)  # picked up for real this time: earned again, once
    balance = mediator.execute(GetLoyaltyBalanceQuery(user_id=peach.pk)).data
    assert balance.total_points == 17 + 28
    assert [award.order_id for award in balance.recent_awards] == [recalled, kept]


def test_the_balance_sums_a_customers_awards_newest_first(journey, mediator, peach):
    first = delivered_order(journey, customer_user_id=peach.pk)  # 17.10
    second = picked_up_order(journey, customer_user_id=peach.pk, lines=(line("pepperoni", quantity=2),))  # 28.00
    someone_else = get_user_model().objects.create_user(username="bowser", password="x")
    picked_up_order(journey, customer_user_id=someone_else.pk)

    balance = mediator.execute(GetLoyaltyBalanceQuery(user_id=peach.pk)).data
    assert balance.total_points == 17 + 28
    assert [(award.order_id, award.points, award.order_total) for award in balance.recent_awards] == [
        (second, 28, Decimal("28.00")), (first, 17, Decimal("17.10")),
    ]
    assert mediator.execute(GetLoyaltyBalanceQuery(user_id=peach.pk, recent=1)).data.recent_awards[0].order_id == second


def test_a_customer_without_awards_has_no_points(mediator, peach):
    balance = mediator.execute(GetLoyaltyBalanceQuery(user_id=peach.pk)).data
    assert (balance.total_points, balance.recent_awards) == (0, ())


def test_a_manager_reads_awards_in_the_admin_but_cannot_change_them(journey, peach, client):
    order_id = delivered_order(journey, customer_user_id=peach.pk)
    manager = get_user_model().objects.get(username="manager")
    manager.user_permissions.add(Permission.objects.get(content_type__app_label="loyalty", codename="view_loyaltyaward"))
    client.force_login(manager)

    page = client.get("/admin/loyalty/loyaltyaward/")
    body = page.content.decode()
    number = Order.objects.get(public_id=order_id).pk
    assert page.status_code == 200
    assert f'<td class="field-order_number">#{number}</td>' in body and '<td class="field-points">17</td>' in body
    assert client.get("/admin/loyalty/loyaltyaward/add/").status_code == 403
