"""Live streams carry sequence numbers: bumped in the command's transaction, carried by every
frame, repeated by the heartbeat, and a screen can ask for a resync on the same socket."""

import asyncio

import pytest
from channels.db import database_sync_to_async

from pizzeria.application import Outcome
from kitchen.commands.mark_order_ready import MarkOrderReadyCommand
from kitchen.commands.start_cooking import StartCookingCommand
from live import broadcast, fanout, sequences
from live.models import StreamSequence
from orders.demo_data import load_demo_data
from tests.factories import place_order_command
from tests.live.conftest import execute, marker, next_html, open_socket, place, seq, session_for, user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
async def demo(db):
    await database_sync_to_async(load_demo_data)()


@database_sync_to_async
def current(*streams):
    return sequences.current(streams)


async def kitchen_socket():
    communicator, connected = await open_socket("/ws/kitchen/", session_key=await session_for("cook"))
    assert connected
    return communicator, await next_html(communicator)


# --- numbers ------------------------------------------------------------------------------------
def test_each_committed_command_bumps_the_streams_it_changes_and_a_refused_one_none(mediator, menu, django_user_model):
    placed = mediator.execute(place_order_command()).data
    order = f"order-{placed.order_id}"
    after_place = sequences.current(["kitchen", "delivery", order])
    assert after_place["kitchen"] >= 1 and after_place[order] == after_place["kitchen"]
    assert after_place["delivery"] == 0  # nothing the delivery board shows changed

    refused = mediator.execute(MarkOrderReadyCommand(order_id=placed.order_id))  # not cooking yet
    assert refused.outcome is Outcome.CONFLICT
    assert sequences.current(["kitchen", "delivery", order]) == after_place

    cook = django_user_model.objects.get(username="cook")
    assert mediator.execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk)).is_success
    after_cook = sequences.current(["kitchen", "delivery", order])
    assert after_cook == {"kitchen": after_place["kitchen"] + 1, "delivery": 0, order: after_place[order] + 1}

    assert mediator.execute(MarkOrderReadyCommand(order_id=placed.order_id)).is_success
    assert sequences.current(["delivery"]) == {"delivery": 1}  # a delivery order now waits for a driver


def test_a_crash_inside_the_command_rolls_the_number_back(mediator, menu, monkeypatch):
    from live import behaviors

    def bump_then_crash(counts):
        sequences.bump(counts)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(behaviors.sequences, "bump", bump_then_crash)
    with pytest.raises(RuntimeError):
        mediator.execute(place_order_command())
    assert not StreamSequence.objects.exists()


def test_bumps_add_up_and_unknown_streams_read_zero(db):
    from django.db import transaction

    with transaction.atomic():
        assert sequences.bump({"kitchen": 2, "order-x": 1}) == {"kitchen": 2, "order-x": 1}
        assert sequences.bump({"kitchen": 3}) == {"kitchen": 5}
    assert sequences.current(["kitchen", "order-x", "never"]) == {"kitchen": 5, "order-x": 1, "never": 0}


# --- frames -------------------------------------------------------------------------------------
async def test_every_frame_carries_its_stream_and_number(demo):
    placed = await place(browser_key="browser-a")
    order = f"order-{placed.order_id}"
    board, resync = await kitchen_socket()
    customer, _ = await open_socket(f"/ws/orders/{placed.order_id}/", session_key=await session_for(browser_key="browser-a"))
    order_resync = await next_html(customer)
    numbers = await current("kitchen", order)
    assert marker(resync) == {"stream": "kitchen", "kind": "resync", "seq": str(numbers["kitchen"])}
    assert marker(order_resync) == {"stream": order, "kind": "resync", "seq": str(numbers[order])}

    cook = await user("cook")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))
    update = await next_html(board)
    assert marker(update) == {"stream": "kitchen", "kind": "update", "seq": str(numbers["kitchen"] + 1)}
    assert "started by Luigi" in update
    order_update = await next_html(customer)
    assert marker(order_update) == {"stream": order, "kind": "update", "seq": str(numbers[order] + 1)}
    await board.disconnect()
    await customer.disconnect()


