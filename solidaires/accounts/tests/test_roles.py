"""Global roles: predicates, the audited role change, the operators' command."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from solidaires.accounts import rules as r
from solidaires.accounts.models import Role
from solidaires.accounts.services import user_set_role
from solidaires.core.models import AuditEntry

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("inhabitant", {"is_inhabitant", "is_verified_user"}),
        ("member", {"is_inhabitant", "is_verified_user"}),
        ("agent", {"is_agent", "is_verified_user"}),
        ("elected", {"is_elected", "is_verified_user"}),
        ("admin_user", {"is_agent", "is_platform_admin", "is_verified_user"}),
    ],
)
def test_predicates_by_persona(request, persona, expected):
    user = request.getfixturevalue(persona)
    names = ["is_inhabitant", "is_agent", "is_elected", "is_platform_admin", "is_verified_user"]
    assert {name for name in names if getattr(r, name)(user)} == expected


def test_predicates_for_anonymous_inactive_and_unverified():
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not any(
        p(anonymous) for p in (r.is_inhabitant, r.is_agent, r.is_platform_admin, r.is_verified_user)
    )
    inactive = UserFactory(role=Role.ADMIN, is_active=False, mfa=False)
    assert not r.is_platform_admin(inactive)
    unverified = UserFactory(verified=False)
    assert not r.is_verified_user(unverified)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False, primary=True)
    assert not r.is_verified_user(UserFactory._meta.model.objects.get(pk=unverified.pk))


def test_platform_admin_changes_role_with_audit(admin_user, inhabitant):
    user_set_role(user=inhabitant, role=Role.AGENT, by=admin_user)
    inhabitant.refresh_from_db()
    assert inhabitant.role == Role.AGENT
    entry = AuditEntry.objects.get(action="user.role_changed")
    assert entry.actor == admin_user
    assert entry.before["role"] == "inhabitant"
    assert entry.after["role"] == "agent"
    assert entry.target_id == str(inhabitant.pk)


def test_promotion_to_admin_gives_admin_site_access_and_back(admin_user, inhabitant):
    user_set_role(user=inhabitant, role=Role.ADMIN, by=admin_user)
    inhabitant.refresh_from_db()
    assert inhabitant.is_staff
    user_set_role(user=inhabitant, role=Role.ELECTED, by=admin_user)
    inhabitant.refresh_from_db()
    assert not inhabitant.is_staff


@pytest.mark.parametrize("persona", ["inhabitant", "agent", "elected", "manager"])
def test_others_cannot_change_roles(request, persona):
    by = request.getfixturevalue(persona)
    target = UserFactory()
    with pytest.raises(PermissionDenied):
        user_set_role(user=target, role=Role.ADMIN, by=by)
    assert not AuditEntry.objects.filter(action="user.role_changed").exists()


def test_unknown_role_and_own_role_are_refused(admin_user, inhabitant):
    with pytest.raises(ValidationError):
        user_set_role(user=inhabitant, role="king", by=admin_user)
    with pytest.raises(ValidationError):
        user_set_role(user=admin_user, role=Role.INHABITANT, by=admin_user)


def test_set_role_command(inhabitant, capsys):
    call_command("set_role", "CAMILLE@exemple.fr", "agent")
    inhabitant.refresh_from_db()
    assert inhabitant.role == Role.AGENT
    assert "inhabitant -> agent" in capsys.readouterr().out
    entry = AuditEntry.objects.get(action="user.role_changed")
    assert entry.actor is None


def test_set_role_command_errors(db):
    with pytest.raises(CommandError):
        call_command("set_role", "personne@nulle-part.fr", "agent")
    with pytest.raises(CommandError):
        call_command("set_role", "x@y.fr", "king")


def test_new_agent_must_set_up_two_factor(client, inhabitant):
    call_command("set_role", inhabitant.email, "agent")
    client.force_login(inhabitant)
    assert client.get("/").status_code == 302
