"""This process's live sockets by group, and the fan-out of one frame to all of them.

Frames do not go through the in-memory channel layer socket by socket. Measured with 200 kitchen
sockets, a group send cost ~0.5 ms of CPU per socket per frame: every socket's ``receive`` sweeps
every channel and group for expired messages (``_clean_expired``), so one frame cost O(sockets²),
plus a queue, a task wake-up and a dispatch per socket. Here a frame is handed to each local
socket's consumer directly, on the loop that serves them, in one pass, built once as a WebSocket
frame. With a cross-process layer (Redis) frames still go through the layer's group, so sockets of
every process get them.

Whether anyone listens: ``is_heard(group)`` says whether a socket of ``group`` may be open, so a
broadcast handler can skip rendering a frame nobody would get (with Redis, the layer's group says
whether a socket of any process is in it). A socket registers before it renders its resync frame, so a
change either finds it registered or committed before that resync read the database.
"""

from __future__ import annotations

import logging
import threading

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
    """Whether the Redis layer holds any socket in ``group`` (every process's sockets join it in
    ``listen``, before their resync reads the database, so an answer of no after a commit can't
    miss a socket that would not see that commit). channels_redis keeps a group as one sorted set,
    gone once empty; a member of a killed process stays until it expires, which only costs a render.
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
    """On the server loop: ``consumer``'s socket now shows ``group``. With a cross-process layer it
    also joins the layer's group (frames from other processes arrive through it, one per socket)."""
    _local.setdefault(group, set()).add(consumer)
    layer = get_channel_layer()
    if _crosses_processes(layer):
        await layer.group_add(group, consumer.channel_name)


async def unlisten(group: str, consumer) -> None:
    members = _local.get(group)
    if members is not None:
        members.discard(consumer)
        if not members:
            del _local[group]
    layer = get_channel_layer()
    if _crosses_processes(layer):
        await layer.group_discard(group, consumer.channel_name)


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
    through the layer's group (which reaches this process's sockets too)."""
    if _crosses_processes(layer):
        await layer.group_send(group, message)
    else:
        await deliver_locally(group, message)
