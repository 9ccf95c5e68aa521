"""A scheduled order reaches open kitchen boards at its release, without anyone reloading: by its
frame when the releasing process has the sockets, and by the heartbeat's bumped kitchen number
when it does not (the task worker, on the embedded config, can't reach Daphne's sockets)."""

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async

from live import broadcast
from orders.tasks import release_scheduled_order
from tests.order_ahead.conftest import SEVEN
from tests.live.conftest import _close_thread_connections, marker, next_html, open_socket, place, seq, session_for  # noqa: F401
from tests.live_sequences.test_sequences import demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)



async def kitchen_board():
    communicator, connected = await open_socket("/ws/kitchen/", session_key=await session_for("cook"))
    assert connected
    return communicator, await next_html(communicator)


async def test_the_release_task_puts_the_order_on_open_boards(demo, clock):  # noqa: F811
    ahead = await place(customer_name="Seven O'Clock", scheduled_for=SEVEN)
    board, resync = await kitchen_board()
    assert f'id="ticket-{ahead.number}"' not in resync and "1 ordered ahead" in resync

    clock.moment = SEVEN - timedelta(minutes=30)  # the lead time has come: the task runs
    assert await database_sync_to_async(release_scheduled_order.call)(ahead.order_id) == "released"

    frame = await next_html(board)
    assert marker(frame)["kind"] == "update" and seq(frame) == seq(resync) + 1
    assert f'id="ticket-{ahead.number}"' in frame and "Seven O&#x27;Clock" in frame
    assert "ordered ahead" not in frame
    await board.disconnect()


async def test_released_by_another_process_the_heartbeat_brings_it(demo, clock, settings, monkeypatch):  # noqa: F811
    settings.PIZZERIA_LIVE_HEARTBEAT_SECONDS = 0.2
    ahead = await place(customer_name="From The Worker", scheduled_for=SEVEN)
    board, resync = await kitchen_board()
    assert f'id="ticket-{ahead.number}"' not in resync

    clock.moment = SEVEN - timedelta(minutes=30)
    monkeypatch.setattr(broadcast, "hand_off", lambda group, message: None)  # the worker's frame reaches no socket
    assert await database_sync_to_async(release_scheduled_order.call)(ahead.order_id) == "released"
    monkeypatch.undo()

    while marker(frame := await next_html(board))["kind"] == "heartbeat" and seq(frame) == seq(resync):
        pass  # a beat under way may still carry the old number
    assert marker(frame)["kind"] == "heartbeat" and seq(frame) == seq(resync) + 1  # the screen is behind
    await board.send_to(text_data='{"resync": true}')  # what static/js/live.js does then
    while marker(frame := await next_html(board))["kind"] == "heartbeat":
        pass
    assert marker(frame)["kind"] == "resync" and f'id="ticket-{ahead.number}"' in frame and "From The Worker" in frame
    await board.disconnect()
