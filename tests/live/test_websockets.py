"""Live updates through channels.testing.WebsocketCommunicator against the real ASGI app."""

import asyncio

import pytest

from pizzeria.application import Outcome
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.demo_data import load_demo_data
from tests.live.conftest import close_code, execute, marker, next_html, open_socket, place, seq, session_for, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def demo(db):
    from channels.db import database_sync_to_async
    await database_sync_to_async(load_demo_data)()


def column_body(frame: str, key: str) -> str:
    """The re-sent body of one board column in a frame (asserts it is there)."""
    start = frame.index(f'id="column-body-{key}"')
    end = frame.find('id="column-body-', start + 1)
    return frame[start:end if end != -1 else len(frame)]


async def kitchen_socket():
    communicator, connected = await open_socket("/ws/kitchen/", session_key=await session_for("cook"))
    assert connected
    first = await next_html(communicator)  # the resync on connect
    assert 'id="kitchen-board"' in first
    return communicator, first


async def test_a_connecting_kitchen_socket_first_receives_the_current_board(demo):
    placed = await place(customer_name="Early Bird")
    communicator, first = await kitchen_socket()

    assert f'id="ticket-{placed.number}"' in first and "Early Bird" in first
    await communicator.disconnect()


async def test_a_placed_order_reaches_every_kitchen_screen(demo):
    screens = [await kitchen_socket() for _ in range(3)]

    placed = await place(customer_name="Mario Fan")

    for communicator, _ in screens:
        html = await next_html(communicator)
        # Only the new ticket (inserted into the New column) and the counts travel, not the board.
        assert 'id="kitchen-board"' not in html
        assert '<div hx-swap-oob="beforeend:#tickets-new">' in html
        assert f'id="ticket-{placed.number}"' in html and "Mario Fan" in html
        assert '<span class="pill" id="count-new" hx-swap-oob="true">1</span>' in html
        await communicator.disconnect()


async def test_kitchen_updates_move_change_and_remove_one_ticket(demo):
    from kitchen.commands.mark_order_picked_up import MarkOrderPickedUpCommand
    from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
    from tests.factories import line

    placed = await place(fulfilment="pickup", delivery_address="", lines=(line("margherita"), line("cola")))
    board, _ = await kitchen_socket()
    cook = await user("cook")

    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))
    moved = await next_html(board)
    # The columns it left and entered are re-sent whole (a hidden ticket may come into view).
    ticket = f'id="ticket-{placed.number}"'
    assert ticket not in column_body(moved, "new") and ticket in column_body(moved, "cooking")
    assert "started by Luigi" in moved

    await execute(MarkPizzaReadyCommand(order_id=placed.order_id, pizza_index=0))
    in_place = await next_html(board)
    changed = in_place[in_place.index(ticket):]
    assert "ticket-line is-ready" in changed[:changed.index("</article>")]  # the first pizza, ticked off

    await execute(MarkOrderReadyCommand(order_id=placed.order_id))
    ready = await next_html(board)
    assert ticket in column_body(ready, "ready") and ticket not in column_body(ready, "cooking")
    await execute(MarkOrderPickedUpCommand(order_id=placed.order_id))
    gone = await next_html(board)
    assert 'id="column-body-ready"' in gone and ticket not in gone
    await board.disconnect()


async def test_a_status_change_reaches_the_orders_own_socket(demo):
    placed = await place(browser_key="browser-a")
    customer, connected = await open_socket(f"/ws/orders/{placed.order_id}/",
                                            session_key=await session_for(browser_key="browser-a"))
    assert connected
    assert "Placed" in await next_html(customer)

    cook = await user("cook")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))

    html = await next_html(customer)
    assert 'id="order-status"' in html and 'data-status="cooking"' in html and "Cooked by Luigi" in html
    assert 'id="order-timeline"' in html and "Luigi started cooking." in html
    await customer.disconnect()


async def test_a_rolled_back_command_broadcasts_nothing(demo):
    placed = await place(browser_key="browser-a")
    board, board_resync = await kitchen_socket()
    customer, _ = await open_socket(f"/ws/orders/{placed.order_id}/",
                                    session_key=await session_for(browser_key="browser-a"))
    customer_resync = await next_html(customer)

    board_seq, customer_seq = seq(board_resync), seq(customer_resync)

    refused = await execute(MarkOrderReadyCommand(order_id=placed.order_id))  # not cooking: conflict
    assert refused.outcome is Outcome.CONFLICT
    cook = await user("cook")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))

    # No waiting for silence: a frame from the refused command would arrive before this one, and
    # it would also have used up a number.
    board_frame, customer_frame = await next_html(board), await next_html(customer)
    assert seq(board_frame) == board_seq + 1 and "started by Luigi" in board_frame
    assert seq(customer_frame) == customer_seq + 1 and 'data-status="cooking"' in customer_frame
    await board.disconnect()
    await customer.disconnect()


