"""The read side behind the seeds' API, through the mediator: who sees which orders, the kitchen's
queue and status, the analytics. The API tests show the shapes; these show the rules."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kitchen.queries.get_kitchen_queue_items import GetKitchenQueueItemsQuery
from kitchen.queries.get_kitchen_status import GetKitchenStatusQuery
from orders.access import Viewer
from orders.models import Order, OrderStatus
from orders.queries.get_order import GetOrderQuery
from orders.queries.list_orders import ListOrdersQuery
from reports.queries.get_order_analytics import GetOrderAnalyticsQuery
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def placed(mediator, **overrides) -> Order:
    result = mediator.execute(place_order_command(**overrides))
    assert result.is_success, result.first_error
    return Order.objects.get(public_id=result.data.order_id)


def test_the_order_list_shows_exactly_what_each_viewer_may_see(menu, mediator):
    """Seed 003, "Controller Security" (a customer sees only their own orders, staff all): for every
    viewer the list is exactly the orders ``Viewer.can_see`` allows — session, account, opened link,
    assigned driver — so the list and the single order never disagree."""
    customer = get_user_model().objects.get(username="customer")
    driver = get_user_model().objects.get(username="driver")
    by_session = placed(mediator, browser_key="session-a")
    by_account = placed(mediator, customer_user_id=customer.pk)
    by_link = placed(mediator, browser_key="session-b")
    delivered_by = placed(mediator, browser_key="session-c")
    Order.objects.filter(pk=delivered_by.pk).update(driver=driver, status=OrderStatus.READY)
    orders = list(Order.objects.all())
    viewers = [
        Viewer(),
        Viewer(browser_key="session-a"),
        Viewer(user_id=customer.pk),
        Viewer(browser_key="session-a", user_id=customer.pk),
        Viewer(opened_links=frozenset({by_link.public_id})),
        Viewer.for_roles(groups={"Delivery"}, user_id=driver.pk),
        Viewer.for_roles(groups={"Kitchen"}, user_id=99),
        Viewer.for_roles(groups={"Manager"}, user_id=98),
        Viewer.for_roles(groups=set(), is_superuser=True, user_id=97),
    ]
    for viewer in viewers:
        listed = {dto.order_id for dto in mediator.execute(ListOrdersQuery(viewer=viewer)).data}
        assert listed == {o.public_id for o in orders if viewer.can_see(o)}, viewer
        for order in orders:
            assert mediator.execute(GetOrderQuery(order_id=order.public_id, viewer=viewer)).is_success == (
                order.public_id in listed)
    assert {dto.order_id for dto in mediator.execute(ListOrdersQuery(viewer=viewers[3])).data} == {
        by_session.public_id, by_account.public_id}


def test_the_order_list_is_bounded_and_filtered(menu, mediator):
    """Seed 003, "Controller Security" (get_orders with status): newest first, at most ``limit``."""
    orders = [placed(mediator, browser_key="k") for _ in range(4)]
    Order.objects.filter(pk=orders[0].pk).update(status=OrderStatus.COOKING)
    viewer = Viewer(browser_key="k")
    newest_two = mediator.execute(ListOrdersQuery(viewer=viewer, limit=2)).data
    assert [dto.number for dto in newest_two] == [orders[3].pk, orders[2].pk]
    cooking = mediator.execute(ListOrdersQuery(viewer=viewer, status="cooking")).data
    assert [dto.number for dto in cooking] == [orders[0].pk] and cooking[0].pizzas[0].status == "cooking"
    refused = mediator.execute(ListOrdersQuery(viewer=viewer, limit=101))
    assert not refused.is_success and "limit" in refused.field_errors


def test_the_queue_counts_pieces_and_preparation_minutes(menu, mediator):
    """Seed 000, "Command Handlers" (GetKitchenQueueQueryHandler: pizza_count, total_prep_time as the
    sum of the pizzas' preparation times, special_instructions of the pizzas that have some)."""
    order = placed(mediator, lines=(line("margherita", quantity=3, special_instructions="No basil"),
                                    line("garlic_bread"), line("pepperoni", special_instructions="Cut in 8")))
    queue = mediator.execute(GetKitchenQueueItemsQuery(status="pending")).data
    item = queue.items[0]
    assert (queue.total, item.order_id, item.pizza_count, item.total_prep_time, item.special_instructions) == (
        1, order.public_id, 5, 3 * 12 + 6 + 13, ("No basil", "Cut in 8"))
    assert mediator.execute(GetKitchenQueueItemsQuery()).data.items == ()  # default: cooking


def test_the_queue_lists_the_oldest_first_and_counts_them_all(menu, mediator):
    """Seed 000, "Command Handlers" (GetKitchenQueueQueryHandler: "Sort by order time (FIFO)")."""
    orders = [placed(mediator) for _ in range(5)]
    base = timezone.now() - timedelta(hours=1)
    for minutes, order in zip((4, 1, 3, 0, 2), orders):  # placed out of id order
        Order.objects.filter(pk=order.pk).update(placed_at=base + timedelta(minutes=minutes))
    queue = mediator.execute(GetKitchenQueueItemsQuery(status="pending", limit=3)).data
    assert queue.total == 5 and [item.number for item in queue.items] == [orders[3].pk, orders[1].pk, orders[4].pk]


def test_kitchen_status_counts_what_checkout_counts(menu, mediator, settings):
    """Seed 003, "Response DTOs" (KitchenStatusDto) and seed 003, "Command Handlers" (the kitchen at
    capacity refuses orders): current_capacity is what checkout counts; at the limit it says so, and
    checkout refuses the next order."""
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 2}
    placed(mediator)
    status = mediator.execute(GetKitchenStatusQuery()).data
    assert (status.current_capacity, status.is_at_capacity, status.available_capacity) == (1, False, 1)
    placed(mediator)
    status = mediator.execute(GetKitchenStatusQuery()).data
    assert (status.current_capacity, status.is_at_capacity, status.available_capacity) == (2, True, 0)
    assert not mediator.execute(place_order_command()).is_success


