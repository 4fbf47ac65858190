"""Every account page x every role: anonymous people are sent to login, everyone else gets their own page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ROLES

pytestmark = pytest.mark.django_db

PAGES = ["accounts:profile", "accounts:security", "accounts:privacy", "accounts:export", "accounts:delete"]


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("name", PAGES)
def test_account_pages_by_role(as_role, name):
    client, user = as_role
    url = reverse(name)
    response = client.get(url)
    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/?next=")
        return
    assert response.status_code == 200
    if name == "accounts:export":
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["account"]["email"] == user.email
    else:
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert "<title>" in html


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize(
    "url",
    [
        "/comptes/login/",
        "/comptes/signup/",
        "/comptes/password/reset/",
        "/comptes/password/change/",
        "/comptes/logout/",
        "/comptes/2fa/",
        "/comptes/email/",
    ],
)
def test_allauth_pages_by_role_use_our_layout(as_role, url):
    client, _user = as_role
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert 'class="skip-link"' in html
    assert html.count("<h1") == 1


def test_pages_have_distinct_titles(client, inhabitant):
    client.force_login(inhabitant)
    titles = set()
    for url in ["/mon-compte/", "/mon-compte/securite/", "/mon-compte/donnees/", "/mon-compte/supprimer/"]:
        html = client.get(url).content.decode()
        titles.add(html.split("<title>")[1].split("</title>")[0])
    client.logout()
    for url in ["/comptes/login/", "/comptes/signup/", "/comptes/password/reset/"]:
        html = client.get(url).content.decode()
        titles.add(html.split("<title>")[1].split("</title>")[0])
    assert len(titles) == 7


def test_post_only_where_expected(client, inhabitant):
    client.force_login(inhabitant)
    assert client.post(reverse("accounts:security")).status_code == 405
    assert client.post(reverse("accounts:export")).status_code == 405
