"""Seed 003 grants managers every kitchen scope: a manager who is not in the Kitchen group still
opens the board, cooks from it and listens to it; a driver still cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from orders.models import Order, OrderStatus
from tests.factories import place_order_command
from tests.live.conftest import next_html, open_socket, session_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def manager_only():
    user = get_user_model().objects.create_user("mona", password="x" * 12)
    user.groups.add(Group.objects.get(name="Manager"))
    return user


@pytest.mark.django_db
def test_a_manager_outside_the_kitchen_group_runs_the_board(menu, mediator):
    placed = mediator.execute(place_order_command()).data
    manager = Client()
    manager.force_login(manager_only())

    assert manager.get("/kitchen/").status_code == 200
    assert manager.post(f"/kitchen/orders/{placed.order_id}/start/", **HTMX).status_code == 200
    assert Order.objects.get(public_id=placed.order_id).status == OrderStatus.COOKING

    driver = Client()
    driver.force_login(get_user_model().objects.get(username="driver"))
    assert driver.get("/kitchen/").status_code == 403


@pytest.mark.django_db(transaction=True)
async def test_a_manager_outside_the_kitchen_group_listens_to_the_board(menu):
    from channels.db import database_sync_to_async

    await database_sync_to_async(manager_only)()
    socket, connected = await open_socket("/ws/kitchen/", session_key=await session_for("mona"))
    assert connected and 'id="kitchen-board"' in await next_html(socket)
    await socket.disconnect()

    refused, connected = await open_socket("/ws/kitchen/", session_key=await session_for("driver"))
    assert connected  # accepted, then closed as forbidden (the screen then stops retrying)
    assert (await refused.receive_output(timeout=2))["code"] == 4403
