"""Websocket tests talk to the real ASGI application (auth, origin check, routing) in-process."""

import asyncio
import json
import re

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from orders.browser import BROWSER_KEY
from pizzeria.application.mediator import get_mediator
from pizzeria.asgi import application
from tests.factories import place_order_command


@pytest.fixture(autouse=True)
def _close_thread_connections():
    """The consumers' worker thread opens its own connection; close it so PostgreSQL can drop the test DB."""
    yield
    asyncio.run(database_sync_to_async(connections.close_all)())


def make_session(*, user=None, browser_key="") -> str:
    session = SessionStore()
    if browser_key:
        session[BROWSER_KEY] = browser_key
    if user is not None:
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    return session.session_key


async def open_socket(path, *, session_key=None, origin="http://testserver", host="testserver", scheme="ws"):
    """A socket as a browser on ``scheme``://``host`` opens it (``origin=None``: no Origin header)."""
    headers = [(b"host", host.encode())] if host is not None else []
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    communicator.scope["scheme"] = scheme
    connected, _ = await communicator.connect()
    return communicator, connected


async def next_html(communicator, timeout=2):
    return await communicator.receive_from(timeout=timeout)


@database_sync_to_async
def execute(command):
    return get_mediator().execute(command)


@database_sync_to_async
def place(**overrides):
    return get_mediator().execute(place_order_command(**overrides)).data


@database_sync_to_async
def user(username):
    return get_user_model().objects.get(username=username)


@database_sync_to_async
def session_for(username=None, browser_key=""):
    account = get_user_model().objects.get(username=username) if username else None
    return make_session(user=account, browser_key=browser_key)


MARKER = re.compile(r'^<span id="live-seq"([^>]*)hidden></span>')


def marker(frame: str) -> dict[str, str]:
    """The frame's leading sequence marker as {"stream", "kind", "seq"[, "heartbeat"]}."""
    found = MARKER.match(frame)
    assert found, f"frame without a sequence marker: {frame[:120]!r}"
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', found.group(1)))


def seq(frame: str) -> int:
    return int(marker(frame)["seq"])


def close_code(output) -> int | None:
    return output.get("code") if output.get("type") == "websocket.close" else None


__all__ = ["execute", "json", "next_html", "open_socket", "place", "session_for", "user", "close_code", "marker", "seq"]
