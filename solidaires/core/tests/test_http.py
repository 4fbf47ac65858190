"""The client's address: REMOTE_ADDR, or what our own proxies wrote, never what a client wrote."""

from __future__ import annotations

import pytest

from solidaires.core.http import AnonThrottle, AuthThrottle, client_ip

PROXY = "10.0.0.2"


def request(rf, xff=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_without_a_proxy_the_header_is_ignored(rf, settings):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 0
    assert client_ip(request(rf, "1.2.3.4", remote="198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("xff", "proxies", "expected"),
    [
        # nginx appends the peer it saw: the client's own entries stand to the left.
        ("203.0.113.5", 1, "203.0.113.5"),
        ("6.6.6.6, 203.0.113.5", 1, "203.0.113.5"),  # spoofed entry ignored
        ("6.6.6.6, 7.7.7.7, 203.0.113.5", 1, "203.0.113.5"),
        # Two proxies (a load balancer, then nginx): the second entry from the right.
        ("6.6.6.6, 203.0.113.5, 10.0.0.9", 2, "203.0.113.5"),
        # Fewer entries than proxies: the request skipped our proxies, its header proves nothing.
        ("203.0.113.5", 2, PROXY),
        (None, 1, PROXY),
        ("", 1, PROXY),
        # Garbage where our proxy's entry should be: the peer's address.
        ("not-an-ip", 1, PROXY),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
    ],
)
def test_behind_proxies_the_trusted_entry_is_the_client(rf, settings, xff, proxies, expected):
    settings.SOLIDAIRES_TRUSTED_PROXIES = proxies
    assert client_ip(request(rf, xff)) == expected


def test_the_api_throttles_key_on_the_same_address(rf, settings):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 1
    spoofed = request(rf, "6.6.6.6, 203.0.113.5")
    assert AnonThrottle("1/m").get_ident(spoofed) == "203.0.113.5"
    assert AuthThrottle("1/m").get_ident(spoofed) == "203.0.113.5"
