"""Services: creation, edition, verification, claims, invitations, memberships."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.associations import services
from solidaires.associations.models import (
    Association,
    AssociationStatus,
    Claim,
    ClaimStatus,
    Invitation,
    Membership,
    MembershipRole,
)
from solidaires.associations.tests.factories import AssociationFactory, ManagerFactory, MembershipFactory
from solidaires.associations.tests.helpers import VALID_SIRET, association_data
from solidaires.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def actions_for(obj):
    return list(
        AuditEntry.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# Creation -----------------------------------------------------------------------------------


def test_create_makes_the_creator_manager_and_pending(inhabitant, valence):
    association = services.association_create(by=inhabitant, data=association_data(valence))
    assert association.status == AssociationStatus.PENDING
    assert association.slug == "les-jardins-partages-du-polygone"
    assert association.created_by == inhabitant
    assert Membership.objects.get(association=association, user=inhabitant).role == MembershipRole.MANAGER
    assert " jardin " in association.search_document
    assert " valenc " in association.search_document
    assert association.sort_name == "les jardins partages du polygone"
    assert actions_for(association) == ["association.created"]


def test_create_normalises_rna(inhabitant, valence):
    association = services.association_create(
        by=inhabitant, data=association_data(valence, rna=" w261 000-123 ")
    )
    assert association.rna == "W261000123"


def test_create_requires_a_verified_email(valence):
    unverified = UserFactory(verified=False)
    with pytest.raises(PermissionDenied):
        services.association_create(by=unverified, data=association_data(valence))


def test_informal_group_needs_no_identifier(inhabitant, valence):
    association = services.association_create(
        by=inhabitant, data=association_data(valence, legal_form="collectif_informel", rna="")
    )
    assert association.rna == ""


def test_other_legal_forms_need_rna_or_siret(inhabitant, valence):
    with pytest.raises(ValidationError) as exc:
        services.association_create(by=inhabitant, data=association_data(valence, rna=""))
    assert "RNA ou le SIRET" in exc.value.message_dict["rna"][0]
    association = services.association_create(
        by=inhabitant, data=association_data(valence, rna="", siret=VALID_SIRET)
    )
    assert association.siret == VALID_SIRET


def test_duplicate_rna_points_to_the_existing_association(inhabitant, valence):
    AssociationFactory(name="Déjà là", rna="W261000123")
    with pytest.raises(ValidationError) as exc:
        services.association_create(by=inhabitant, data=association_data(valence))
    assert "Déjà là" in exc.value.message_dict["rna"][0]


def test_slug_is_unique_and_avoids_reserved_words(inhabitant, valence):
    first = services.association_create(
        by=inhabitant, data=association_data(valence, rna="", legal_form="collectif_informel")
    )
    second = services.association_create(
        by=inhabitant, data=association_data(valence, rna="", legal_form="collectif_informel")
    )
    assert second.slug == f"{first.slug}-2"
    reserved = services.association_create(
        by=inhabitant,
        data=association_data(valence, name="Nouvelle", rna="", legal_form="collectif_informel"),
    )
    assert reserved.slug != "nouvelle"


def test_create_needs_a_theme(inhabitant, valence):
    with pytest.raises(ValidationError):
        services.association_create(by=inhabitant, data=association_data(valence, themes=[]))


# Update ---------------------------------------------------------------------------------------


def test_manager_updates_and_search_document_follows(bicyclette, manager, valence):
    services.association_update(
        association=bicyclette,
        by=manager,
        data={
            "name": "La Bicyclette Verte",
            "themes": ["mobilite", "environnement"],
            "communes": [valence.insee],
        },
    )
    bicyclette.refresh_from_db()
    assert bicyclette.name == "La Bicyclette Verte"
    assert " vert " in bicyclette.search_document
    assert " environ" in bicyclette.search_document
    assert " valenc " in bicyclette.search_document
    assert " roman " in bicyclette.search_document  # head office kept
    entry = AuditEntry.objects.filter(action="association.updated").get()
    assert entry.before["name"] == "La Bicyclette Bleue"
    assert entry.after["name"] == "La Bicyclette Verte"


@pytest.mark.parametrize("role", ["inhabitant", "member", "elected"])
def test_others_cannot_update(request, bicyclette, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.association_update(association=bicyclette, by=user, data={"name": "Piratée"})


def test_agent_can_update(bicyclette, agent):
    services.association_update(association=bicyclette, by=agent, data={"acronym": "LBB"})
    bicyclette.refresh_from_db()
    assert bicyclette.acronym == "LBB"


def test_editing_a_rejected_association_resubmits_it(inhabitant, valence, agent):
    association = services.association_create(by=inhabitant, data=association_data(valence))
    services.association_reject(association=association, by=agent, reason="RNA introuvable")
    services.association_update(association=association, by=inhabitant, data={"rna": "W261000124"})
    association.refresh_from_db()
    assert association.status == AssociationStatus.PENDING
    assert "association.resubmitted" in actions_for(association)


# Verification state machine -------------------------------------------------------------------


@pytest.fixture
def pending(inhabitant, valence):
    return services.association_create(by=inhabitant, data=association_data(valence))


def test_verify_pending(pending, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.association_verify(association=pending, by=agent)
    pending.refresh_from_db()
    assert pending.status == AssociationStatus.VERIFIED
    assert pending.verified_by == agent
    assert pending.verified_at is not None
    entry = AuditEntry.objects.get(action="association.verified")
    assert entry.before == {"status": "pending"}
    assert entry.after == {"status": "verified"}
    assert len(mail.outbox) == 1
    assert "vérifié" in mail.outbox[0].body
    assert mail.outbox[0].to == [pending.created_by.email]


def test_verify_twice_is_refused(pending, agent):
    services.association_verify(association=pending, by=agent)
    with pytest.raises(ValidationError, match="déjà vérifiée"):
        services.association_verify(association=pending, by=agent)
    assert AuditEntry.objects.filter(action="association.verified").count() == 1


def test_reject_needs_a_reason_and_tells_the_managers(pending, agent, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        services.association_reject(association=pending, by=agent, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.association_reject(association=pending, by=agent, reason="Le RNA ne correspond pas.")
    pending.refresh_from_db()
    assert pending.status == AssociationStatus.REJECTED
    assert pending.rejection_reason == "Le RNA ne correspond pas."
    assert "Le RNA ne correspond pas." in mail.outbox[-1].body


def test_a_verified_association_cannot_be_rejected(bicyclette, agent):
    with pytest.raises(ValidationError, match="vérifiée ne peut pas"):
        services.association_reject(association=bicyclette, by=agent, reason="Non")
    bicyclette.refresh_from_db()
    assert bicyclette.status == AssociationStatus.VERIFIED


def test_reject_twice_is_refused_but_verify_after_reject_is_allowed(pending, agent):
    services.association_reject(association=pending, by=agent, reason="Incomplet")
    with pytest.raises(ValidationError, match="déjà été refusée"):
        services.association_reject(association=pending, by=agent, reason="Encore")
    services.association_verify(association=pending, by=agent)
    pending.refresh_from_db()
    assert pending.status == AssociationStatus.VERIFIED
    assert pending.rejection_reason == ""


@pytest.mark.parametrize("role", ["inhabitant", "member", "manager", "elected"])
def test_only_agents_verify(request, pending, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.association_verify(association=pending, by=user)
    with pytest.raises(PermissionDenied):
        services.association_reject(association=pending, by=user, reason="x")


def test_admin_can_verify(pending, admin_user):
    services.association_verify(association=pending, by=admin_user)
    assert Association.objects.get(pk=pending.pk).is_verified


def test_bulk_verify_skips_verified(pending, bicyclette, agent):
    done = services.associations_verify_bulk(associations=[pending, bicyclette], by=agent)
    assert [a.pk for a in done] == [pending.pk]


# Claims -----------------------------------------------------------------------------------------


def test_claim_then_approve_makes_a_manager(
    bicyclette, inhabitant, agent, django_capture_on_commit_callbacks
):
    claim = services.association_claim(
        association=bicyclette, by=inhabitant, message="Je suis la présidente."
    )
    with pytest.raises(ValidationError, match="déjà une demande"):
        services.association_claim(association=bicyclette, by=inhabitant, message="Encore moi")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_approve(claim=claim, by=agent)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == agent
    assert Membership.objects.get(association=bicyclette, user=inhabitant).role == MembershipRole.MANAGER
    assert "claim.approved" in actions_for(claim)
    assert mail.outbox[-1].to == [inhabitant.email]
    with pytest.raises(ValidationError, match="déjà été traitée"):
        services.claim_reject(claim=claim, by=agent)


def test_claim_reject(bicyclette, inhabitant, agent):
    claim = services.association_claim(association=bicyclette, by=inhabitant, message="Moi")
    services.claim_reject(claim=claim, by=agent)
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED
    assert not Membership.objects.filter(user=inhabitant).exists()
    # Once decided, a new claim may be made.
    services.association_claim(association=bicyclette, by=inhabitant, message="Je réessaie")


def test_members_cannot_claim(bicyclette, member):
    with pytest.raises(ValidationError, match="déjà membre"):
        services.association_claim(association=bicyclette, by=member, message="")


@pytest.mark.parametrize("role", ["inhabitant", "manager", "elected"])
def test_only_agents_decide_claims(request, bicyclette, role):
    claim = services.association_claim(association=bicyclette, by=UserFactory(), message="")
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, by=request.getfixturevalue(role))


# Invitations ------------------------------------------------------------------------------------


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invitation_create, with its on-commit e-mail sent at once."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(**kwargs)

    return run


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    return body.split("/associations/invitations/")[1].split("/")[0]


def test_invitation_flow(bicyclette, manager, invite):
    guest = UserFactory(email="invitee@exemple.fr")
    invitation = invite(
        association=bicyclette, email="Invitee@Exemple.fr", role=MembershipRole.MEMBER, by=manager
    )
    assert invitation.email == "invitee@exemple.fr"
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    assert mail.outbox[-1].to == ["invitee@exemple.fr"]
    token = _token_from_mail()
    assert invitation.token != token  # only a hash is stored
    membership = services.invitation_accept(token=token, user=guest)
    assert membership.role == MembershipRole.MEMBER
    with pytest.raises(ValidationError, match="déjà été utilisée"):
        services.invitation_accept(token=token, user=guest)


def test_invitation_expired(bicyclette, manager, invite):
    guest = UserFactory(email="invitee@exemple.fr")
    invitation = invite(association=bicyclette, email=guest.email, role="member", by=manager)
    token = _token_from_mail()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="expiré"):
        services.invitation_accept(token=token, user=guest)
    assert not Membership.objects.filter(user=guest).exists()


def test_invitation_wrong_email(bicyclette, manager, inhabitant, invite):
    invite(association=bicyclette, email="autre@exemple.fr", role="manager", by=manager)
    with pytest.raises(ValidationError, match="autre adresse"):
        services.invitation_accept(token=_token_from_mail(), user=inhabitant)


def test_invitation_needs_the_address_verified(bicyclette, manager, invite):
    guest = UserFactory(email="pasconfirme@exemple.fr", verified=False)
    invite(association=bicyclette, email=guest.email, role="member", by=manager)
    with pytest.raises(ValidationError):
        services.invitation_accept(token=_token_from_mail(), user=guest)


def test_unknown_token(inhabitant):
    with pytest.raises(ValidationError):
        services.invitation_accept(token="nope", user=inhabitant)


@pytest.mark.parametrize("role", ["member", "inhabitant", "agent"])
def test_only_managers_invite(request, bicyclette, role, invite):
    with pytest.raises(PermissionDenied):
        invite(association=bicyclette, email="x@exemple.fr", role="member", by=request.getfixturevalue(role))


def test_inviting_a_member_again_is_refused(bicyclette, manager, member, invite):
    with pytest.raises(ValidationError):
        invite(association=bicyclette, email=member.email, role="member", by=manager)


def test_new_invitation_replaces_the_open_one(bicyclette, manager, invite):
    invite(association=bicyclette, email="x@exemple.fr", role="member", by=manager)
    invite(association=bicyclette, email="x@exemple.fr", role="manager", by=manager)
    assert Invitation.objects.filter(association=bicyclette).count() == 1


# Memberships -------------------------------------------------------------------------------------


def test_last_manager_cannot_be_demoted_or_removed(bicyclette, manager):
    membership = Membership.objects.get(user=manager)
    with pytest.raises(ValidationError, match="au moins un"):
        services.membership_set_role(membership=membership, role=MembershipRole.MEMBER, by=manager)
    with pytest.raises(ValidationError, match="dernière responsable"):
        services.membership_remove(membership=membership, by=manager)
    assert Membership.objects.get(user=manager).role == MembershipRole.MANAGER


def test_promote_then_step_down(bicyclette, manager, member):
    other = Membership.objects.get(user=member)
    services.membership_set_role(membership=other, role=MembershipRole.MANAGER, by=manager)
    mine = Membership.objects.get(user=manager)
    services.membership_set_role(membership=mine, role=MembershipRole.MEMBER, by=manager)
    assert Membership.objects.get(user=manager).role == MembershipRole.MEMBER
    entries = AuditEntry.objects.filter(action="membership.role_changed").order_by("id")
    assert [e.after["role"] for e in entries] == ["manager", "member"]


def test_remove_member(bicyclette, manager, member):
    services.membership_remove(membership=Membership.objects.get(user=member), by=manager)
    assert not Membership.objects.filter(user=member).exists()
    assert AuditEntry.objects.filter(action="membership.removed").exists()


def test_members_cannot_manage_members(bicyclette, manager, member):
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            membership=Membership.objects.get(user=manager), role=MembershipRole.MEMBER, by=member
        )
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=Membership.objects.get(user=manager), by=member)


def test_manager_of_another_association_cannot_manage(bicyclette, member):
    other = ManagerFactory().user
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=Membership.objects.get(user=member), by=other)


def test_two_managers_one_left(bicyclette, manager):
    second = MembershipFactory(association=bicyclette, role=MembershipRole.MANAGER)
    services.membership_remove(membership=second, by=manager)
    assert Membership.objects.filter(association=bicyclette, role=MembershipRole.MANAGER).count() == 1
