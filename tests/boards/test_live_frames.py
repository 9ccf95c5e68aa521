"""A board over 1,000 max-size orders never sends a frame over 64 KB: the resync on connect and
every broadcast of a run of kitchen and delivery steps, through the real sockets and handlers."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from delivery.commands.assign_order_to_delivery import AssignOrderToDeliveryCommand
from delivery.commands.mark_order_delivered import MarkOrderDeliveredCommand
from delivery.commands.mark_out_for_delivery import MarkOutForDeliveryCommand
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.mark_pizza_ready import MarkPizzaReadyCommand
from kitchen.commands.recall_step import RecallStepCommand
from kitchen.commands.start_cooking import StartCookingCommand
from orders.commands.place_order import MAX_INSTRUCTIONS, MAX_LINES, MAX_QUANTITY
from orders.demo_data import load_demo_data
from orders.models import Order, OrderStatus
from tests.boards.conftest import LIMIT, MAX_ADDRESS, MAX_NAME, MAX_NOTES, bulk_orders, hostile
from tests.factories import line
from tests.live.conftest import _close_thread_connections  # noqa: F401  (autouse: PostgreSQL can drop the test DB)
from tests.live.conftest import execute, next_html, open_socket, place, session_for, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def full_boards(settings):
    # 1,000 active orders: far over the kitchen's capacity, which would refuse the order placed below.
    settings.PIZZERIA = {**settings.PIZZERIA, "KITCHEN_CAPACITY": 10_000}
    await database_sync_to_async(load_demo_data)()
    return await database_sync_to_async(bulk_orders)(1000)


@database_sync_to_async
def oldest(*statuses):
    return list(Order.objects.filter(status__in=statuses).order_by("placed_at", "pk")[:2])


class Screen:
    """A socket and every frame it was sent."""

    def __init__(self, communicator):
        self.communicator, self.frames = communicator, []

    async def next(self) -> str:
        frame = await next_html(self.communicator, timeout=20)
        self.frames.append(frame)
        return frame

    def largest(self) -> int:
        return max(len(frame.encode()) for frame in self.frames)


async def screen(path: str, username: str) -> Screen:
    communicator, connected = await open_socket(path, session_key=await session_for(username))
    assert connected
    return Screen(communicator)


async def test_boards_over_1000_max_size_orders_never_send_a_frame_over_64_kb(full_boards):
    kitchen, delivery = await screen("/ws/kitchen/", "cook"), await screen("/ws/delivery/", "driver")
    assert 'id="kitchen-board"' in await kitchen.next() and 'id="delivery-board"' in await delivery.next()
    assert "+" in kitchen.frames[0] and "more · showing the" in kitchen.frames[0]

    # A new max-size order: New is full, so only the counts travel.
    placed = await place(
        customer_name=hostile(MAX_NAME), notes=hostile(MAX_NOTES), delivery_address=hostile(MAX_ADDRESS),
        lines=tuple(line("margherita", "large", ["extra_cheese"], MAX_QUANTITY, hostile(MAX_INSTRUCTIONS))
                    for _ in range(MAX_LINES)))
    assert f'id="ticket-{placed.number}"' not in await kitchen.next()

    # The oldest new ticket starts cooking: the next one comes into view in New.
    first, second = await oldest(OrderStatus.PENDING, OrderStatus.CONFIRMED)
    cook, driver = await user("cook"), await user("driver")
    assert (await execute(StartCookingCommand(order_id=first.public_id, cook_id=cook.pk))).is_success
    moved = await kitchen.next()
    new_column = moved.split('id="column-body-new"')[1].split('id="column-body-')[0]
    assert f'id="ticket-{second.pk}"' in new_column and f'id="ticket-{first.pk}"' not in new_column

    steps = [
        (MarkPizzaReadyCommand(order_id=first.public_id, pizza_index=0), 1, 0),
        (MarkOrderReadyCommand(order_id=first.public_id), 1, 1),
        (RecallStepCommand(order_id=first.public_id), 1, 1),
        (MarkOrderReadyCommand(order_id=first.public_id), 1, 1),
        (AssignOrderToDeliveryCommand(order_id=first.public_id, driver_id=driver.pk), 1, 1),
        (MarkOutForDeliveryCommand(order_id=first.public_id, driver_id=driver.pk), 1, 1),
        (MarkOrderDeliveredCommand(order_id=first.public_id, driver_id=driver.pk), 1, 1),
    ]
    for command, kitchen_frames, delivery_frames in steps:
        result = await execute(command)
        assert result.is_success, (type(command).__name__, result.first_error)
        for _ in range(kitchen_frames):
            await kitchen.next()
        for _ in range(delivery_frames):
            await delivery.next()
    assert f'<div id="ticket-{first.pk}" hx-swap-oob="delete">' in kitchen.frames[-1]  # the last step arrived

    assert len(kitchen.frames) == 10 and len(delivery.frames) == 7
    print("largest frames (bytes): kitchen", kitchen.largest(), "delivery", delivery.largest())
    assert kitchen.largest() < LIMIT and delivery.largest() < LIMIT, (kitchen.largest(), delivery.largest())
    for board in (kitchen, delivery):
        await board.communicator.disconnect()


async def test_a_new_order_past_a_full_column_updates_its_count_and_more_line_only(settings):
    settings.PIZZERIA = {**settings.PIZZERIA, "BOARD_COLUMN_LIMIT": 2}
    await database_sync_to_async(load_demo_data)()
    shown = [await place(customer_name=f"Guest {i}") for i in range(2)]
    kitchen = await screen("/ws/kitchen/", "cook")
    await kitchen.next()

    hidden = await place(customer_name="Third Guest")
    frame = await kitchen.next()
    assert "Third Guest" not in frame and "<article" not in frame
    assert '<p class="column-more" id="more-new" data-hidden="1" hx-swap-oob="true">+1 more · showing the 2 oldest</p>' in frame
    assert '<span class="pill" id="count-new" hx-swap-oob="true">3</span>' in frame

    # The oldest starts cooking: the hidden one comes into view in New, and "+N more" empties.
    cook = await user("cook")
    await execute(StartCookingCommand(order_id=shown[0].order_id, cook_id=cook.pk))
    frame = await kitchen.next()
    new_column = frame.split('id="column-body-new"')[1].split('id="column-body-')[0]
    assert f'id="ticket-{hidden.number}"' in new_column and f'id="ticket-{shown[1].number}"' in new_column
    assert '<p class="column-more" id="more-new" data-hidden="0"></p>' in new_column
    # Nothing inside a re-sent column is swapped on its own (htmx 2 would pull nested OOB elements out).
    assert "hx-swap-oob" not in new_column.split(">", 1)[1].split("column-empty")[0]
    await kitchen.communicator.disconnect()