def test_average_cooking_time_counts_only_todays_cooked_orders(menu, mediator):
    """Seed 003, "Response DTOs" (KitchenStatusDto.average_cooking_time): from start cooking to
    ready, today's orders only, whole minutes."""
    now = timezone.now()
    today, yesterday, uncooked = placed(mediator), placed(mediator), placed(mediator)
    Order.objects.filter(pk=today.pk).update(status=OrderStatus.READY, cooking_started_at=now - timedelta(minutes=10),
                                             ready_at=now)
    Order.objects.filter(pk=yesterday.pk).update(status=OrderStatus.READY, ready_at=now - timedelta(days=1, minutes=1),
                                                 cooking_started_at=now - timedelta(days=1, minutes=61))
    Order.objects.filter(pk=uncooked.pk).update(status=OrderStatus.COOKING, cooking_started_at=now)
    status = mediator.execute(GetKitchenStatusQuery()).data
    assert (status.average_cooking_time, status.cooked_today, status.current_capacity) == (10, 1, 1)


def test_analytics_over_a_range_leaves_other_days_out(menu, mediator):
    """Seed 003, "Response DTOs" (OrderAnalyticsDto): total orders, revenue and average order value
    for the period asked, popular pizzas by pieces sold; other days do not count."""
    kept = placed(mediator, lines=(line("diavola", quantity=2),))  # 2 x 14.50
    old = placed(mediator, lines=(line("hawaiian", quantity=9),))
    Order.objects.filter(pk=old.pk).update(placed_at=timezone.now() - timedelta(days=3))
    today = timezone.localdate()
    report = mediator.execute(GetOrderAnalyticsQuery(start=today, end=today)).data
    assert (report.total_orders, report.total_revenue, report.average_order_value) == (
        1, Decimal("29.00"), Decimal("29.00"))
    assert [(p.pizza_id, p.quantity) for p in report.popular_pizzas] == [("diavola", 2)]
    week = mediator.execute(GetOrderAnalyticsQuery(start=today - timedelta(days=6), end=today)).data
    assert week.total_orders == 2 and [p.pizza_id for p in week.popular_pizzas] == ["hawaiian", "diavola"]
    assert kept.total_amount == Decimal("29.00")
    refused = mediator.execute(GetOrderAnalyticsQuery(start=date(1990, 1, 1), end=today))
    assert not refused.is_success and "start" in refused.field_errors


def test_orders_ahead_wait_off_the_queue_and_out_of_the_capacity(menu, mediator):
    """Seed 003, "Response DTOs" (KitchenStatusDto.current_capacity) and seed 000, "Queries"
    (GetKitchenQueueQuery): an order scheduled for later holds a slot, not a place in the kitchen,
    until its release (SCHEDULE_LEAD_MINUTES before it), as on the board and at checkout."""
    now_order, later = placed(mediator), placed(mediator)
    Order.objects.filter(pk=later.pk).update(scheduled_for=timezone.now() + timedelta(hours=3))
    queue = mediator.execute(GetKitchenQueueItemsQuery(status="pending")).data
    assert (queue.total, [item.number for item in queue.items]) == (1, [now_order.pk])
    status = mediator.execute(GetKitchenStatusQuery()).data
    assert (status.current_capacity, status.orders_ahead, [o.number for o in status.active_orders]) == (
        1, 1, [now_order.pk])
    Order.objects.filter(pk=later.pk).update(scheduled_for=timezone.now() + timedelta(minutes=5))  # released
    assert mediator.execute(GetKitchenQueueItemsQuery(status="pending")).data.total == 2
    assert mediator.execute(GetKitchenStatusQuery()).data.current_capacity == 2
