"""Staff sockets close when their session signs out and when their user loses the right to them."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from live.consumers import FORBIDDEN, SIGNED_OUT
from live.revocation import session_group, user_group
from tests.live.conftest import close_code, execute, marker, next_html, open_socket, place, seq, session_for, user

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def signed_in_browser(username) -> tuple[Client, str]:
    browser = Client()
    browser.force_login(get_user_model().objects.get(username=username))
    return browser, browser.session.session_key


@database_sync_to_async
def sign_out(browser: Client) -> None:
    response = browser.post("/accounts/logout/")  # the real view: user_logged_out, then the flush
    assert response.status_code == 302


@database_sync_to_async
def run(change) -> None:
    change()


async def board_socket(session_key, path="/ws/kitchen/"):
    communicator, connected = await open_socket(path, session_key=session_key)
    assert connected
    communicator.resync_seq = seq(await next_html(communicator))  # the resync on connect
    return communicator


async def closed_with(communicator) -> int | None:
    code = close_code(await communicator.receive_output(timeout=2))
    await communicator.disconnect()
    return code


async def still_live(communicator) -> bool:
    """Nothing arrived (no close, no resync), and the next order still reaches it: its frame is the
    very next output, with the next number after the resync on connect."""
    placed = await place(customer_name="Still Listening")
    html = await next_html(communicator)
    await communicator.disconnect()
    update = marker(html)["kind"] == "update" and seq(html) == communicator.resync_seq + 1
    return update and f'id="ticket-{placed.number}"' in html


# --- signing out -----------------------------------------------------------------------------
async def test_a_kitchen_socket_closes_when_its_session_signs_out(demo):
    browser, session_key = await signed_in_browser("cook")
    socket = await board_socket(session_key)

    await sign_out(browser)

    assert await closed_with(socket) == SIGNED_OUT


async def test_another_users_sign_out_leaves_the_socket_open(demo):
    _, cook_session = await signed_in_browser("cook")
    manager_browser, _ = await signed_in_browser("manager")
    socket = await board_socket(cook_session)

    await sign_out(manager_browser)

    assert await still_live(socket)


async def test_the_same_user_signing_out_elsewhere_leaves_this_sessions_socket_open(demo):
    _, tablet = await signed_in_browser("cook")
    phone_browser, _ = await signed_in_browser("cook")
    socket = await board_socket(tablet)

    await sign_out(phone_browser)

    assert await still_live(socket)


async def test_an_order_page_socket_of_a_signed_in_customer_closes_on_sign_out(demo):
    browser, session_key = await signed_in_browser("manager")
    placed = await place()
    socket = await board_socket(session_key, path=f"/ws/orders/{placed.order_id}/")

    await sign_out(browser)

    assert await closed_with(socket) == SIGNED_OUT


# --- losing the group ------------------------------------------------------------------------------
def _cook():
    return get_user_model().objects.get(username="cook")


def _kitchen():
    return Group.objects.get(name="Kitchen")


REVOCATIONS = {
    "user.groups.remove": lambda: _cook().groups.remove(_kitchen()),
    "group.user_set.remove": lambda: _kitchen().user_set.remove(_cook()),
    "user.groups.clear": lambda: _cook().groups.clear(),
    "group.user_set.clear": lambda: _kitchen().user_set.clear(),
    "user.groups.set": lambda: _cook().groups.set([]),
    "group deleted": lambda: _kitchen().delete(),
}


@pytest.mark.parametrize("revoke", REVOCATIONS, ids=list(REVOCATIONS))
async def test_a_kitchen_socket_closes_when_its_user_leaves_the_kitchen(demo, revoke):
    socket = await board_socket(await session_for("cook"))

    await run(REVOCATIONS[revoke])

    assert await closed_with(socket) == FORBIDDEN


@pytest.mark.parametrize("update_fields", [None, ["is_active"]])
async def test_a_socket_closes_when_its_user_is_deactivated(demo, update_fields):
    socket = await board_socket(await session_for("cook"))

    def deactivate():
        cook = _cook()
        cook.is_active = False
        cook.save(update_fields=update_fields)

    await run(deactivate)

    assert await closed_with(socket) == FORBIDDEN


async def test_a_delivery_socket_closes_when_the_driver_leaves_delivery(demo):
    socket = await board_socket(await session_for("driver"), path="/ws/delivery/")

    await run(lambda: get_user_model().objects.get(username="driver").groups.clear())

    assert await closed_with(socket) == FORBIDDEN


async def test_leaving_one_of_several_groups_keeps_what_is_still_allowed(demo):
    socket = await board_socket(await session_for("manager"))  # Manager, Kitchen and Delivery

    await run(lambda: get_user_model().objects.get(username="manager").groups.remove(
        Group.objects.get(name="Delivery")))

    assert await still_live(socket)


async def test_another_users_group_change_leaves_the_socket_open(demo):
    socket = await board_socket(await session_for("cook"))

    await run(lambda: get_user_model().objects.get(username="manager").groups.clear())

    assert await still_live(socket)


# --- the safety net: a re-check on a timer, and on a frame that finds it overdue --------------------
def _remove_silently():
    """Leave the Kitchen without any signal (a raw delete on the relation's table)."""
    get_user_model().groups.through.objects.filter(user__username="cook").delete()


async def test_a_frame_after_the_recheck_interval_is_checked_first(demo, settings):
    settings.LIVE_PERMISSION_RECHECK_SECONDS = 0
    socket = await board_socket(await session_for("cook"))
    await run(_remove_silently)

    placed = await place(customer_name="Not For You")

    output = await socket.receive_output(timeout=2)
    assert close_code(output) == FORBIDDEN, output  # refused before the frame went out
    assert "Not For You" not in str(output) and str(placed.number)
    await socket.disconnect()


async def test_a_socket_checks_on_its_own_timer_with_no_frame_to_wait_for_it(demo, settings):
    settings.LIVE_PERMISSION_RECHECK_SECONDS = 1  # the shortest with a timer: 0.8-1 s after connect
    socket = await board_socket(await session_for("cook"))
    await run(_remove_silently)

    # Nothing happens on the board, so no frame comes to start a check: the timer does.
    assert await closed_with(socket) == FORBIDDEN


async def test_within_the_interval_frames_are_forwarded_without_a_check(demo, settings):
    settings.LIVE_PERMISSION_RECHECK_SECONDS = 3600
    socket = await board_socket(await session_for("cook"))
    await run(_remove_silently)

    placed = await place(customer_name="Cheap Path")

    assert f'id="ticket-{placed.number}"' in await next_html(socket)
    await socket.disconnect()


# --- the order page's socket: two audiences -----------------------------------------------------------
async def test_the_order_socket_shows_the_cancel_button_only_to_those_who_may_cancel(demo):
    placed = await place(browser_key="browser-a")
    path = f"/ws/orders/{placed.order_id}/"
    holder, _ = await open_socket(path, session_key=await session_for(browser_key="browser-a"))
    cook, _ = await open_socket(path, session_key=await session_for("cook"))
    holder_resync = await next_html(holder)
    assert "Cancel order" in holder_resync
    assert "Cancel order" not in await next_html(cook)

    # Made a manager: the cook's socket moves to the audience with the button, and resyncs.
    await run(lambda: _cook().groups.add(Group.objects.get(name="Manager")))
    assert "Cancel order" in await next_html(cook)

    # Loses every group: the order is no longer theirs to watch.
    await run(lambda: _cook().groups.clear())
    assert await closed_with(cook) == FORBIDDEN
    # The holder saw none of that: its next frame is the order's next number.
    from kitchen.commands.start_cooking import StartCookingCommand
    await execute(StartCookingCommand(order_id=placed.order_id, cook_id=(await user("cook")).pk))
    frame = await next_html(holder)
    assert marker(frame)["kind"] == "update" and seq(frame) == seq(holder_resync) + 1
    await holder.disconnect()


def test_group_names_are_valid_for_every_channel_layer():
    import re

    for name in (session_group("k" * 200), user_group(2**63)):
        assert re.fullmatch(r"[A-Za-z0-9._-]{1,99}", name), name
    assert "abc" not in session_group("abc")  # the session key itself never travels