async def test_a_socket_for_order_a_never_receives_order_b(demo):
    order_a = await place(browser_key="browser-a")
    order_b = await place(browser_key="browser-b")
    socket_a, _ = await open_socket(f"/ws/orders/{order_a.order_id}/",
                                    session_key=await session_for(browser_key="browser-a"))
    resync = await next_html(socket_a)

    cook = await user("cook")
    await execute(StartCookingCommand(order_id=order_b.order_id, cook_id=cook.pk))
    await execute(StartCookingCommand(order_id=order_a.order_id, cook_id=cook.pk))

    # The next frame is order A's own next number: nothing about B came in between.
    html = await next_html(socket_a)
    assert marker(html)["stream"] == f"order-{order_a.order_id}" and seq(html) == seq(resync) + 1
    assert f"Order #{order_b.number}" not in html and 'data-status="cooking"' in html
    await socket_a.disconnect()


@pytest.mark.parametrize("username", [None, "customer", "driver"])
async def test_anonymous_and_non_kitchen_users_are_refused_the_kitchen_socket(demo, username):
    await place()
    session_key = await session_for(username) if username else None
    communicator, _ = await open_socket("/ws/kitchen/", session_key=session_key)

    output = await communicator.receive_output(timeout=1)
    assert close_code(output) == 4403  # refused before any board was sent
    await communicator.wait()


async def test_an_order_socket_needs_the_orders_holder(demo):
    placed = await place(browser_key="browser-a")
    stranger, _ = await open_socket(f"/ws/orders/{placed.order_id}/",
                                    session_key=await session_for(browser_key="browser-z"))
    assert close_code(await stranger.receive_output(timeout=1)) == 4403

    unknown, _ = await open_socket("/ws/orders/not-an-order/", session_key=await session_for(browser_key="browser-a"))
    assert close_code(await unknown.receive_output(timeout=1)) == 4403


async def test_a_foreign_origin_is_rejected(demo):
    communicator, connected = await open_socket("/ws/kitchen/", session_key=await session_for("cook"),
                                                origin="http://evil.example")
    assert not connected


async def test_a_reconnecting_screen_resyncs_to_what_it_missed(demo):
    board, _ = await kitchen_socket()
    await board.disconnect()  # the tablet drops off the network

    missed = await place(customer_name="While You Were Away")
    await asyncio.sleep(0)

    again, first = await kitchen_socket()
    assert "While You Were Away" in first and f'id="ticket-{missed.number}"' in first
    await again.disconnect()


async def test_the_delivery_board_follows_every_delivery_step_and_so_does_the_customer(demo):
    from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
    from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand

    placed = await place(browser_key="browser-a")
    cook, driver = await user("cook"), await user("driver")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))

    board, connected = await open_socket("/ws/delivery/", session_key=await session_for("driver"))
    assert connected and 'id="delivery-board"' in await next_html(board)
    customer, _ = await open_socket(f"/ws/orders/{placed.order_id}/",
                                    session_key=await session_for(browser_key="browser-a"))
    await next_html(customer)

    await execute(MarkOrderReadyCommand(order_id=placed.order_id))
    assert f'id="delivery-{placed.number}"' in await next_html(board)
    assert 'data-status="ready"' in await next_html(customer)

    await execute(MarkOutForDeliveryCommand(order_id=placed.order_id, driver_id=driver.pk))
    road = await next_html(board)
    assert f'id="delivery-{placed.number}"' in road[road.index('id="column-road"'):]
    assert "Your driver: Toad" in await next_html(customer)

    await execute(MarkOrderDeliveredCommand(order_id=placed.order_id, driver_id=driver.pk))
    assert f'id="delivery-{placed.number}"' not in await next_html(board)
    assert 'data-status="delivered"' in await next_html(customer)
    await board.disconnect()
    await customer.disconnect()


async def test_cooks_and_customers_are_refused_the_delivery_socket(demo):
    for username in ("cook", "customer"):
        communicator, _ = await open_socket("/ws/delivery/", session_key=await session_for(username))
        assert close_code(await communicator.receive_output(timeout=1)) == 4403
