"""Export and erasure of a person's data held by the associations app."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from solidaires.associations import privacy
from solidaires.associations.models import Association, Claim, Invitation, Membership
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_registered_with_the_accounts_registry():
    accounts_privacy = pytest.importorskip("solidaires.accounts.privacy")
    assert "associations" in accounts_privacy.exporter_names()


def test_export(bicyclette, manager, inhabitant):
    Claim.objects.create(association=bicyclette, user=inhabitant, message="C'est moi")
    data = privacy.export_user_data(manager)
    assert data["memberships"][0]["association"] == "La Bicyclette Bleue"
    assert data["memberships"][0]["role"] == "Responsable"
    json.dumps(data, cls=DjangoJSONEncoder)
    assert privacy.export_user_data(inhabitant)["claims"][0]["message"] == "C'est moi"


def test_erase_flags_an_association_without_manager(bicyclette, manager, member, agent):
    Association.objects.filter(pk=bicyclette.pk).update(created_by=manager, verified_by=manager)
    Invitation.objects.create(
        association=bicyclette,
        email="x@exemple.fr",
        token="t" * 64,
        invited_by=manager,
        expires_at="2030-01-01T00:00Z",
    )
    privacy.erase_user_data(user=manager, by=agent)
    bicyclette.refresh_from_db()
    assert not Membership.objects.filter(user=manager).exists()
    assert Membership.objects.filter(user=member).exists()
    assert bicyclette.created_by is None and bicyclette.verified_by is None
    assert Invitation.objects.get().invited_by is None
    assert bicyclette.managerless_since is not None
    assert AuditEntry.objects.filter(action="association.managerless").count() == 1
    privacy.erase_user_data(user=manager, by=agent)  # idempotent
    assert AuditEntry.objects.filter(action="association.managerless").count() == 1


def test_erase_keeps_associations_with_another_manager(bicyclette, manager):
    from solidaires.associations.tests.factories import ManagerFactory

    ManagerFactory(association=bicyclette)
    privacy.erase_user_data(user=manager, by=None)
    bicyclette.refresh_from_db()
    assert bicyclette.managerless_since is None


def test_managerless_shown_to_agents_and_cleared_by_a_claim(client, bicyclette, manager, agent, inhabitant):
    from solidaires.associations import services

    privacy.erase_user_data(user=manager, by=None)
    client.force_login(agent)
    assert "sans responsable" in client.get("/espace-agents/").content.decode()
    claim = services.association_claim(association=bicyclette, by=inhabitant, message="Je reprends")
    services.claim_approve(claim=claim, by=agent)
    assert Association.objects.get(pk=bicyclette.pk).managerless_since is None


def test_unrelated_people_untouched(bicyclette, manager, inhabitant):
    other = AssociationFactory()
    privacy.erase_user_data(user=inhabitant, by=None)
    assert Membership.objects.filter(user=manager).exists()
    assert Association.objects.get(pk=other.pk).managerless_since is None
