"""Open menus update live: an 86 from the kitchen, an admin edit and busy mode each reach the
menu socket, numbered on the menu stream, with nothing per customer in the frame."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.test import Client

from menu.commands.set_availability import SetAvailabilityCommand
from orders.commands.set_online_ordering import SetOnlineOrderingCommand
from orders.demo_data import load_demo_data
from tests.live.conftest import execute, marker, next_html, open_socket, seq

pytestmark = pytest.mark.django_db(transaction=True)


def availability(frame: str) -> str:
    start = frame.index('id="menu-availability"')
    return frame[start:frame.index(">", start)]


async def menu_socket():
    await database_sync_to_async(load_demo_data)()
    socket, connected = await open_socket("/ws/menu/")  # no session: anyone may watch the menu
    assert connected
    return socket, await next_html(socket)


async def test_an_86_reaches_an_open_menu_and_bringing_it_back_too(settings):
    socket, resync = await menu_socket()
    assert marker(resync)["kind"] == "resync" and 'data-items-out=""' in availability(resync)

    await execute(SetAvailabilityCommand(kind="item", slug="pepperoni", is_available=False, changed_by="Luigi"))
    sold_out = await next_html(socket)
    assert marker(sold_out) == {"stream": "menu", "kind": "update", "seq": str(seq(resync) + 1)}
    assert 'data-items-out="pepperoni"' in availability(sold_out)

    await execute(SetAvailabilityCommand(kind="topping", slug="olives", is_available=False))
    await execute(SetAvailabilityCommand(kind="item", slug="pepperoni", is_available=True))
    olives_out, pepperoni_back = await next_html(socket), await next_html(socket)
    assert 'data-toppings-out="olives"' in availability(olives_out)
    assert 'data-items-out=""' in availability(pepperoni_back) and 'data-toppings-out="olives"' in availability(pepperoni_back)
    assert seq(pepperoni_back) == seq(resync) + 3
    await socket.disconnect()


async def test_a_change_in_the_admin_reaches_an_open_menu(settings):
    socket, _ = await menu_socket()

    def sell_out_in_admin():
        manager = Client()
        manager.force_login(get_user_model().objects.get(username="manager"))
        from menu.models import MenuItem

        cola = MenuItem.objects.get(slug="cola")
        response = manager.post("/admin/menu/menuitem/", {
            "action": "mark_sold_out", "_selected_action": [cola.pk], "index": 0,
        })
        assert response.status_code == 302

    await database_sync_to_async(sell_out_in_admin)()
    frame = await next_html(socket)
    assert 'data-items-out="cola"' in availability(frame)
    await socket.disconnect()


async def test_busy_mode_reaches_an_open_menu(settings):
    socket, resync = await menu_socket()
    assert '<p class="notice' not in resync

    await execute(SetOnlineOrderingCommand(pause_minutes=20, changed_by="Luigi"))
    frame = await next_html(socket)
    assert "Online ordering is paused" in frame and seq(frame) == seq(resync) + 1
    assert "csrfmiddlewaretoken" not in frame  # shared by every customer: nothing personal
    await socket.disconnect()
