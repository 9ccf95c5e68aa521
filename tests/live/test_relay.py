"""Across processes (Redis), each process is one member of a live group, its relay, whatever its
number of sockets: a group send reaches the process once and the relay hands it to every local
socket (live.fanout)."""

from __future__ import annotations

import asyncio

import pytest
import redis
from channels.layers import InMemoryChannelLayer, get_channel_layer

from live import fanout

pytestmark = pytest.mark.skipif(
    isinstance(get_channel_layer(), InMemoryChannelLayer), reason="the relay exists only across processes (Redis)")

GROUP = "test-relay"


class Socket:
    """Stands in for a live consumer: what the fan-out hands it."""

    def __init__(self):
        self.got: asyncio.Queue = asyncio.Queue()

    async def fragment_update(self, message):
        self.got.put_nowait(message["html"])


def members(group: str = GROUP) -> int:
    layer = get_channel_layer()
    client = redis.Redis.from_url(layer.hosts[layer.consistent_hash(group)]["address"])
    try:
        return client.zcard(layer._group_key(group))
    finally:
        client.close()


async def send(html: str, group: str = GROUP) -> None:
    await fanout.deliver(get_channel_layer(), group, {"type": "fragment.update", "html": html})


async def next_html(socket: Socket) -> str:
    return await asyncio.wait_for(socket.got.get(), 5)


async def test_a_process_is_one_member_of_a_group_however_many_of_its_sockets_listen():
    sockets = [Socket() for _ in range(3)]
    for socket in sockets:
        await fanout.listen(GROUP, socket)
    try:
        assert members() == 1
        await send("<b>one</b>")
        for socket in sockets:
            assert await next_html(socket) == "<b>one</b>"
        await send("<b>two</b>")  # in order, and each frame once
        for socket in sockets:
            assert await next_html(socket) == "<b>two</b>"
            assert socket.got.empty()
    finally:
        for socket in sockets:
            await fanout.unlisten(GROUP, socket)
    assert members() == 0 and not fanout.is_heard(GROUP)


async def test_the_group_is_kept_while_one_socket_stays():
    first, second = Socket(), Socket()
    await fanout.listen(GROUP, first)
    await fanout.listen(GROUP, second)
    await fanout.unlisten(GROUP, first)
    try:
        assert members() == 1
        await send("<b>still here</b>")
        assert await next_html(second) == "<b>still here</b>"
        assert first.got.empty()
    finally:
        await fanout.unlisten(GROUP, second)


async def test_a_socket_arriving_as_the_last_one_leaves_still_gets_frames():
    leaving, arriving = Socket(), Socket()
    await fanout.listen(GROUP, leaving)
    try:
        # Leaving empties the group locally while arriving refills it: the layer must end with
        # the relay in the group, whichever of the two Redis calls would have finished first.
        await asyncio.gather(fanout.unlisten(GROUP, leaving), fanout.listen(GROUP, arriving))
        assert members() == 1
        await send("<b>arrived</b>")
        assert await next_html(arriving) == "<b>arrived</b>"
    finally:
        await fanout.unlisten(GROUP, arriving)
    assert members() == 0


async def test_memberships_are_renewed_before_the_layer_expires_them():
    layer = get_channel_layer()
    expiry, layer.group_expiry = layer.group_expiry, 1  # the relay renews every half of it
    socket = Socket()
    try:
        await layer.group_add(GROUP + "-unrenewed", "specific.gone!socket")  # a member nobody renews
        await fanout.listen(GROUP, socket)
        await asyncio.sleep(1.6)
        await send("<b>after expiry</b>")
        await send("<b>x</b>", group=GROUP + "-unrenewed")  # the layer drops expired members on send
        assert members(GROUP + "-unrenewed") == 0  # so expiry is real here
        assert await next_html(socket) == "<b>after expiry</b>"
    finally:
        layer.group_expiry = expiry
        await fanout.unlisten(GROUP, socket)
        await layer.group_discard(GROUP + "-unrenewed", "specific.gone!socket")
