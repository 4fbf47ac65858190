"""What people see and do on the association pages (through HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.associations import selectors
from solidaires.associations.models import Association, AssociationStatus, Claim, Invitation, Membership
from solidaires.associations.tests.factories import AssociationFactory
from solidaires.associations.tests.helpers import form_post
from solidaires.core.models import AuditEntry
from solidaires.territory.tests.factories import CommuneFactory, link_distance

pytestmark = pytest.mark.django_db


# The association page ---------------------------------------------------------------------------


def test_page_shows_the_facts(client, bicyclette, valence):
    Association.objects.filter(pk=bicyclette.pk).update(
        acronym="LBB",
        siret="73282932000074",
        description="Atelier vélo <script>alert(1)</script>\nLe samedi matin.",
        contact_email="bonjour@bicyclette.exemple.fr",
        website="https://bicyclette.exemple.fr",
    )
    bicyclette.communes.add(valence)
    html = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "<h1>La Bicyclette Bleue" in html
    assert "(LBB)" in html
    assert "Association vérifiée par l'Agglo" in html  # text, not colour alone
    assert "Association loi 1901" in html
    assert bicyclette.rna in html
    assert "73282932000074" in html
    assert "Mobilité" in html and "Réparation, réemploi et recyclerie" in html
    assert "Romans-sur-Isère" in html and "Valence" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Le samedi matin." in html
    assert "mailto:bonjour@bicyclette.exemple.fr" in html
    assert "https://bicyclette.exemple.fr" in html


def test_actions_by_role(client, bicyclette, manager, member, inhabitant, agent):
    url = bicyclette.get_absolute_url()
    html = client.get(url).content.decode()
    assert "/modifier/" not in html
    assert "C'est mon association" in html  # leads to the login page first
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "/modifier/" in html and "Gérer les membres" in html and "C'est mon association" not in html
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "/modifier/" not in html and "Gérer les membres" not in html
    client.force_login(inhabitant)
    html = client.get(url).content.decode()
    assert "C'est mon association" in html and "/modifier/" not in html
    client.force_login(agent)
    html = client.get(url).content.decode()
    assert "/modifier/" in html and "Actions des agents" in html and "/historique/" in html


def test_pending_page_says_so_and_offers_agent_actions(client, bicyclette, agent):
    Association.objects.filter(pk=bicyclette.pk).update(status=AssociationStatus.PENDING)
    client.force_login(agent)
    html = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "En attente de vérification" in html
    assert f"/espace-agents/associations/{bicyclette.slug}/verifier/" in html
    assert f"/espace-agents/associations/{bicyclette.slug}/refuser/" in html


def test_rejected_page_shows_the_reason_to_managers(client, bicyclette, manager):
    Association.objects.filter(pk=bicyclette.pk).update(
        status=AssociationStatus.REJECTED, rejection_reason="Le RNA ne correspond pas."
    )
    client.force_login(manager)
    html = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "Le RNA ne correspond pas." in html
    assert "repassera en vérification" in html


# Related associations ----------------------------------------------------------------------------


@pytest.fixture
def neighbourhood(bicyclette, romans, valence):
    bourg = CommuneFactory(insee="26057", name="Bourg-de-Péage")
    far = CommuneFactory(insee="26198", name="Montmiral")
    link_distance(romans, bourg, 3.6)
    link_distance(romans, valence, 18.0)
    link_distance(romans, far, 25.0)
    return {
        "same_theme_near": AssociationFactory(
            name="Vélo Péageois", head_office_commune=bourg, themes=["mobilite"]
        ),
        "two_themes_far": AssociationFactory(
            name="Roue Libre Valence", head_office_commune=valence, themes=["mobilite", "reparation"]
        ),
        "near_other_theme": AssociationFactory(
            name="Chorale de Romans", head_office_commune=romans, themes=["culture"]
        ),
        "far_other_theme": AssociationFactory(
            name="Foot Montmiral", head_office_commune=far, themes=["sport"]
        ),
        "pending_same": AssociationFactory(
            name="Vélo en attente",
            head_office_commune=romans,
            themes=["mobilite"],
            status=AssociationStatus.PENDING,
        ),
    }


def test_related_associations_and_reasons(bicyclette, neighbourhood, django_assert_num_queries):
    association = selectors.association_for_page(slug=bicyclette.slug, user=None)
    with django_assert_num_queries(3):
        related = selectors.related_associations(association)
    names = [r.association.name for r in related]
    assert names == ["Vélo Péageois", "Roue Libre Valence", "Chorale de Romans"]
    reasons = [r.reason for r in related]
    assert reasons[0] == "Même thème : Mobilité · à 4 km, à Bourg-de-Péage"
    assert reasons[1] == "Mêmes thèmes : Mobilité, Réparation, réemploi et recyclerie · à Valence"
    assert reasons[2] == "dans la même commune, à Romans-sur-Isère"


def test_related_are_limited_to_six(bicyclette, romans, django_assert_num_queries):
    for i in range(10):
        AssociationFactory(name=f"Vélo {i}", head_office_commune=romans, themes=["mobilite"])
    association = selectors.association_for_page(slug=bicyclette.slug, user=None)
    with django_assert_num_queries(3):
        related = selectors.related_associations(association)
    assert len(related) == 6


def test_related_shown_on_the_page(client, bicyclette, neighbourhood):
    html = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "Associations proches" in html
    assert "Même thème : Mobilité · à 4 km, à Bourg-de-Péage" in html
    assert "Foot Montmiral" not in html
    assert "Vélo en attente" not in html


def test_page_query_count_is_bounded(client, bicyclette, neighbourhood, django_assert_max_num_queries):
    # The page's own 6, its permanences (1), its open missions with the response time (2) and,
    # on a cold cache, the close associations of matching (3; cached an hour, then none).
    with django_assert_max_num_queries(12):
        client.get(bicyclette.get_absolute_url())


# Create, edit, claim -------------------------------------------------------------------------------


def test_create_then_see_it_pending(client, inhabitant, valence):
    client.force_login(inhabitant)
    response = client.post("/associations/nouvelle/", form_post(valence), follow=True)
    html = response.content.decode()
    assert "Un agent de l&#x27;Agglo va la vérifier" in html
    assert "En attente de vérification" in html
    assert Membership.objects.get(user=inhabitant).role == "manager"
    # Not in the public directory until verified.
    client.logout()
    assert "Jardins Partagés" not in client.get("/associations/").content.decode()


def test_edit_form_is_prefilled_and_saves(client, bicyclette, manager):
    client.force_login(manager)
    html = client.get(f"/associations/{bicyclette.slug}/modifier/").content.decode()
    assert 'value="La Bicyclette Bleue"' in html
    data = form_post(bicyclette.head_office_commune, name="La Bicyclette Bleue", rna=bicyclette.rna)
    response = client.post(f"/associations/{bicyclette.slug}/modifier/", data)
    assert response.status_code == 302
    bicyclette.refresh_from_db()
    assert bicyclette.contact_phone == "04 75 00 00 00"
    assert bicyclette.status == AssociationStatus.VERIFIED


def test_claim_through_the_page(client, bicyclette, inhabitant):
    client.force_login(inhabitant)
    response = client.post(f"/associations/{bicyclette.slug}/revendiquer/", {"message": ""})
    assert "Écrivez quelques mots" in response.content.decode()
    response = client.post(
        f"/associations/{bicyclette.slug}/revendiquer/", {"message": "Je suis trésorière."}, follow=True
    )
    assert "Votre demande est envoyée" in response.content.decode()
    assert "en cours d'examen" in response.content.decode()
    assert Claim.objects.get().message == "Je suis trésorière."


# Members ---------------------------------------------------------------------------------------------


def test_members_page_invite_and_remove(
    client, bicyclette, manager, member, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    html = client.get(f"/associations/{bicyclette.slug}/membres/").content.decode()
    assert "Sami" in html and "Lou" in html
    response = client.post(
        f"/associations/{bicyclette.slug}/membres/", {"email": "pas-un-mail", "role": "member"}
    )
    assert "adresse e-mail valide" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/associations/{bicyclette.slug}/membres/", {"email": "nouveau@exemple.fr", "role": "member"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["nouveau@exemple.fr"]
    assert "/associations/invitations/" in mail.outbox[-1].body
    html = client.get(f"/associations/{bicyclette.slug}/membres/").content.decode()
    assert "nouveau@exemple.fr" in html

    pk = Membership.objects.get(user=member).pk
    confirm = client.get(f"/associations/{bicyclette.slug}/membres/{pk}/retirer/").content.decode()
    assert "Retirer Lou de La Bicyclette Bleue&nbsp;?" in confirm
    assert Membership.objects.filter(pk=pk).exists()  # nothing happens on GET
    client.post(f"/associations/{bicyclette.slug}/membres/{pk}/retirer/")
    assert not Membership.objects.filter(pk=pk).exists()


def test_last_manager_cannot_leave_through_the_page(client, bicyclette, manager):
    client.force_login(manager)
    pk = Membership.objects.get(user=manager).pk
    response = client.post(f"/associations/{bicyclette.slug}/membres/{pk}/retirer/")
    assert response.status_code == 400
    assert "dernière responsable" in response.content.decode()
    response = client.post(
        f"/associations/{bicyclette.slug}/membres/{pk}/role/", {f"m{pk}-role": "member"}, follow=True
    )
    assert "au moins un" in response.content.decode()
    assert Membership.objects.get(pk=pk).role == "manager"


# Invitations -------------------------------------------------------------------------------------------


@pytest.fixture
def invitation_link(client, bicyclette, manager, django_capture_on_commit_callbacks):
    from solidaires.associations import services

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            association=bicyclette, email="invitee@exemple.fr", role="member", by=manager
        )
    body = mail.outbox[-1].body
    return "/associations/invitations/" + body.split("/associations/invitations/")[1].split("/")[0] + "/"


def test_invitation_anonymous_is_asked_to_log_in(client, invitation_link):
    html = client.get(invitation_link).content.decode()
    assert "Invitation à rejoindre La Bicyclette Bleue" in html
    assert "Me connecter" in html
    response = client.post(invitation_link)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_invitation_accepted(client, invitation_link, bicyclette):
    guest = UserFactory(email="invitee@exemple.fr")
    client.force_login(guest)
    assert "Rejoindre La Bicyclette Bleue" in client.get(invitation_link).content.decode()
    response = client.post(invitation_link)
    assert response.status_code == 302
    assert Membership.objects.filter(user=guest, association=bicyclette).exists()
    assert "déjà été utilisée" in client.get(invitation_link).content.decode()


def test_invitation_wrong_account(client, invitation_link, inhabitant):
    client.force_login(inhabitant)
    assert "autre adresse e-mail" in client.get(invitation_link).content.decode()
    response = client.post(invitation_link)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=inhabitant).exists()


def test_invitation_expired_page(client, invitation_link):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    guest = UserFactory(email="invitee@exemple.fr")
    client.force_login(guest)
    assert "a expiré" in client.get(invitation_link).content.decode()
    assert client.post(invitation_link).status_code == 400


def test_invitation_unknown_token(client):
    assert client.get("/associations/invitations/inconnu/").status_code == 404


# Agents' workspace ---------------------------------------------------------------------------------------


def test_dashboard_counts_and_queues(client, agent, bicyclette, inhabitant, valence):
    old = AssociationFactory(
        name="Ancienne demande", status=AssociationStatus.PENDING, head_office_commune=valence
    )
    Association.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=12))
    AssociationFactory(name="Nouvelle demande", status=AssociationStatus.PENDING, head_office_commune=valence)
    Claim.objects.create(association=bicyclette, user=inhabitant, message="C'est moi")
    from solidaires.territory.models import PlaceStatus
    from solidaires.territory.tests.factories import PlaceFactory

    PlaceFactory(name="Maison citoyenne du Polygone", status=PlaceStatus.PENDING, commune=valence)
    client.force_login(agent)
    html = client.get("/espace-agents/").content.decode()
    assert "<strong>2</strong> associations à vérifier" in html
    assert "<strong>1</strong> demande de responsables" in html
    assert "<strong>1</strong> lieu à vérifier" in html
    assert html.index("Ancienne demande") < html.index("Nouvelle demande")
    assert "12 j" in html
    assert "Maison citoyenne du Polygone" in html
    assert f"/espace-agents/associations/{old.slug}/historique/" in html


def test_reject_through_the_queue(client, agent, valence, django_capture_on_commit_callbacks):
    creator = UserFactory(email="creatrice@exemple.fr")
    association = AssociationFactory(
        name="À refuser", status=AssociationStatus.PENDING, head_office_commune=valence, created_by=creator
    )
    client.force_login(agent)
    response = client.post(f"/espace-agents/associations/{association.slug}/refuser/", {"reason": ""})
    assert response.status_code == 400
    assert "Expliquez le motif du refus" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/espace-agents/associations/{association.slug}/refuser/",
            {"reason": "Aucune activité sur le territoire."},
        )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.status == AssociationStatus.REJECTED
    assert mail.outbox[-1].to == ["creatrice@exemple.fr"]
    assert "Aucune activité sur le territoire." in mail.outbox[-1].body
    history = client.get(f"/espace-agents/associations/{association.slug}/historique/").content.decode()
    assert "Association refusée" in history and "association.rejected" not in history  # issue 11
    assert "Aucune activité sur le territoire." in history


def test_bulk_verify(client, agent, valence):
    chosen = [
        AssociationFactory(status=AssociationStatus.PENDING, head_office_commune=valence) for _ in range(3)
    ]
    left = AssociationFactory(status=AssociationStatus.PENDING, head_office_commune=valence)
    client.force_login(agent)
    response = client.post(
        "/espace-agents/associations/verifier/", {"associations": [a.pk for a in chosen]}, follow=True
    )
    assert "3 associations vérifiées" in response.content.decode()
    assert Association.objects.filter(status=AssociationStatus.VERIFIED).count() == 3
    assert Association.objects.get(pk=left.pk).status == AssociationStatus.PENDING
    assert AuditEntry.objects.filter(action="association.verified").count() == 3


def test_verify_twice_through_the_page(client, agent, bicyclette):
    client.force_login(agent)
    response = client.post(f"/espace-agents/associations/{bicyclette.slug}/verifier/", follow=True)
    assert "déjà vérifiée" in response.content.decode()


def test_claims_queue_approve(client, agent, bicyclette, inhabitant):
    claim = Claim.objects.create(association=bicyclette, user=inhabitant, message="Je préside")
    client.force_login(agent)
    html = client.get("/espace-agents/revendications/").content.decode()
    assert "Je préside" in html
    client.post(f"/espace-agents/revendications/{claim.pk}/accepter/")
    assert Membership.objects.get(user=inhabitant, association=bicyclette).role == "manager"
    response = client.post(f"/espace-agents/revendications/{claim.pk}/refuser/", follow=True)
    assert "déjà été traitée" in response.content.decode()
    history = client.get(f"/espace-agents/associations/{bicyclette.slug}/historique/").content.decode()
    assert "Demande acceptée" in history and "claim.approved" not in history  # issue 11
