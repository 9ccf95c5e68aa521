"""The client's IP address, trusting ``X-Forwarded-For`` only from proxies the operator named.

``settings.TRUSTED_PROXIES`` lists the reverse proxies (IPs or CIDR networks) in front of the
app. When the connection comes from one of them, the client is the right-most address in
``X-Forwarded-For`` that is not itself a trusted proxy; otherwise the header is ignored, since
anyone can send it. With no trusted proxies (the default), the client is the connection's peer.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks if address.version == network.version)


def client_ip_from(peer: str, forwarded_for: str) -> str:
    """The client's address given the connection's peer and its ``X-Forwarded-For`` header."""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer_address = _parse(peer or "")
    if peer_address is None:
        return "0.0.0.0"  # a unix socket with no proxy configured: all such clients share one bucket
    if not networks or not _is_trusted(peer_address, networks):
        return str(peer_address)
    for hop in reversed([part for part in forwarded_for.split(",") if part.strip()]):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: stop at the last address a trusted proxy vouched for
        if not _is_trusted(address, networks):
            return str(address)
        peer_address = address
    return str(peer_address)


def client_ip(request: HttpRequest) -> str:
    return client_ip_from(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""))
