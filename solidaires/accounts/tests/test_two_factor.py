"""TOTP required for agents and administrators, offered to everyone."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse

from .factories import AdminFactory, AgentFactory, UserFactory
from .helpers import login_post, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE_URL = "/comptes/2fa/totp/activate/"


def test_activation_url_name_matches_middleware():
    assert reverse("mfa_activate_totp") == ACTIVATE_URL


@pytest.mark.parametrize("factory", [AgentFactory, AdminFactory])
@pytest.mark.parametrize("path", ["/", "/mon-compte/", "/mon-compte/securite/", "/associations/"])
def test_agent_or_admin_without_totp_is_redirected_from_any_page(client, factory, path):
    client.force_login(factory(mfa=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE_URL


def test_api_answers_403_instead_of_redirect(client):
    client.force_login(AgentFactory(mfa=False))
    response = client.get("/api/v1/")
    assert response.status_code == 403


def test_activation_page_and_logout_stay_reachable_and_explain_why(client):
    agent = AgentFactory(mfa=False)
    login_post(client, agent.email)  # a real login, so no re-authentication is asked
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pourquoi cette étape ?" in html
    assert "obligatoire" in html
    assert "data:image/svg+xml;base64," in html
    response = client.post("/comptes/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_agent_activates_totp_then_reaches_pages(client):
    agent = AgentFactory(mfa=False)
    login_post(client, agent.email)
    client.get(ACTIVATE_URL)
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    secret = client.session[SECRET_SESSION_KEY]
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ACTIVATE_URL, {"code": code})
    assert response.status_code == 302
    assert is_mfa_enabled(agent)
    assert client.get("/mon-compte/").status_code == 200


def test_agent_with_totp_must_pass_totp_stage(client, agent):
    response = login_post(client, agent.email)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/authenticate/"
    assert client.get("/mon-compte/").status_code == 302  # not logged in yet

    page = client.get("/comptes/2fa/authenticate/")
    assert "Saisissez votre code" in page.content.decode()
    wrong = client.post("/comptes/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "error-summary" in wrong.content.decode()

    done = client.post("/comptes/2fa/authenticate/", {"code": totp_code(agent)})
    assert done.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_inhabitant_is_not_forced(client, inhabitant):
    response = login_post(client, inhabitant.email)
    assert response.status_code == 302
    assert response["Location"] == "/mon-compte/" or response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/mon-compte/").status_code == 200


def test_inhabitant_may_activate_and_deactivate(client, inhabitant):
    login_post(client, inhabitant.email)
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    assert "Pourquoi cette étape ?" not in page.content.decode()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(inhabitant, generate_totp_secret())
    response = client.post("/comptes/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=inhabitant, type="totp").exists()


def test_agent_cannot_deactivate_totp(client, agent):
    login_post(client, agent.email)
    client.post("/comptes/2fa/authenticate/", {"code": totp_code(agent)})
    page = client.get("/comptes/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert "ne pouvez pas la désactiver" in page.content.decode()
    client.post("/comptes/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=agent, type="totp").exists()


def test_security_page_shows_status(client, inhabitant, agent):
    client.force_login(inhabitant)
    html = client.get("/mon-compte/securite/").content.decode()
    assert "Non activée" in html
    assert ACTIVATE_URL in html
    assert "/comptes/password/change/" in html
    client.force_login(agent)
    html = client.get("/mon-compte/securite/").content.decode()
    assert "Activée" in html
    assert "ne peut pas être désactivée" in html
    assert "Codes de récupération" in html


def test_superuser_requires_two_factor():
    user = UserFactory(is_superuser=True, mfa=False)
    assert user.requires_two_factor
