"""The hand-written SQL of the kitchen load (orders.kitchen_load) and of the orders held back
(orders.scheduling.held_back_ids) gives the answers the board's own ORM rules give: open tickets
released to the kitchen, their pizzas not made yet, and the orders ahead still held back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menu.models import Category
from orders.kitchen_load import KitchenLoadRepository
from orders.models import ACTIVE_STATUSES, Order, OrderLine, OrderStatus
from orders.scheduling import ScheduleSettings, held_back, held_back_ids, released
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def placed(mediator, *lines, **changes) -> Order:
    result = mediator.execute(place_order_command(lines=lines))
    assert result.is_success, result.error
    order = Order.objects.get(public_id=result.data.order_id)
    if changes:
        Order.objects.filter(pk=order.pk).update(**changes)
    return order


def by_the_orm(now):
    """The same question through the rules the board uses."""
    orders = Order.objects.filter(released(now), status__in=ACTIVE_STATUSES).prefetch_related("lines__menu_item")
    pizzas = sum(each.quantity for order in orders for each in order.lines.all()
                 if each.menu_item.category == Category.PIZZA and not each.is_ready)
    return len(orders), pizzas


def test_the_sql_counts_what_the_board_counts(menu, mediator, settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 100}
    now = timezone.now()
    lead = ScheduleSettings.from_settings().lead
    placed(mediator, line("margherita", quantity=3), line("cola"))  # 3 pizzas
    cooking = placed(mediator, line("pepperoni", quantity=2), line("margherita"), status=OrderStatus.COOKING)
    OrderLine.objects.filter(order=cooking, menu_item__slug="margherita").update(is_ready=True)  # 2 left
    placed(mediator, line("margherita"), status=OrderStatus.READY)  # off the kitchen's hands
    placed(mediator, line("margherita"), status=OrderStatus.CANCELLED)
    held = placed(mediator, line("margherita", quantity=4), scheduled_for=now + lead + timedelta(hours=1))
    placed(mediator, line("pepperoni"), scheduled_for=now + lead - timedelta(minutes=5))  # released: 1
    placed(mediator, line("margherita"), scheduled_for=now + lead + timedelta(hours=2),
           status=OrderStatus.COOKING)  # started early, so on the board: 1
    bare = placed(mediator, line("cola"))  # a ticket with no pizza: counted, adds none
    OrderLine.objects.filter(order=bare).delete()  # and even one with no line left at all

    load = KitchenLoadRepository().load(now, extra_minutes=0)

    assert (load.open_orders, load.pizzas_ahead) == by_the_orm(now) == (5, 7)
    assert held_back_ids(now) == tuple(Order.objects.filter(held_back(now)).order_by("pk").values_list("pk", flat=True))
    assert held_back_ids(now) == (held.pk,)


def test_an_empty_kitchen_has_no_load(menu):
    load = KitchenLoadRepository().load(timezone.now(), extra_minutes=7)
    assert (load.open_orders, load.pizzas_ahead, load.extra_minutes) == (0, 0, 7)
