"""A cap on the live sockets one client may hold open without signing in (per process).

The menu, the order page and the shop's ready board are public sockets: without a cap, one address
could open thousands and hold a server's memory and file descriptors. Signed-in staff screens are
not counted (a kitchen behind one address runs many screens, and they already need an account).
A socket over the cap is refused at the handshake (HTTP 403, as for any refused socket), and the
screen's reconnect backoff retries it later.
"""

from __future__ import annotations

import logging
from collections import Counter

from channels.security.websocket import WebsocketDenier
from django.conf import settings

from pizzeria.client_ip import client_ip_from

logger = logging.getLogger(__name__)


def socket_client_ip(scope) -> str:
    peer = (scope.get("client") or ("",))[0] or ""
    forwarded = ""
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-for":
            forwarded = value.decode("latin-1")
    return client_ip_from(peer, forwarded)


class AnonymousSocketLimit:
    """ASGI middleware inside the auth stack (it reads ``scope["user"]``)."""

    def __init__(self, app) -> None:
        self.app = app
        self.open_sockets: Counter[str] = Counter()
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if scope["type"] != "websocket" or (user is not None and user.is_authenticated):
            return await self.app(scope, receive, send)
        limit = settings.LIVE_ANONYMOUS_SOCKETS_PER_CLIENT
        client = socket_client_ip(scope)
        if limit and self.open_sockets[client] >= limit:
            logger.warning("Refused a live socket from %s: %s already open", client, self.open_sockets[client])
            return await self.denier(scope, receive, send)
        self.open_sockets[client] += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.open_sockets[client] -= 1
            if self.open_sockets[client] <= 0:
                del self.open_sockets[client]
