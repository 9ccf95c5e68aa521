"""The websocket handshake: same origin (scheme, host and port) or a trusted one; unknown paths refused
cleanly. A refusal is a rejected handshake (Daphne answers 403), never an exception."""

import logging

import pytest

from tests.live.conftest import next_html, open_socket, session_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("close_thread_connections")]


@pytest.fixture
def hosts(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "[::1]", "shop.example.com"]
    settings.CSRF_TRUSTED_ORIGINS = []
    return settings


async def handshake(caplog, path="/ws/kitchen/", *, session=True, **socket):
    """Whether the socket was accepted; fails on any error logged (a traceback) meanwhile."""
    session_key = await session_for("cook") if session else None
    with caplog.at_level(logging.INFO):
        communicator, connected = await open_socket(path, session_key=session_key, **socket)
        if connected:
            assert 'id="kitchen-board"' in await next_html(communicator)
        await communicator.disconnect()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    return connected


ACCEPTED = [
    ({"host": "testserver", "origin": "http://testserver"}, "same origin"),
    ({"host": "localhost:8000", "origin": "http://localhost:8000"}, "same origin with a port"),
    ({"host": "localhost", "origin": "http://localhost:80"}, "default port written out"),
    ({"host": "localhost:80", "origin": "http://LOCALHOST"}, "default port left out, other case"),
    ({"host": "localhost:443", "origin": "https://localhost", "scheme": "wss"}, "wss is https"),
    ({"host": "[::1]:8000", "origin": "http://[::1]:8000"}, "IPv6"),
]
REFUSED = [
    ({"host": "localhost:8000", "origin": "http://localhost:9000"}, "another port"),
    ({"host": "localhost:8000", "origin": "http://localhost"}, "another port (the default)"),
    ({"host": "testserver", "origin": "https://testserver"}, "https page, ws socket"),
    ({"host": "testserver", "origin": "http://testserver", "scheme": "wss"}, "http page, wss socket"),
    ({"host": "testserver", "origin": None}, "no Origin"),
    ({"host": "testserver", "origin": "null"}, "an opaque origin"),
    ({"host": "testserver", "origin": "http://evil.example"}, "another host"),
    ({"host": "testserver", "origin": "http://testserver.evil.example"}, "a lookalike host"),
    ({"host": "evil.example", "origin": "http://evil.example"}, "a host not in ALLOWED_HOSTS"),
    ({"host": None, "origin": "http://testserver"}, "no Host"),
    ({"host": "testserver", "origin": "http://testserver:abc"}, "a broken port"),
]


@pytest.mark.parametrize(("socket", "case"), ACCEPTED, ids=[case for _, case in ACCEPTED])
async def test_same_origin_sockets_are_accepted(demo, hosts, caplog, socket, case):
    assert await handshake(caplog, **socket)


@pytest.mark.parametrize(("socket", "case"), REFUSED, ids=[case for _, case in REFUSED])
async def test_other_origins_are_refused_cleanly(demo, hosts, caplog, socket, case):
    assert not await handshake(caplog, **socket)


async def test_a_tls_ending_proxys_origin_is_accepted_when_trusted(demo, hosts, caplog):
    behind_proxy = {"host": "shop.example.com", "origin": "https://shop.example.com", "scheme": "ws"}
    assert not await handshake(caplog, **behind_proxy)

    hosts.CSRF_TRUSTED_ORIGINS = ["https://shop.example.com"]
    assert await handshake(caplog, **behind_proxy)
    assert not await handshake(caplog, host="shop.example.com", origin="https://shop.example.com:8443")


async def test_trusted_origins_may_name_subdomains(demo, hosts, caplog):
    hosts.ALLOWED_HOSTS = [".example.com"]
    hosts.CSRF_TRUSTED_ORIGINS = ["https://*.example.com"]
    assert await handshake(caplog, host="a.example.com", origin="https://a.example.com")
    assert not await handshake(caplog, host="a.example.com", origin="https://example.org")


@pytest.mark.parametrize("path", ["/ws/nope/", "/ws/kitchen", "/ws/orders/", "/", "/ws/kitchen/extra/"])
async def test_an_unknown_path_is_refused_without_an_exception(demo, hosts, caplog, path):
    assert not await handshake(caplog, path=path, host="testserver", origin="http://testserver")
    assert "No route found" not in caplog.text


async def test_an_unknown_path_from_a_foreign_origin_is_refused_too(demo, hosts, caplog):
    assert not await handshake(caplog, path="/ws/nope/", session=False, host="testserver", origin="http://evil.example")
