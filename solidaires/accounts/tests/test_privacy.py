"""Personal data: export (right of access) and erasure (right to erasure)."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail

from solidaires.accounts import privacy
from solidaires.accounts.models import Profile, User
from solidaires.accounts.services import profile_update, user_erase
from solidaires.core import audit
from solidaires.core.models import AuditEntry, Theme

from .factories import UserFactory
from .helpers import PASSWORD, first_link, login_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_member(member, valence):
    profile_update(
        user=member,
        data={
            "commune": valence,
            "birth_year": 1985,
            "skills": "vélo, mécanique",
            "interests": Theme.objects.filter(slug="mobilite"),
            "availability": ["sat-morning"],
            "languages": ["fr"],
            "other_languages": "occitan",
        },
    )
    audit.record(actor=member, action="mission.created")
    return member


def test_privacy_page_explains_and_links_export_and_delete(client, inhabitant):
    client.force_login(inhabitant)
    html = client.get("/mon-compte/donnees/").content.decode()
    assert "Ce que nous gardons sur vous" in html
    assert "/mon-compte/donnees/export.json" in html
    assert "/mon-compte/supprimer/" in html


def test_export_contains_account_profile_emails_memberships_and_audit(client, filled_member, bicyclette):
    client.force_login(filled_member)
    response = client.get("/mon-compte/donnees/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="solidaires-mes-donnees-')
    data = json.loads(response.content)
    assert data["format_version"] == 1
    assert data["account"]["email"] == "lou@bicyclette.exemple.fr"
    assert data["account"]["display_name"] == "Lou"
    assert data["profile"]["commune"] == {"insee": "26362", "name": "Valence"}
    assert data["profile"]["birth_year"] == 1985
    assert data["profile"]["skills"] == ["vélo", "mécanique"]
    assert data["profile"]["interests"] == ["Mobilité"]
    assert data["profile"]["languages"] == ["fr", "occitan"]
    assert data["profile"]["notification_preferences"]["email_messages"] is True
    assert data["email_addresses"] == [
        {"email": "lou@bicyclette.exemple.fr", "verified": True, "primary": True}
    ]
    assert data["associations"]["memberships"][0]["association"] == "La Bicyclette Bleue"
    assert "claims" in data["associations"]
    assert [entry["action"] for entry in data["audit_actions"]] == ["mission.created"]
    assert data["audit_actions"][0]["label"] == "Mission créée"  # issue 11: French labels
    # No secrets.
    body = response.content.decode()
    assert "password" not in body
    assert "secret" not in body


def test_export_never_contains_totp_secret(client, agent):
    client.force_login(agent)
    data = client.get("/mon-compte/donnees/export.json").json()
    assert data["two_factor"]["authenticators"][0]["type"] == "totp"
    secret = Authenticator.objects.get(user=agent, type="totp").data["secret"]
    assert secret not in json.dumps(data)


def test_registered_exporter_appears_in_export(client, inhabitant):
    privacy.register_exporter("test_part", lambda user: {"hello": user.pk})
    try:
        client.force_login(inhabitant)
        assert client.get("/mon-compte/donnees/export.json").json()["test_part"] == {"hello": inhabitant.pk}
    finally:
        privacy._exporters.pop("test_part")


def test_delete_page_asks_for_password_and_confirmation(client, member):
    client.force_login(member)
    page = client.get("/mon-compte/supprimer/").content.decode()
    assert "Ce qui sera effacé" in page
    assert "Ce qui sera gardé, sans votre nom" in page
    assert "La Bicyclette Bleue" in page

    wrong = client.post("/mon-compte/supprimer/", {"password": "pas le bon", "confirm": "on"})
    assert wrong.status_code == 200
    assert "mot de passe n&#x27;est pas le bon." in wrong.content.decode()
    unconfirmed = client.post("/mon-compte/supprimer/", {"password": PASSWORD})
    assert "Cochez cette case pour confirmer." in unconfirmed.content.decode()
    member.refresh_from_db()
    assert member.erased_at is None


def test_erasure_through_the_page(client, filled_member, inhabitant, bicyclette):
    other_session = type(client)()
    other_session.force_login(filled_member)
    client.force_login(filled_member)
    user_id = filled_member.pk

    response = client.post("/mon-compte/supprimer/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    user = User.objects.get(pk=user_id)
    assert user.email == f"erased-{user_id}@erased.invalid"
    assert user.display_name == "Compte supprimé"
    assert str(user) == "Compte supprimé"
    assert not user.has_usable_password()
    assert not user.is_active
    assert user.erased_at is not None
    profile = Profile.objects.get(user=user)
    assert (profile.commune, profile.birth_year, profile.skills, profile.languages) == (None, None, [], [])
    assert profile.availability == {}
    assert not profile.interests.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not user.memberships.exists()
    # The audit journal keeps its references (the row is kept) and records the erasure.
    entry = AuditEntry.objects.get(action="user.erased")
    assert entry.actor_id == user_id
    assert entry.target_id == str(user_id)
    assert AuditEntry.objects.filter(action="mission.created", actor_id=user_id).exists()

    # Logged out here and on every other device.
    assert client.get("/mon-compte/").status_code == 302
    assert other_session.get("/mon-compte/").status_code == 302
    # Cannot log in again.
    assert login_post(client, "lou@bicyclette.exemple.fr").status_code == 200

    # Other people are untouched.
    inhabitant.refresh_from_db()
    assert inhabitant.email == "camille@exemple.fr" and inhabitant.is_active
    assert EmailAddress.objects.filter(user=inhabitant, verified=True).exists()


def test_erased_address_can_sign_up_again(client, member):
    user_erase(user=member, by=member)
    mail.outbox.clear()
    response = client.post(
        "/comptes/signup/",
        {
            "display_name": "Lou",
            "email": "lou@bicyclette.exemple.fr",
            "password1": "nouveau départ ici",
            "password2": "nouveau départ ici",
        },
    )
    assert response.status_code == 302
    assert mail.outbox[0].subject.startswith("[Solidaires] Bienvenue")
    client.post(first_link(mail.outbox[0].body))
    assert client.get("/mon-compte/").status_code == 200
    assert User.objects.filter(email="lou@bicyclette.exemple.fr").count() == 1


def test_erasure_removes_totp_and_is_idempotent(agent):
    user_erase(user=agent, by=None)
    assert not Authenticator.objects.filter(user=agent).exists()
    user_erase(user=agent, by=None)
    assert AuditEntry.objects.filter(action="user.erased").count() == 1


def test_only_self_or_platform_admin_may_erase(inhabitant, admin_user, agent):
    from django.core.exceptions import PermissionDenied

    other = UserFactory()
    with pytest.raises(PermissionDenied):
        user_erase(user=other, by=inhabitant)
    with pytest.raises(PermissionDenied):
        user_erase(user=other, by=agent)
    user_erase(user=other, by=admin_user)
    other.refresh_from_db()
    assert other.is_erased


def test_registered_eraser_runs_before_anonymisation(inhabitant):
    seen = []

    def eraser(*, user, by):
        seen.append((user.email, by))

    privacy.register_eraser(eraser)
    try:
        user_erase(user=inhabitant, by=None)
    finally:
        privacy._erasers.pop(f"{eraser.__module__}.{eraser.__qualname__}")
    assert seen == [("camille@exemple.fr", None)]
