"""The websocket Origin check: scheme, host and port, not the host alone.

A socket is accepted only when its ``Host`` is one of ``ALLOWED_HOSTS`` and its ``Origin`` is the
socket's own origin (``ws`` → ``http``, ``wss`` → ``https``, host and port from the ``Host``
header, default ports filled in) or one of ``CSRF_TRUSTED_ORIGINS`` (for a TLS-ending proxy, whose
sockets arrive as ``ws`` for an ``https`` page). A missing or unreadable Origin is refused. A
refusal rejects the handshake (HTTP 403 from Daphne), with no exception.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKET_TO_PAGE_SCHEME = {"ws": "http", "wss": "https"}

Origin = tuple[str, str, int]  # scheme, host (lower case, IPv6 without brackets), port


def parse_origin(value: str) -> Origin | None:
    """``scheme://host[:port]`` as a comparable triple, or None for anything else ("null", paths…)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.fragment or parts.username is not None or parts.password is not None:
        return None
    return scheme, parts.hostname.lower(), port if port is not None else DEFAULT_PORTS[scheme]


def allowed_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not hosts:  # as Django's own HTTP check does
        hosts = [".localhost", "127.0.0.1", "[::1]"]
    return hosts


def socket_origin(scope) -> Origin | None:
    """The origin of the page this socket belongs to, from its scheme and ``Host`` header; None
    when the Host is missing, malformed or not one of ``ALLOWED_HOSTS``."""
    host = header(scope, b"host")
    if not host:
        return None
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, allowed_hosts()):
        return None
    scheme = SOCKET_TO_PAGE_SCHEME.get(scope.get("scheme") or "ws")
    if scheme is None:
        return None
    return scheme, domain.strip("[]"), int(port) if port else DEFAULT_PORTS[scheme]


def trusted_origin(origin: Origin) -> bool:
    """One of ``CSRF_TRUSTED_ORIGINS``, which may start a host with ``*.`` for its subdomains."""
    scheme, host, port = origin
    for entry in getattr(settings, "CSRF_TRUSTED_ORIGINS", ()):
        wildcard = "://*." in entry
        trusted = parse_origin(entry.replace("://*.", "://", 1) if wildcard else entry)
        if trusted is None or trusted[0] != scheme or trusted[2] != port:
            continue
        if (host.endswith("." + trusted[1]) if wildcard else host == trusted[1]):
            return True
    return False


def origin_is_allowed(scope) -> bool:
    own = socket_origin(scope)
    if own is None:
        return False
    sent = header(scope, b"origin")
    origin = parse_origin(sent) if sent else None
    return origin is not None and (origin == own or trusted_origin(origin))


def header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin1")
    return ""


class SameOriginValidator:
    """ASGI middleware for websockets: pass same-origin (or trusted) sockets on, reject the rest."""

    def __init__(self, application) -> None:
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket" or origin_is_allowed(scope):
            return await self.application(scope, receive, send)
        logger.info("Refused a websocket for %s from origin %r (host %r)", scope.get("path"),
                    header(scope, b"origin")[:200], header(scope, b"host")[:200])
        return await self.denier(scope, receive, send)
