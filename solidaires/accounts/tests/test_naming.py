"""The one function that names a person: never the address (decision 1110); sign-up asks for it."""

from __future__ import annotations

import pytest

from solidaires.accounts.models import User
from solidaires.accounts.naming import NEUTRAL_NAME, person_name
from solidaires.accounts.tests.naming import SECRET_EMAIL, assert_named_without_address, nameless_user

pytestmark = pytest.mark.django_db

PASSPHRASE = "le vélo bleu dort au garage"


@pytest.mark.parametrize(
    ("display_name", "shown"),
    [("Camille", "Camille"), ("  Sami   B. ", "Sami B."), ("", str(NEUTRAL_NAME)), (None, str(NEUTRAL_NAME))],
)
def test_person_name(display_name, shown):
    assert person_name(display_name) == shown


def test_a_user_without_display_name_is_never_named_after_the_address():
    jeanne = nameless_user()
    assert str(jeanne) == jeanne.public_name == str(NEUTRAL_NAME)
    assert_named_without_address(str(jeanne))


def test_signup_asks_for_the_name_others_see(client):
    html = client.get("/comptes/signup/").content.decode()
    assert '<label for="id_display_name">Prénom ou nom affiché' in html
    assert "jamais montrée" in html
    assert html.index('id="id_display_name"') < html.index('id="id_email"')


def test_signup_without_a_name_is_refused_with_a_french_message(client):
    response = client.post(
        "/comptes/signup/",
        {"display_name": "   ", "email": SECRET_EMAIL, "password1": PASSPHRASE, "password2": PASSPHRASE},
    )
    assert response.status_code == 200
    assert "Indiquez un prénom ou un nom" in response.content.decode()
    assert not User.objects.filter(email=SECRET_EMAIL).exists()


def test_signup_saves_the_name(client):
    response = client.post(
        "/comptes/signup/",
        {
            "display_name": " Jeanne  ",
            "email": SECRET_EMAIL,
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email=SECRET_EMAIL).display_name == "Jeanne"


def test_profile_edits_the_name_and_says_what_an_empty_one_shows(client):
    jeanne = nameless_user()
    client.force_login(jeanne)
    html = client.get("/mon-compte/").content.decode()
    assert "Prénom ou nom affiché" in html
    assert f"« {NEUTRAL_NAME} »" in html
