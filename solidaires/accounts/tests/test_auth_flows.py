"""Sign-up with e-mail verification, login, logout, password rules, password reset and change."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from solidaires.accounts.models import Profile, User

from .helpers import PASSWORD, first_link, login_post, totp_code

pytestmark = pytest.mark.django_db

PASSPHRASE = "lune pomme vert"  # 15 characters of lower-case words


def signup(client, email="nouvelle@exemple.fr", password=PASSPHRASE, password2=None, display_name="Nouvelle"):
    return client.post(
        "/comptes/signup/",
        {
            "display_name": display_name,
            "email": email,
            "password1": password,
            "password2": password2 or password,
        },
    )


def test_signup_sends_french_confirmation_then_link_logs_in(client):
    response = signup(client)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject.startswith("[Solidaires] Bienvenue")
    assert "confirmer votre adresse e-mail" in message.body
    link = first_link(message.body)

    # Not logged in before confirming.
    assert client.get("/mon-compte/").status_code == 302

    page = client.get(link)
    assert page.status_code == 200
    assert "Oui, je confirme" in page.content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/mon-compte/").status_code == 200


def test_signup_page_is_french_and_labelled(client):
    html = client.get("/comptes/signup/").content.decode()
    assert "<h1>Créer un compte</h1>" in html
    assert '<label for="id_email">Adresse e-mail' in html
    assert '<label for="id_password1">Mot de passe' in html
    assert "12 caractères" in html
    assert 'lang="fr"' in html


@pytest.mark.parametrize("password", ["motdepasse", "password1234"])
def test_weak_passwords_are_refused_in_french(client, password):
    response = signup(client, password=password)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "trop court" in html or "trop courant" in html
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()
    # What was typed (the e-mail) is kept.
    assert 'value="nouvelle@exemple.fr"' in html


def test_common_password_of_twelve_characters_is_refused(client):
    html = signup(client, password="password1234").content.decode()
    assert "trop courant" in html


def test_passphrase_of_lower_case_words_is_accepted(client):
    response = signup(client, password="chat lune vert")  # 14 characters, no digit, no capital
    assert response.status_code == 302
    assert User.objects.filter(email="nouvelle@exemple.fr").exists()


def test_mismatched_passwords_say_so(client):
    html = signup(client, password2="autre chose encore").content.decode()
    assert "le même mot de passe" in html.lower()


def test_signup_with_existing_email_does_not_reveal_it(client, inhabitant):
    response = signup(client, email=inhabitant.email)
    assert response.status_code == 302  # same answer as a new address
    assert mail.outbox[-1].subject.startswith("[Solidaires] Vous avez déjà un compte")


def test_login_by_email_and_logout_by_post(client, inhabitant):
    page = client.get("/comptes/login/")
    html = page.content.decode()
    assert "<h1>Se connecter</h1>" in html
    assert '<label for="id_login">Adresse e-mail' in html
    assert "Mot de passe oublié" in html

    response = login_post(client, "Camille@Exemple.fr")
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200

    # GET shows a confirmation page and does not log out.
    assert client.get("/comptes/logout/").status_code == 200
    assert client.get("/mon-compte/").status_code == 200
    client.post("/comptes/logout/")
    assert client.get("/mon-compte/").status_code == 302


def test_wrong_password_gives_french_error(client, inhabitant):
    html = login_post(client, inhabitant.email, "pas le bon mot de passe").content.decode()
    assert "error-summary" in html
    assert "mot de passe sont incorrects" in html


def test_unverified_account_cannot_log_in(client):
    from .factories import UserFactory

    user = UserFactory(email="pas-verifie@exemple.fr", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = login_post(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert client.get("/mon-compte/").status_code == 302


def _reset_password(client, email, new_password):
    client.post("/comptes/password/reset/", {"email": email})
    message = mail.outbox[-1]
    assert message.subject == "[Solidaires] Choisir un nouveau mot de passe"
    link = first_link(message.body)
    page = client.get(link, follow=True)
    action = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(action, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302, response.content.decode()
    return response


def test_password_reset_then_login_with_new_password(client, inhabitant):
    _reset_password(client, inhabitant.email, "nouvelle phrase du matin")
    assert not client.session.get("_auth_user_id")
    response = login_post(client, inhabitant.email, "nouvelle phrase du matin")
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_password_reset_does_not_bypass_totp(client, agent):
    _reset_password(client, agent.email, "nouvelle phrase du matin")
    response = login_post(client, agent.email, "nouvelle phrase du matin")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/2fa/authenticate/"
    # Not logged in until the code is given.
    assert client.get("/mon-compte/").status_code == 302
    done = client.post("/comptes/2fa/authenticate/", {"code": totp_code(agent)})
    assert done.status_code == 302
    assert client.get("/mon-compte/").status_code == 200


def test_change_password(client, inhabitant):
    login_post(client, inhabitant.email)
    page = client.get("/comptes/password/change/")
    assert "<h1>Changer de mot de passe</h1>" in page.content.decode()
    bad = client.post(
        "/comptes/password/change/",
        {"oldpassword": "faux", "password1": "motdepasse", "password2": "motdepasse"},
    )
    assert bad.status_code == 200
    assert "error-summary" in bad.content.decode()
    ok = client.post(
        "/comptes/password/change/",
        {"oldpassword": PASSWORD, "password1": "le vélo bleu dort", "password2": "le vélo bleu dort"},
    )
    assert ok.status_code == 302
    inhabitant.refresh_from_db()
    assert inhabitant.check_password("le vélo bleu dort")
    assert mail.outbox[-1].subject == "[Solidaires] Votre mot de passe a été changé"
