"""Behind the reverse proxy, the lockout, allauth's rate limits and the API throttle all see
the client's real address (solidaires.core.http.client_ip), and a forged header changes
nothing."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.core.cache import cache

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # nginx: every request reaches gunicorn from this address


def login_through_proxy(client, email, password, *, client_address, forged=""):
    xff = f"{forged}, {client_address}" if forged else client_address
    return client.post(
        "/comptes/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=xff,
    )


def test_behind_the_proxy_one_client_cannot_lock_everybody_out(client, settings, inhabitant):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 1
    for _ in range(5):
        response = login_through_proxy(client, inhabitant.email, "mauvais", client_address="203.0.113.5")
    assert response.status_code == 429
    # The same account from another client behind the same proxy logs in.
    response = login_through_proxy(client, inhabitant.email, PASSWORD, client_address="198.51.100.7")
    assert response.status_code == 302


def test_a_forged_header_does_not_escape_the_lockout(client, settings, inhabitant):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 1
    for attempt in range(5):
        login_through_proxy(
            client, inhabitant.email, "mauvais", client_address="203.0.113.5", forged=f"6.6.6.{attempt}"
        )
    response = login_through_proxy(
        client, inhabitant.email, PASSWORD, client_address="203.0.113.5", forged="9.9.9.9"
    )
    assert response.status_code == 429


def test_allauth_rate_limits_see_the_same_address(rf, settings):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 1
    request = rf.post("/comptes/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert get_adapter().get_client_ip(request) == "203.0.113.5"


def test_the_api_throttle_cannot_be_bypassed_with_a_new_header(client, settings):
    settings.SOLIDAIRES_TRUSTED_PROXIES = 0
    cache.clear()
    statuses = [
        client.get(
            "/api/v1/communes", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"6.6.{n // 250}.{n % 250}"
        ).status_code
        for n in range(125)
    ]
    assert statuses.count(429) >= 5
