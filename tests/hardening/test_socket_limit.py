"""One address cannot hold more than a few public live sockets open: the next is refused at the
handshake, a closed one frees its place, other addresses and signed-in staff are not affected."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings

from pizzeria.asgi import application
from tests.live.conftest import next_html, session_for

pytestmark = pytest.mark.django_db(transaction=True)


async def open_from(address: str, path: str = "/ws/ready-board/", session_key: str | None = None):
    headers = [(b"host", b"testserver"), (b"origin", b"http://testserver")]
    if session_key:
        headers.append((b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    socket.scope["client"] = (address, 50000)
    connected, _ = await socket.connect()
    return socket, connected


async def test_the_cap_counts_open_public_sockets_per_address(settings):
    settings.LIVE_ANONYMOUS_SOCKETS_PER_CLIENT = 3
    sockets = []
    for path in ("/ws/ready-board/", "/ws/menu/", "/ws/ready-board/"):
        socket, connected = await open_from("203.0.113.7", path)
        assert connected
        await next_html(socket)  # the resync: it is really live
        sockets.append(socket)

    refused, connected = await open_from("203.0.113.7")
    assert not connected

    other, connected = await open_from("198.51.100.2")  # someone else is unaffected
    assert connected

    await sockets.pop().disconnect()
    again, connected = await open_from("203.0.113.7")  # a closed socket frees its place
    assert connected
    for socket in (*sockets, other, again):
        await socket.disconnect()


async def test_signed_in_staff_screens_are_not_counted(settings, menu):
    settings.LIVE_ANONYMOUS_SOCKETS_PER_CLIENT = 1
    public, connected = await open_from("203.0.113.7")
    assert connected
    cook = await session_for("cook")
    kitchen_screens = []
    for _ in range(3):
        screen, connected = await open_from("203.0.113.7", "/ws/kitchen/", session_key=cook)
        assert connected
        kitchen_screens.append(screen)
    assert not (await open_from("203.0.113.7"))[1]
    for socket in (public, *kitchen_screens):
        await socket.disconnect()
