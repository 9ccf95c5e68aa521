"""The shop's order-ready board: pickup order numbers in the oven and ready, live, for anyone, with
nothing about the customer on it."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from orders.models import Order
from ready_board.queries import get_ready_board
from ready_board.queries.get_ready_board import GetReadyBoardQuery
from tests.factories import place_order_command
from tests.live.conftest import execute, marker, next_html, open_socket, place, seq

PICKUP = {"fulfilment": "pickup", "delivery_address": "", "customer_name": "Zelda Secretname",
          "customer_email": "zelda@example.com"}


def columns(mediator):
    board = mediator.execute(GetReadyBoardQuery()).data
    return {column.key: [entry.number for entry in column.numbers] for column in board.columns}


def placed(mediator, **overrides) -> Order:
    result = mediator.execute(place_order_command(**{**PICKUP, **overrides}))
    assert result, result.first_error
    return Order.objects.get(public_id=result.data.order_id)


def step(mediator, command):
    result = mediator.execute(command)
    assert result, result.first_error


@pytest.mark.django_db
def test_pickup_orders_move_from_the_oven_to_the_counter_and_off_the_board(mediator, menu):
    first, second = placed(mediator), placed(mediator)
    delivery = placed(mediator, fulfilment="delivery", delivery_address="12 Harbour Street")
    assert columns(mediator) == {"oven": [], "ready": []}  # queued, not in the oven yet

    for order in (second, first, delivery):
        step(mediator, StartCookingCommand(order_id=order.public_id, cook_name="Luigi"))
    assert columns(mediator) == {"oven": [second.pk, first.pk], "ready": []}  # the order they went in; no delivery

    step(mediator, MarkOrderReadyCommand(order_id=first.public_id))
    step(mediator, MarkOrderReadyCommand(order_id=second.public_id))
    step(mediator, MarkOrderReadyCommand(order_id=delivery.public_id))
    assert columns(mediator) == {"oven": [], "ready": [second.pk, first.pk]}  # the latest ready first

    step(mediator, MarkOrderPickedUpCommand(order_id=first.public_id))
    step(mediator, RecallStepCommand(order_id=second.public_id))  # a mis-tap: back in the oven
    assert columns(mediator) == {"oven": [second.pk], "ready": []}


@pytest.mark.django_db
def test_a_long_queue_shows_a_screenful_and_counts_the_rest(mediator, menu, monkeypatch):
    monkeypatch.setattr(get_ready_board, "SHOWN_PER_COLUMN", 3)
    orders = [placed(mediator) for _ in range(5)]
    for order in orders:
        step(mediator, StartCookingCommand(order_id=order.public_id, cook_name="Luigi"))

    (oven, _) = mediator.execute(GetReadyBoardQuery()).data.columns
    assert [entry.number for entry in oven.numbers] == [order.pk for order in orders[:3]]
    assert (oven.total, oven.hidden) == (5, 2)
    assert "+2 more" in Client().get("/ready-board/").content.decode()


@pytest.mark.django_db
def test_anyone_reads_the_page_and_it_shows_numbers_but_nothing_about_the_customer(mediator, menu):
    order = placed(mediator)
    step(mediator, StartCookingCommand(order_id=order.public_id, cook_name="Luigi"))
    step(mediator, MarkOrderReadyCommand(order_id=order.public_id))

    page = Client().get("/ready-board/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f'<li class="ready-number is-new"><span class="visually-hidden">Order </span>{order.pk}</li>' in body
    # The phone's digits as any format would show them (not a bare "555": a random CSRF token may hold it).
    for private in ("Zelda", "Secretname", "zelda@example.com", "555-0142", "5550142", "Luigi", order.public_id):
        assert private not in body
    assert 'ws-connect="/ws/ready-board/"' in body
    assert Client().post("/ready-board/").status_code == 405


@pytest.mark.django_db(transaction=True)
async def test_an_open_board_follows_a_pickup_order_live_in_sequence():
    await database_sync_to_async(load_demo_data)()
    socket, connected = await open_socket("/ws/ready-board/")  # no session, no sign-in
    assert connected
    resync = await next_html(socket)
    assert marker(resync)["kind"] == "resync" and 'id="ready-board"' in resync

    order = await place(**PICKUP)
    await execute(StartCookingCommand(order_id=order.order_id, cook_name="Luigi"))
    in_oven = await next_html(socket)
    await execute(MarkOrderReadyCommand(order_id=order.order_id))
    ready = await next_html(socket)

    assert marker(in_oven)["kind"] == "update" and seq(in_oven) == seq(resync) + 1 and seq(ready) == seq(resync) + 2
    oven_part, ready_part = in_oven.split('ready-column-ready', 1)
    assert await _number_of(order.order_id) in oven_part and "Nothing waiting at the counter." in ready_part
    oven_part, ready_part = ready.split('ready-column-ready', 1)
    assert "Nothing in the oven right now." in oven_part and await _number_of(order.order_id) in ready_part
    assert "Zelda" not in in_oven + ready
    await socket.disconnect()


async def _number_of(order_id: str) -> str:
    pk = await database_sync_to_async(lambda: Order.objects.get(public_id=order_id).pk)()
    return f'<span class="visually-hidden">Order </span>{pk}</li>'
