"""A station's kitchen screen gets its own cut of the board after every change, on the same socket."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model

from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from pizzeria.application.mediator import get_mediator
from tests.factories import line, place_order_command
from tests.live.conftest import execute, marker, next_html, open_socket, session_for


def place(*lines):
    return get_mediator().execute(place_order_command(lines=lines)).data


@pytest.mark.django_db(transaction=True)
async def test_a_station_screen_gets_its_own_board_after_each_change():
    await database_sync_to_async(load_demo_data)()
    socket, connected = await open_socket("/ws/kitchen/?station=cold", session_key=await session_for("cook"))
    assert connected
    first = await next_html(socket)
    assert marker(first)["kind"] == "resync"

    placed = await database_sync_to_async(place)(line("margherita"), line("lemonade"))
    frame = await next_html(socket)
    assert marker(frame)["kind"] == "resync" and "Sicilian lemonade" in frame and "Margherita" not in frame

    refused, _ = await open_socket("/ws/kitchen/?station=grill", session_key=await session_for("cook"))
    assert (await refused.receive_output(timeout=2))["type"] == "websocket.close"
    cook = await database_sync_to_async(get_user_model().objects.get)(username="cook")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))
    frame = await next_html(socket)
    assert "started by Luigi" in frame and "Margherita" not in frame
    await socket.disconnect()
