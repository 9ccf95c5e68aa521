"""Boards hold a screenful per column, oldest first, with exact counts — at any queue size and with
the longest, most hostile texts the forms accept — in constant queries and one group lookup."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client

from delivery.fragments import render_delivery_board
from delivery.queries.get_delivery_board import GetDeliveryBoardQuery
from delivery.queries.get_delivery_board import ticket_weight as delivery_weight
from kitchen.fragments import render_kitchen_board
from kitchen.queries.get_kitchen_queue import GetKitchenQueueQuery
from kitchen.queries.get_kitchen_queue import ticket_weight as kitchen_weight
from orders.models import OrderStatus
from tests.boards.conftest import LIMIT, all_queries, bulk_orders

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def kb(body: bytes) -> str:
    return f"{len(body) / 1024:.1f} KB"


def test_each_column_shows_its_oldest_screenful_and_counts_every_ticket(menu, mediator, settings):
    orders = bulk_orders(30, statuses=(OrderStatus.PENDING,), max_size=False)
    board = mediator.execute(GetKitchenQueueQuery()).data

    assert [t.number for t in board.new] == [o.pk for o in orders[:12]]  # what the cook works on next
    assert board.counts.new == 30 and board.column("new").hidden == 18 and board.active_orders == 30
    body = signed_in("cook").get("/kitchen/").content.decode()
    assert '<span class="pill" id="count-new">30</span>' in body
    assert "+18 more · showing the 12 oldest" in body
    assert f'id="ticket-{orders[11].pk}"' in body and f'id="ticket-{orders[12].pk}"' not in body

    settings.PIZZERIA = {**settings.PIZZERIA, "BOARD_COLUMN_LIMIT": 5}
    assert len(mediator.execute(GetKitchenQueueQuery()).data.new) == 5


def test_the_delivery_board_is_bounded_the_same_way(menu, mediator):
    orders = bulk_orders(40, statuses=(OrderStatus.READY, OrderStatus.DELIVERING), max_size=False)
    board = mediator.execute(GetDeliveryBoardQuery()).data
    ready = [o for o in orders if o.status == OrderStatus.READY and o.fulfilment == "delivery"]

    assert [t.number for t in board.waiting] == [o.pk for o in ready[:12]]
    assert board.column("waiting").total == len(ready) and board.column("road").total == 20
    body = signed_in("driver").get("/delivery/").content.decode()
    assert f"+{len(ready) - 12} more · showing the 12 oldest" in body and "+8 more · showing the 12 oldest" in body


def test_hostile_max_size_text_is_held_by_each_column_byte_budget(menu, mediator, settings):
    bulk_orders(40, statuses=(OrderStatus.PENDING,))
    board = mediator.execute(GetKitchenQueueQuery()).data
    column = board.column("new")

    assert column.total == 40 and 1 <= len(column.tickets) < 12  # the budget, not the count, stopped it
    rendered = render_to_string("kitchen/board.html#column-body", {"column": column}).encode()
    assert len(rendered) <= settings.PIZZERIA["BOARD_COLUMN_BYTES"], kb(rendered)
    assert f"+{40 - len(column.tickets)} more · showing the {len(column.tickets)} oldest" in rendered.decode()


@pytest.mark.parametrize("max_size", [True, False])
def test_the_weight_estimate_never_falls_below_the_rendered_ticket(menu, mediator, max_size):
    bulk_orders(10, max_size=max_size)
    for ticket in mediator.execute(GetKitchenQueueQuery()).data.columns:
        for t in ticket.tickets:
            html = render_to_string("kitchen/board.html#ticket", {"ticket": t}).encode()
            assert len(html) <= kitchen_weight(t), (t.status, len(html), kitchen_weight(t))
    for column in mediator.execute(GetDeliveryBoardQuery()).data.columns:
        for t in column.tickets:
            html = render_to_string("delivery/board.html#ticket", {"ticket": t}).encode()
            assert len(html) <= delivery_weight(t), (t.status, len(html), delivery_weight(t))


def test_long_notes_and_many_lines_are_clipped_on_the_ticket_with_the_whole_text_at_hand(menu, mediator):
    (order,) = bulk_orders(1, statuses=(OrderStatus.COOKING,), max_size=False, lines=30,
                           notes="Ring twice, the bell is broken. " * 15)
    body = signed_in("cook").get("/kitchen/").content.decode()
    ticket = body[body.index(f'id="ticket-{order.pk}"'):]
    ticket = ticket[:ticket.index("</article>")]

    assert ticket.count('<li class="ticket-line') == 8 + 1 and "+22 more lines" in ticket
    summary, full = re.search(r"<details[^>]*><summary>Note: (.*?)</summary>(.*?)</details>", ticket, re.S).groups()
    assert len(summary) < len(full)
    from django.utils.html import escape
    assert full == escape(order.notes)


BOARDS = [("/kitchen/", "cook", render_kitchen_board), ("/delivery/", "driver", render_delivery_board)]


@pytest.mark.parametrize("path,user,render", BOARDS)
def test_at_1000_max_size_orders_the_page_stays_small_and_constant_in_queries(menu, path, user, render):
    client = signed_in(user)
    client.get(path)  # warm templates and the session

    bulk_orders(50)
    with all_queries() as at_50:
        assert client.get(path).status_code == 200
    bulk_orders(950)
    with all_queries() as at_1000:
        page = client.get(path)

    assert len(at_1000) == len(at_50) and len(at_1000) <= 8, at_1000  # session, user, groups, the board's 3
    assert len(page.content) < LIMIT, kb(page.content)
    groups = [sql for sql in at_1000 if "auth_group" in sql]
    assert len(groups) == 1, groups  # the guard and the header's three links share one lookup


def test_the_board_fragment_stays_under_the_frame_limit_at_1000_max_size_orders(menu):
    bulk_orders(1000)
    assert len(render_kitchen_board().encode()) < LIMIT


def test_the_api_board_keeps_its_fields_and_lists_the_oldest_screenful(menu, mediator):
    from api.models import ApiToken
    orders = bulk_orders(30, statuses=(OrderStatus.PENDING,), max_size=False)
    token = ApiToken.objects.create(user=get_user_model().objects.get(username="cook"))
    response = Client().get("/api/kitchen/board", HTTP_AUTHORIZATION=f"Bearer {token.key}")

    data = response.json()
    assert response.status_code == 200 and data["active_orders"] == 30
    assert [t["order_number"] for t in data["new"]] == [o.pk for o in orders[:12]]
    assert len(data["new"][0]["pizzas"]) == 2 and data["cooking"] == [] and data["ready"] == []
