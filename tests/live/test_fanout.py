"""The process-local fan-out (live.fanout): one pass over this process's sockets, one frame built
for all of them, and whether a group has anyone listening."""

from __future__ import annotations

import functools

import pytest
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.core import RedisChannelLayer

from live import fanout
from live.consumers import LiveFragmentConsumer


def parse_frame(frame: bytes) -> tuple[int, bytes]:
    """(opcode byte, payload) of one unmasked server frame."""
    size, offset = frame[1] & 0x7F, 2
    assert not frame[1] & 0x80  # a server never masks
    if size == 126:
        size, offset = int.from_bytes(frame[2:4], "big"), 4
    elif size == 127:
        size, offset = int.from_bytes(frame[2:10], "big"), 10
    assert len(frame) == offset + size
    return frame[0], frame[offset:]


@pytest.mark.parametrize("size", [0, 125, 126, 65535, 65536, 200_000])
def test_a_frame_is_one_final_text_frame_of_the_payload(size):
    payload = ("é" * size).encode()[:size]
    opcode, body = parse_frame(fanout.text_frame(payload))
    assert opcode == 0x81 and body == payload  # FIN + text


class FakeTransport:
    def __init__(self):
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)


class FakeProtocol:
    """What the fast path needs of Daphne's (Autobahn) websocket protocol."""

    STATE_OPEN = 1

    def __init__(self):
        self.state, self.send_queue, self.transport = self.STATE_OPEN, [], FakeTransport()

    def sendPreparedMessage(self, prepared):  # noqa: N802 (Autobahn's name)
        raise AssertionError("not used")


class SessionWrapper:
    """Channels' InstanceSessionWrapper: holds Daphne's send as ``real_send``."""

    def __init__(self, real_send):
        self.real_send = real_send
        self.sent: list[dict] = []

    async def send(self, message):
        self.sent.append(message)


def consumer_over(protocol) -> tuple[LiveFragmentConsumer, SessionWrapper]:
    async def daphne_handle_reply(protocol, message):
        raise AssertionError("the session wrapper records ordinary sends")

    wrapper = SessionWrapper(functools.partial(daphne_handle_reply, protocol))
    consumer = LiveFragmentConsumer()
    consumer.base_send, consumer.group_name = wrapper.send, "kitchen"
    return consumer, wrapper


async def test_an_open_daphne_socket_gets_the_prebuilt_frame_written_as_it_is():
    protocol = FakeProtocol()
    consumer, wrapper = consumer_over(protocol)
    wire = fanout.text_frame(b"<p id='x'>1</p>")
    await consumer.fragment_update({"html": "<p id='x'>1</p>", "wire": wire})
    assert protocol.transport.written == [wire] and wrapper.sent == []


async def test_a_socket_with_frames_queued_or_not_open_takes_the_ordinary_path():
    protocol = FakeProtocol()
    consumer, wrapper = consumer_over(protocol)
    protocol.send_queue.append((b"earlier", False))  # order is kept: this frame goes after it
    await consumer.fragment_update({"html": "<p>2</p>", "wire": fanout.text_frame(b"<p>2</p>")})
    protocol.send_queue.clear()
    protocol.state = 3  # closing
    await consumer.fragment_update({"html": "<p>3</p>", "wire": fanout.text_frame(b"<p>3</p>")})
    assert protocol.transport.written == []
    assert [message["text"] for message in wrapper.sent] == ["<p>2</p>", "<p>3</p>"]


async def test_without_daphne_behind_it_a_consumer_sends_as_usual():
    consumer = LiveFragmentConsumer()
    sent = []

    async def send(message):
        sent.append(message)

    consumer.base_send, consumer.group_name = send, "kitchen"
    await consumer.fragment_update({"html": "<p>4</p>", "wire": fanout.text_frame(b"<p>4</p>")})
    assert sent == [{"type": "websocket.send", "text": "<p>4</p>"}]


class Recorder:
    def __init__(self, fail: bool = False):
        self.fail, self.got = fail, []
        self.channel_name = f"test-fanout.recorder-{id(self)}"  # joined to the layer's group across processes

    async def fragment_update(self, message):
        if self.fail:
            raise ConnectionError("gone")
        self.got.append(message)