async def test_events_of_one_command_number_their_frames_in_order(demo):
    board, resync = await kitchen_socket()
    before = seq(resync)
    # A card order is placed and confirmed in one command: two events, two frames.
    placed = await place(payment_method="card", card_number="4242424242424242")
    first, second = await next_html(board), await next_html(board)
    assert (seq(first), seq(second)) == (before + 1, before + 2)
    assert (await current("kitchen"))["kitchen"] == before + 2
    assert f"ticket-{placed.number}" in second
    await board.disconnect()


async def test_a_refused_command_sends_nothing_the_next_frame_is_the_next_number(demo):
    placed = await place()
    board, resync = await kitchen_socket()

    refused = await execute(MarkOrderReadyCommand(order_id=placed.order_id))  # not cooking: conflict
    assert refused.outcome is Outcome.CONFLICT
    cook = await user("cook")
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=cook.pk))

    # No timing window: had the refused command sent a frame, it would come first, or a number
    # would be skipped.
    frame = await next_html(board)
    assert seq(frame) == seq(resync) + 1 and "started by Luigi" in frame
    await board.disconnect()


# --- resync without reconnecting, and the heartbeat ---------------------------------------------
async def test_a_screen_asks_for_a_resync_on_the_same_socket(demo, monkeypatch):
    board, resync = await kitchen_socket()
    monkeypatch.setattr(broadcast, "hand_off", lambda group, message: None)  # this frame is lost
    missed = await place(customer_name="Lost Frame")
    monkeypatch.undo()

    await board.send_to(text_data='{"resync": true}')
    again = await next_html(board)
    assert marker(again) == {"stream": "kitchen", "kind": "resync", "seq": str(seq(resync) + 1)}
    assert f'id="ticket-{missed.number}"' in again and "Lost Frame" in again

    await board.send_to(text_data='{"resync": false}')  # not a request; nor is anything else
    await board.send_to(text_data="resync please")
    await board.send_to(text_data='{"resync": true}')
    assert marker(await next_html(board))["kind"] == "resync"  # one answer, to the one real request
    await board.disconnect()


async def test_the_heartbeat_carries_the_latest_number_so_a_lost_frame_is_noticed(demo, settings, monkeypatch):
    settings.PIZZERIA_LIVE_HEARTBEAT_SECONDS = 0.2
    board, resync = await kitchen_socket()
    assert marker(resync)["heartbeat"] == "0.2"
    beat = await next_html(board)
    assert marker(beat) == {"stream": "kitchen", "kind": "heartbeat", "seq": str(seq(resync)), "heartbeat": "0.2"}
    assert beat == beat[:beat.index("</span>") + 7]  # only the number, no content

    monkeypatch.setattr(broadcast, "hand_off", lambda group, message: None)
    await place(customer_name="Never Sent")  # committed, but its frame is lost
    monkeypatch.undo()

    while marker(frame := await next_html(board))["kind"] == "heartbeat" and seq(frame) == seq(resync):
        pass  # a beat already under way may still carry the old number
    assert marker(frame)["kind"] == "heartbeat" and seq(frame) == seq(resync) + 1
    await board.disconnect()


async def test_the_heartbeat_stops_with_the_last_socket(demo, settings):
    from live import heartbeat

    settings.PIZZERIA_LIVE_HEARTBEAT_SECONDS = 0.2
    board, _ = await kitchen_socket()
    beat = heartbeat._beats[asyncio.get_running_loop()]
    assert beat.task is not None and set(beat.streams) == {"kitchen"}
    await board.disconnect()
    assert beat.task is None and beat.streams == {}


async def test_one_rendered_frame_is_shared_by_every_socket(demo, monkeypatch):
    rendered = []
    from kitchen.event_handlers import broadcast_kitchen_board

    real = broadcast_kitchen_board.render_ticket_update
    monkeypatch.setattr(broadcast_kitchen_board, "render_ticket_update",
                        lambda *args: rendered.append(args) or real(*args))
    screens = [await kitchen_socket() for _ in range(3)]
    await place()
    frames = [await next_html(board) for board, _ in screens]
    assert len(set(frames)) == 1 and len(rendered) == 1
    for board, _ in screens:
        await board.disconnect()


