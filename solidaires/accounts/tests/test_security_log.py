"""Authentication events are logged with the user id and UTC time, never the e-mail or password."""

from __future__ import annotations

import logging
import re

import pytest

from .helpers import PASSWORD, login_post, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="solidaires.security")
    return caplog


def events(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "solidaires.security"]


def test_login_failure_success_logout_are_logged_without_email(client, inhabitant, security_log):
    login_post(client, inhabitant.email, "un mauvais essai ici")
    login_post(client, inhabitant.email)
    client.post("/comptes/logout/")
    lines = events(security_log)
    assert lines[0].startswith(f"event=login.failure user_id={inhabitant.pk} at=")
    assert re.search(r"at=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lines[0])
    assert any(line.startswith(f"event=login.success user_id={inhabitant.pk}") for line in lines)
    assert any(line.startswith(f"event=logout user_id={inhabitant.pk}") for line in lines)
    text = "\n".join(lines)
    assert inhabitant.email not in text
    assert "un mauvais essai" not in text
    assert PASSWORD not in text


def test_unknown_account_failure_is_logged_without_id(client, security_log):
    login_post(client, "inconnu@exemple.fr", "un mauvais essai ici")
    assert events(security_log)[0].startswith("event=login.failure user_id=- at=")
    assert "inconnu" not in "\n".join(events(security_log))


def test_lockout_is_logged(client, inhabitant, security_log):
    for _ in range(5):
        login_post(client, inhabitant.email, "un mauvais essai ici")
    assert any(
        line.startswith(f"event=login.lockout user_id={inhabitant.pk}") for line in events(security_log)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_password_change_and_two_factor_events(client, inhabitant, agent, security_log):
    """Real commits: allauth sends its MFA signals on commit, inside the request."""
    login_post(client, inhabitant.email)
    client.post(
        "/comptes/password/change/",
        {"oldpassword": PASSWORD, "password1": "le vélo bleu dort", "password2": "le vélo bleu dort"},
    )
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    client.get("/comptes/2fa/totp/activate/")
    import time

    code = format_hotp_value(hotp_value(client.session[SECRET_SESSION_KEY], int(time.time()) // 30))
    client.post("/comptes/2fa/totp/activate/", {"code": code})
    other = type(client)()
    login_post(other, agent.email)
    other.post("/comptes/2fa/authenticate/", {"code": "000000"})
    other.post("/comptes/2fa/authenticate/", {"code": totp_code(agent)})
    lines = events(security_log)
    assert any(line.startswith(f"event=password.changed user_id={inhabitant.pk}") for line in lines)
    assert any(
        line.startswith(f"event=mfa.added user_id={inhabitant.pk}") and "type=totp" in line for line in lines
    )
    assert any(line.startswith(f"event=mfa.failure user_id={agent.pk}") for line in lines)
    assert any(line.startswith(f"event=login.success user_id={agent.pk}") for line in lines)
