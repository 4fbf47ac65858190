"""The client's address, decided once for the whole site (login lockout, allauth's rate
limits, the API throttle): ``client_ip(request)``.

Behind a reverse proxy every request comes from the proxy's address, and the client's own is
in ``X-Forwarded-For``, a header anyone can write. Only the entries appended by *our*
proxies can be trusted: with ``SOLIDAIRES_TRUSTED_PROXIES = n`` (the number of proxies in
front of the application, 1 for the documented nginx), the client is the n-th address from
the right of that header; whatever a client wrote itself stands further left and is ignored.
With 0 (the default: no proxy, as with ``make run``) the header is ignored entirely.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from ninja.throttling import AnonRateThrottle, AuthRateThrottle


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def trusted_proxies() -> int:
    return max(0, int(getattr(settings, "SOLIDAIRES_TRUSTED_PROXIES", 0) or 0))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the entry our n-th proxy appended to
    X-Forwarded-For (n = SOLIDAIRES_TRUSTED_PROXIES). Never an address the client chose."""
    remote = _valid(str(request.META.get("REMOTE_ADDR", ""))) or "0.0.0.0"  # noqa: S104 - unknown peer
    proxies = trusted_proxies()
    if proxies == 0:
        return remote
    forwarded = [
        part for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        # The request did not come through all our proxies: its header proves nothing.
        return remote
    return _valid(forwarded[-proxies]) or remote


class AnonThrottle(AnonRateThrottle):
    """django-ninja's anonymous throttle, keyed on ``client_ip`` (not on a raw header)."""

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)


class AuthThrottle(AuthRateThrottle):
    """django-ninja's per-account throttle; anonymous clients fall back to ``client_ip``."""

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after an action: the ``next`` the form or link carried when it stays on
    this site (an open redirect otherwise), else ``default``. Every ``next`` goes through here."""
    candidate = str(request.POST.get("next") or request.GET.get("next") or "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
