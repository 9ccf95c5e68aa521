"""This process's live sockets by group, and the fan-out of one frame to all of them.

Frames do not go through the channel layer socket by socket. Measured with 200 kitchen sockets, a
group send cost ~0.5 ms of CPU per socket per frame with the in-memory layer (every socket's
``receive`` sweeps every channel and group for expired messages, so one frame cost O(sockets²),
plus a queue, a task wake-up and a dispatch per socket); with Redis each socket's copy was its own
list push, its own blocking pop and its own decode. Here a frame is handed to each local socket's
consumer directly, on the loop that serves them, in one pass, built once as a WebSocket frame.

Across processes (Redis) each process joins the layer's groups once, with one channel of its own
(the relay): a group send reaches each process once, whatever its number of sockets, and the relay
fans it out locally the same way.

Whether anyone listens: ``is_heard(group)`` says whether a socket of ``group`` may be open, so a
broadcast handler can skip rendering a frame nobody would get (with Redis, the layer's group says
whether any process has a socket in it). A socket registers, and its process's relay is in the
layer's group, before it renders its resync frame, so a change either finds it registered or
committed before that resync read the database.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import weakref

from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)


# group -> the consumers of this process's sockets in it. Written on the server loop only; read from
# request threads by is_heard() (a membership test under the GIL).
_local: dict[str, set] = {}


def _crosses_processes(layer) -> bool:
    return layer is not None and not isinstance(layer, InMemoryChannelLayer)


def is_heard(group: str) -> bool:
    """Whether a socket of ``group`` may be open in this process or, with a cross-process layer,
    in another. False means a frame for ``group`` would reach nobody: it need not be rendered."""
    if _local.get(group):
        return True
    layer = get_channel_layer()
    return _crosses_processes(layer) and _heard_elsewhere(layer, group)


_redis_clients: dict[str, object] = {}
_redis_lock = threading.Lock()


def _heard_elsewhere(layer, group: str) -> bool:
    """Whether the Redis layer's ``group`` has any member: a process's relay is in it while that
    process has a socket in the group, joined before the socket's resync reads the database (so an
    answer of no after a commit can't miss a socket that would not see that commit).
    channels_redis keeps a group as one sorted set, gone once empty; the relay of a killed process
    stays until it expires, which only costs a render.
    Anything unexpected (another layer, Redis unreachable) answers yes: render, as before."""
    group_key = getattr(layer, "_group_key", None)
    try:
        host = layer.hosts[layer.consistent_hash(group)]
        address = host["address"]
        client = _redis_clients.get(address)
        if client is None:
            import redis

            with _redis_lock:
                client = _redis_clients.setdefault(address, redis.Redis.from_url(address, socket_timeout=2))
        return bool(client.exists(group_key(group)))
    except Exception:
        logger.warning("Could not ask the channel layer who listens to %s; rendering for it", group, exc_info=True)
        return True


async def listen(group: str, consumer) -> None:
    """On the server loop: ``consumer``'s socket now shows ``group``. With a cross-process layer,
    returns once this process's relay is in the layer's group."""
    _local.setdefault(group, set()).add(consumer)
    layer = get_channel_layer()
    if _crosses_processes(layer):
        await _relay(layer).follow(group)


async def unlisten(group: str, consumer) -> None:
    members = _local.get(group)
    if members is not None:
        members.discard(consumer)
        if not members:
            del _local[group]
    layer = get_channel_layer()
    if _crosses_processes(layer):
        await _relay(layer).follow(group)


class _Relay:
    """This process's one channel in a cross-process layer's groups, on one event loop.

    It is in a group exactly while a local socket is (``follow`` brings the layer in line with
    ``_local``, one change at a time, so a socket leaving never races one arriving), receives each
    group send once and hands it to ``deliver_locally``. channels_redis drops a group's members
    after ``group_expiry`` (a day by default), so the memberships are renewed well before.
    The channel and its tasks exist only while the relay is in some group.
    """

    RETRY_SECONDS = 1.0

    def __init__(self, layer) -> None:
        self.layer = layer
        self.lock = asyncio.Lock()
        self.channel: str | None = None
        self.joined: set[str] = set()
        self.tasks: list[asyncio.Task] = []

    async def follow(self, group: str) -> None:
        async with self.lock:
            wanted = bool(_local.get(group))
            if wanted and group not in self.joined:
                if self.channel is None:
                    await self._start()
                await self.layer.group_add(group, self.channel)
                self.joined.add(group)
            elif not wanted and group in self.joined:
                self.joined.discard(group)
                try:
                    await self.layer.group_discard(group, self.channel)
                finally:
                    if not self.joined:
                        self._stop()

    async def _start(self) -> None:
        # The layer's default prefix: channels_redis pops every "specific" channel of a process
        # from one list, whichever of its receivers is waiting.
        self.channel = await self.layer.new_channel()
        loop = asyncio.get_running_loop()
        self.tasks = [loop.create_task(self._receive(self.channel)), loop.create_task(self._renew())]

    def _stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        self.tasks, self.channel = [], None

    async def _receive(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis away for a moment: the heartbeat resyncs screens meanwhile
                logger.warning("Live relay could not receive; retrying", exc_info=True)
                await asyncio.sleep(self.RETRY_SECONDS)
                continue
            group = message.get("group")
            if group:
                await deliver_locally(group, message)

    async def _renew(self) -> None:
        seconds = min(3600.0, getattr(self.layer, "group_expiry", 86400) / 2)
        while True:
            await asyncio.sleep(seconds)
            try:
                async with self.lock:
                    for group in tuple(self.joined):
                        await self.layer.group_add(group, self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live relay could not renew its groups; retrying", exc_info=True)


_relays: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # loop -> _Relay


def _relay(layer) -> _Relay:
    loop = asyncio.get_running_loop()
    relay = _relays.get(loop)
    if relay is None or relay.layer is not layer:
        relay = _relays[loop] = _Relay(layer)
    return relay


def text_frame(payload: bytes) -> bytes:
    """``payload`` as one unmasked WebSocket text frame (RFC 6455 section 5.2), as a server sends it."""
    size = len(payload)
    if size < 126:
        header = bytes((0x81, size))
    elif size < 1 << 16:
        header = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return header + payload


def write_now(transport, data: bytes) -> None:
    """Write ``data`` to a socket at once when nothing is queued ahead of it.

    Twisted's ``write`` always buffers, registers the socket for writability and sends on a later
    loop pass, then unregisters it: two epoll changes and a pass per socket per frame, a third of
    the loop's time in a 200-socket broadcast (py-spy). An idle socket takes the bytes straight
    away (as asyncio's transports do); what it does not take, and any socket with data pending,
    over TLS, closing or not a plain Twisted TCP connection, goes through ``write`` as before."""
    try:
        idle = (transport.TLS is False and transport.connected and not transport.disconnecting
                and len(transport.dataBuffer) == transport.offset and not transport._tempDataLen)
    except AttributeError:
        idle = False
    if not idle:
        transport.write(data)
        return
    written = transport.writeSomeData(data)
    if not isinstance(written, int):  # the connection is gone: Twisted notices it on its own
        return
    if written < len(data):
        transport.write(data[written:])


async def deliver_locally(group: str, message: dict) -> int:
    """Hand ``message`` to every socket of ``group`` in this process, in one pass; how many.
    The WebSocket frame is built once here ("wire"), for the sockets that can write it as it is."""
    members = _local.get(group)
    if not members:
        return 0
    message = {**message, "wire": text_frame(message["html"].encode())}
    reached = 0
    for consumer in tuple(members):
        try:
            await consumer.fragment_update(message)
            reached += 1
        except Exception:  # one broken socket must not stop the others' frames
            logger.debug("Live frame not sent to %s", getattr(consumer, "channel_name", "?"), exc_info=True)
    return reached


async def deliver(layer, group: str, message: dict) -> None:
    """On a loop: with the in-memory layer, this process's sockets in one pass; across processes,
    through the layer's group, once to each process's relay (this process's too)."""
    if _crosses_processes(layer):
        await layer.group_send(group, {**message, "group": group})
    else:
        await deliver_locally(group, message)
