"""Who the client is: X-Forwarded-For only counts when a trusted proxy sent it."""

import pytest

from pizzeria.client_ip import client_ip_from


@pytest.mark.parametrize("proxies,peer,forwarded,expected", [
    ([], "203.0.113.5", "1.2.3.4", "203.0.113.5"),                          # no proxy configured: header ignored
    (["10.0.0.1"], "203.0.113.5", "1.2.3.4", "203.0.113.5"),                 # not from the proxy: ignored
    (["10.0.0.1"], "10.0.0.1", "1.2.3.4", "1.2.3.4"),                        # from the proxy: its client
    (["10.0.0.1"], "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),               # a spoofed hop before it: ignored
    (["10.0.0.0/8"], "10.0.0.1", "1.2.3.4, 10.9.9.9", "1.2.3.4"),            # two trusted hops
    (["10.0.0.1"], "10.0.0.1", "not-an-ip", "10.0.0.1"),                     # garbage: the proxy itself
    (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
    (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ([], "", "1.2.3.4", "0.0.0.0"),
])
def test_client_ip(settings, proxies, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip_from(peer, forwarded) == expected