async def test_one_pass_reaches_every_local_socket_even_past_a_broken_one():
    broken, first, second = Recorder(fail=True), Recorder(), Recorder()
    for consumer in (first, broken, second):
        await fanout.listen("test-fanout", consumer)
    try:
        assert fanout.is_heard("test-fanout")
        reached = await fanout.deliver_locally("test-fanout", {"type": "fragment.update", "html": "<b>hi</b>"})
        assert reached == 2
        for consumer in (first, second):
            [message] = consumer.got
            assert parse_frame(message["wire"])[1] == b"<b>hi</b>"  # built once, shared
        assert first.got[0]["wire"] is second.got[0]["wire"]
    finally:
        for consumer in (first, broken, second):
            await fanout.unlisten("test-fanout", consumer)
    # Nobody left, in this process nor (Redis: the layer's group is empty) in any other.
    assert not fanout.is_heard("test-fanout")


async def test_across_processes_a_socket_of_another_process_is_heard():
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):
        pytest.skip("the in-memory layer has one process: nobody else to ask")
    assert not fanout.is_heard("test-fanout-elsewhere")
    await layer.group_add("test-fanout-elsewhere", "specific.another-process!socket")  # as another Daphne's listen()
    try:
        assert fanout.is_heard("test-fanout-elsewhere")
    finally:
        await layer.group_discard("test-fanout-elsewhere", "specific.another-process!socket")
    assert not fanout.is_heard("test-fanout-elsewhere")


def test_a_layer_that_cannot_be_asked_counts_as_heard(caplog):
    """Redis unreachable: render as before (the send will fail and say so); never skip a frame."""
    unreachable = RedisChannelLayer(hosts=[{"address": "redis://127.0.0.1:1/0"}])
    assert fanout._heard_elsewhere(unreachable, "kitchen") is True
    assert "Could not ask the channel layer" in caplog.text


class TwistedLikeTransport:
    """The parts of a Twisted TCP connection that ``write_now`` reads, over a real socket pair."""

    TLS = False

    def __init__(self, sock, *, accepts: int | None = None):
        self.socket, self.accepts = sock, accepts
        self.connected, self.disconnecting = 1, False
        self.dataBuffer, self.offset, self._tempDataLen = b"", 0, 0
        self.buffered: list[bytes] = []

    def writeSomeData(self, data):  # noqa: N802 (Twisted's name)
        chunk = bytes(data[: self.accepts]) if self.accepts is not None else bytes(data)
        return self.socket.send(chunk)

    def write(self, data):  # Twisted's buffered path
        self.buffered.append(bytes(data))


@pytest.fixture
def socket_pair():
    import socket

    server, client = socket.socketpair()
    client.settimeout(2)
    yield server, client
    server.close()
    client.close()


def test_an_idle_socket_takes_the_frame_at_once(socket_pair):
    server, client = socket_pair
    transport = TwistedLikeTransport(server)
    fanout.write_now(transport, b"frame-1")
    assert client.recv(100) == b"frame-1" and transport.buffered == []


def test_what_the_socket_does_not_take_now_is_buffered_in_order(socket_pair):
    server, client = socket_pair
    transport = TwistedLikeTransport(server, accepts=3)
    fanout.write_now(transport, b"abcdefgh")
    assert client.recv(100) == b"abc" and transport.buffered == [b"defgh"]


@pytest.mark.parametrize("state", ["pending", "tls", "closing"])
def test_a_busy_closing_or_tls_socket_takes_twisteds_buffered_path(socket_pair, state):
    server, client = socket_pair
    transport = TwistedLikeTransport(server)
    if state == "pending":
        transport.dataBuffer = b"earlier"  # a frame still queued: this one must go after it
    elif state == "tls":
        transport.TLS = True
    else:
        transport.disconnecting = True
    fanout.write_now(transport, b"later")
    assert transport.buffered == [b"later"]
    client.setblocking(False)
    with pytest.raises(BlockingIOError):
        client.recv(100)


async def test_a_heartbeat_is_one_frame_built_once_for_every_socket_of_its_stream(monkeypatch):
    from live import heartbeat, sequences

    monkeypatch.setattr(sequences, "current", lambda streams: {stream: 41 for stream in streams})
    daphne_sockets = [consumer_over(FakeProtocol()) for _ in range(3)]
    beat = heartbeat._LoopBeat()
    beat.streams["kitchen"] = {consumer for consumer, _ in daphne_sockets}
    assert await heartbeat.beat_once(beat, 5.0) == 3
    frames = [consumer._protocol.transport.written for consumer, _ in daphne_sockets]
    assert all(len(written) == 1 for written in frames)
    assert len({id(written[0]) for written in frames}) == 1  # the same bytes object for all three
    _, payload = parse_frame(frames[0][0])
    assert b'data-kind="heartbeat"' in payload and b'data-seq="41"' in payload
    assert all(wrapper.sent == [] for _, wrapper in daphne_sockets)  # not framed one by one
