"""All day: what the open tickets still need, by item and size and by topping, summed by the
database over lines not yet ready on new and cooking tickets."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from kitchen.queries.get_all_day_counts import GetAllDayCountsQuery
from tests.factories import line, place_order_command

pytestmark = pytest.mark.django_db


def counts(mediator):
    data = mediator.execute(GetAllDayCountsQuery()).data
    return ({row.label: row.count for row in data.items}, {row.label: row.count for row in data.toppings})


def test_open_lines_are_summed_and_finished_ones_drop_out(mediator, menu):
    first = mediator.execute(place_order_command(lines=(
        line("margherita", "large", ["extra_cheese", "mushrooms"], quantity=2), line("cola", "small")))).data
    mediator.execute(place_order_command(lines=(line("margherita", "large", ["extra_cheese"]), line("tiramisu"))))
    done = mediator.execute(place_order_command(lines=(line("pepperoni", "medium", ["olives"]),))).data

    items, toppings = counts(mediator)
    assert items == {"Margherita · Large": 3, "Cola · Small": 1, "Tiramisù": 1, "Pepperoni · Medium": 1}
    assert toppings == {"Extra cheese": 3, "Mushrooms": 2, "Black olives": 1}

    cook = get_user_model().objects.get(username="cook")
    assert mediator.execute(StartCookingCommand(order_id=first.order_id, cook_id=cook.pk))
    assert mediator.execute(MarkPizzaReadyCommand(order_id=first.order_id, pizza_index=0))  # 2 margheritas out
    assert mediator.execute(StartCookingCommand(order_id=done.order_id, cook_id=cook.pk))
    assert mediator.execute(MarkOrderReadyCommand(order_id=done.order_id))

    items, toppings = counts(mediator)
    assert items == {"Margherita · Large": 1, "Cola · Small": 1, "Tiramisù": 1}
    assert toppings == {"Extra cheese": 1}


def test_three_queries_whatever_the_queue(mediator, menu):
    for _ in range(5):
        mediator.execute(place_order_command())
    with CaptureQueriesContext(connection) as queries:
        mediator.execute(GetAllDayCountsQuery())
    assert len(queries) == 3  # the orders held back (ahead), the items, the toppings


def test_the_board_fetches_the_strip(client, mediator, menu):
    mediator.execute(place_order_command(lines=(line("diavola", "small", ["jalapenos"], quantity=3),)))
    client.force_login(get_user_model().objects.get(username="cook"))
    assert 'hx-get="/kitchen/all-day/"' in client.get("/kitchen/").content.decode()
    strip = client.get("/kitchen/all-day/").content.decode()
    assert "<strong>3</strong> Diavola · Small" in strip and "<strong>3</strong> Jalapeños" in strip
    client.force_login(get_user_model().objects.get(username="customer"))
    assert client.get("/kitchen/all-day/").status_code == 403