# --- the POST does not wait for the fan-out -------------------------------------------------------
def test_frames_committed_during_a_request_are_rendered_and_leave_after_its_response(client, menu, monkeypatch):
    from kitchen.event_handlers import broadcast_kitchen_board

    handed, steps, rendered = [], [], []
    monkeypatch.setattr(fanout, "is_heard", lambda group: True)  # as if the screens were open
    monkeypatch.setattr(broadcast, "hand_off", lambda group, message: handed.append(group))
    real_render = broadcast_kitchen_board.render_ticket_update
    monkeypatch.setattr(broadcast_kitchen_board, "render_ticket_update",
                        lambda *args: rendered.append(args) or real_render(*args))
    real_release = broadcast._release

    def release():
        steps.append(("released", list(handed), list(rendered)))  # request_finished: the response is out
        real_release()

    monkeypatch.setattr(broadcast, "_release", release)
    response = client.post("/api/orders", {
        "customer_name": "Deferred", "customer_phone": "(202) 555-0150", "customer_address": "1 Queue Lane",
        "pizza_items": [{"pizza_id": "margherita", "size": "large", "toppings": []}]}, content_type="application/json")
    assert response.status_code == 201
    # Nothing was rendered or handed off while the request ran; everything at its end, kitchen and
    # order both: the response never waits for the screens.
    assert steps[-1] == ("released", [], [])
    assert rendered and "kitchen" in handed and f"order-{response.json()['order_id']}" in handed


def test_outside_a_request_a_frame_is_handed_off_at_once(monkeypatch):
    handed = []
    monkeypatch.setattr(broadcast, "hand_off", lambda group, message: handed.append(group))
    broadcast.send_fragment("kitchen", "<div id='x'></div>", stream="kitchen", seq=1)
    assert handed == ["kitchen"]

    broadcast.request_started()
    broadcast.send_fragment("kitchen", "<div id='x'></div>", stream="kitchen", seq=2)
    assert handed == ["kitchen"]
    broadcast.request_finished()
    assert handed == ["kitchen", "kitchen"]


async def test_forwarding_a_frame_skips_channels_connection_cleanup(demo, monkeypatch):
    import channels.consumer

    calls = []
    real = channels.consumer.aclose_old_connections

    async def counted():
        calls.append(1)
        await real()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    board, _ = await kitchen_socket()
    assert calls  # the connect handler queries: it keeps the cleanup
    before = len(calls)
    await place()
    await next_html(board)
    assert len(calls) == before  # the forwarded frame touched no database: no thread hop
    await board.send_to(text_data='{"resync": true}')
    await next_html(board)
    assert len(calls) == before + 1  # a resync renders from the database: cleanup kept
    await board.disconnect()


async def test_each_process_beats_for_its_own_sockets_without_the_channel_layer(demo, settings, monkeypatch):
    """Heartbeats go straight to this process's sockets: with Redis, a group send would also reach
    (and double-beat) the sockets of every other process."""
    settings.PIZZERIA_LIVE_HEARTBEAT_SECONDS = 0.2
    from channels.layers import get_channel_layer

    board, resync = await kitchen_socket()
    layer = get_channel_layer()  # the process's layer, which the consumer uses

    async def refused(*args, **kwargs):
        raise AssertionError("a heartbeat went through the channel layer")

    monkeypatch.setattr(layer, "group_send", refused)
    monkeypatch.setattr(layer, "send", refused)
    beat = await next_html(board)
    assert marker(beat)["kind"] == "heartbeat" and seq(beat) == seq(resync)
    monkeypatch.undo()
    await board.disconnect()


def test_without_a_local_server_loop_a_cross_process_layer_gets_frames_in_order(monkeypatch):
    """A management command or a worker on Redis: frames go out from the sender thread, in the
    order they were sent, and flush() waits for them."""
    received = []

    class CrossProcessLayer:  # not the in-memory layer: another process may be listening
        async def group_send(self, group, message):
            await asyncio.sleep(0.001 * (len(received) % 3))  # uneven network delays
            received.append((group, message["html"]))

    monkeypatch.setattr(broadcast, "get_channel_layer", lambda *args, **kwargs: CrossProcessLayer())
    monkeypatch.setattr(broadcast, "_server_loop", None)
    for number in range(1, 21):
        broadcast.send_fragment("kitchen", f"<p id='n'>{number}</p>", stream="kitchen", seq=number)
    broadcast.flush()
    assert [seq(html) for _, html in received] == list(range(1, 21))
