"""Login throttling keyed on (account, IP): nobody can lock a real user out from elsewhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.utils import timezone

from solidaires.accounts.axes import get_username

from .factories import UserFactory
from .helpers import login_post

pytestmark = pytest.mark.django_db

IP_A = "203.0.113.5"
IP_B = "198.51.100.7"


def fail(client, email, times, ip=IP_A):
    for _ in range(times):
        response = login_post(client, email, "mauvais mot de passe", ip=ip)
    return response


def test_five_failures_lock_the_account_from_that_ip_only(client, inhabitant):
    fail(client, inhabitant.email, 4)
    fifth = fail(client, inhabitant.email, 1)
    assert fifth.status_code == 429

    # The right password from A is refused while locked, with a French page.
    locked = login_post(client, inhabitant.email, ip=IP_A)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Connexion bloquée pour le moment" in html
    assert "15 minutes" in html
    assert "_auth_user_id" not in client.session

    # The same person from another IP logs in fine.
    response = login_post(client, inhabitant.email, ip=IP_B)
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_another_account_from_the_same_ip_is_not_locked(client, inhabitant):
    other = UserFactory(email="dominique@exemple.fr")
    fail(client, inhabitant.email, 5)
    locked = login_post(client, inhabitant.email, ip=IP_A)  # the right password, refused
    assert locked.status_code == 429
    assert "Connexion bloquée pour le moment" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    response = login_post(client, other.email, ip=IP_A)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_lock_lifts_after_the_cool_off(client, inhabitant):
    """AXES_COOLOFF_TIME: 15 minutes after the last attempt, the right password works again
    (an attempt while locked, refused, counts as the last one)."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(client, inhabitant.email, 5)
        clock.shift(timedelta(minutes=14, seconds=59))
        assert login_post(client, inhabitant.email, ip=IP_A).status_code == 429
        clock.shift(timedelta(minutes=15, seconds=1))
        assert login_post(client, inhabitant.email, ip=IP_A).status_code == 302
    assert client.session["_auth_user_id"] == str(inhabitant.pk)


def test_lockout_is_keyed_on_normalised_email(client, inhabitant):
    fail(client, "CAMILLE@exemple.fr ", 5)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "camille@exemple.fr"
    assert login_post(client, inhabitant.email, ip=IP_A).status_code == 429


def test_success_resets_failures(client, inhabitant):
    fail(client, inhabitant.email, 4)
    assert login_post(client, inhabitant.email, ip=IP_A).status_code == 302
    client.post("/comptes/logout/")
    fail(client, inhabitant.email, 4)
    assert login_post(client, inhabitant.email, ip=IP_A).status_code == 302


def test_allauth_rate_limit_does_not_lock_account_across_ips(client, inhabitant, settings):
    """allauth's own login_failed limit is per IP only (no per-account key)."""
    for index in range(4):
        fail(client, inhabitant.email, 3, ip=f"203.0.113.{20 + index}")
    response = login_post(client, inhabitant.email, ip=IP_B)
    assert response.status_code == 302


def test_username_callable_reads_allauth_credentials(rf):
    request = rf.post("/comptes/login/", {"login": "Someone@Exemple.fr"})
    assert get_username(request, {"email": " A@B.fr", "password": "x"}) == "a@b.fr"
    assert get_username(request, {"login": "C@D.fr"}) == "c@d.fr"
    assert get_username(request, None) == "someone@exemple.fr"
    assert get_username(rf.get("/"), None) is None
