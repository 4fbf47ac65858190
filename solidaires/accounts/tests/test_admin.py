"""Django admin: reached through allauth's login (TOTP included), e-mail based user admin."""

from __future__ import annotations

import pytest

from .helpers import login_post, totp_code

pytestmark = pytest.mark.django_db


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_admin_needs_totp_then_sees_user_admin(client, admin_user, inhabitant):
    response = login_post(client, admin_user.email)
    assert response["Location"] == "/comptes/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    client.post("/comptes/2fa/authenticate/", {"code": totp_code(admin_user)})
    changelist = client.get("/admin/accounts/user/")
    assert changelist.status_code == 200
    assert "camille@exemple.fr" in changelist.content.decode()
    change = client.get(f"/admin/accounts/user/{inhabitant.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert 'name="first_name"' not in html
    assert 'name="username"' not in html
    assert "profile-0-birth_year" in html or 'name="profile-0-birth_year"' in html
    add = client.get("/admin/accounts/user/add/")
    assert add.status_code == 200


def test_users_cannot_be_deleted_from_admin(client, admin_user, inhabitant):
    client.force_login(admin_user)
    response = client.get(f"/admin/accounts/user/{inhabitant.pk}/delete/")
    assert response.status_code == 403


def test_non_staff_is_refused(client, inhabitant):
    client.force_login(inhabitant)
    assert client.get("/admin/login/").status_code == 403
