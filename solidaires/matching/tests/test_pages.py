"""Pages: the dashboard, the mission page, the association page, the agents' pages."""

import pytest
from django.urls import reverse

from solidaires.accounts.models import Profile
from solidaires.accounts.tests.factories import UserFactory
from solidaires.associations.tests.factories import AssociationFactory, MembershipFactory
from solidaires.matching import adapter
from solidaires.matching.models import Introduction, IntroductionOutcome
from solidaires.territory.tests.factories import CommuneFactory
from solidaires.volunteering.tests.factories import MissionFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_engine():
    adapter.forget_engine()
    yield
    adapter.forget_engine()


def person(commune, interests):
    user = UserFactory()
    profile = Profile.objects.get(user=user)
    profile.commune = commune
    profile.save()
    profile.interests.set(interests)
    return user


def test_dashboard_shows_missions_for_you_with_reasons(client, valence):
    MissionFactory(title="Tournoi de foot", themes=["sport"], communes=[valence])
    client.force_login(person(valence, ["sport"]))
    page = client.get(reverse("volunteering:engagement_volunteer_dashboard")).content.decode()
    assert "Missions pour vous" in page
    assert "Tournoi de foot" in page
    assert "Un thème qui vous tient à cœur : Sport" in page


def test_dashboard_empty_state_says_what_to_do(client):
    client.force_login(UserFactory())
    page = client.get(reverse("volunteering:engagement_volunteer_dashboard")).content.decode()
    assert "Pas encore de mission à vous proposer" in page


def test_mission_page_shows_possible_volunteers_to_its_people_only(client, valence):
    mission = MissionFactory(title="Soutien scolaire", themes=["education"], communes=[valence])
    member = UserFactory()
    MembershipFactory(user=member, association=mission.association, role="manager")
    offer = OfferFactory(title="Aide aux devoirs en maths", home_commune=valence, themes=["education"])
    client.force_login(member)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Bénévoles qui pourraient aider" in page
    assert "Aide aux devoirs en maths" in page
    assert "Thème choisi : Éducation et soutien scolaire" in page
    assert offer.person.email not in page and "Martin" not in page  # no identity, no contact
    client.force_login(UserFactory())
    assert "Bénévoles qui pourraient aider" not in client.get(mission.get_absolute_url()).content.decode()
    client.logout()
    assert "Bénévoles qui pourraient aider" not in client.get(mission.get_absolute_url()).content.decode()


def test_association_page_shows_close_associations(client, valence):
    near = CommuneFactory(name="Bourg-lès-Valence", lat=44.9486, lon=4.8947)
    a = AssociationFactory(name="Épicerie solidaire", head_office_commune=valence, themes=["alimentation"])
    b = AssociationFactory(name="Ressourcerie du Nord", head_office_commune=near, themes=["reparation"])
    AssociationFactory(name="Club de foot", head_office_commune=near, themes=["sport"])
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Associations proches" in page
    assert b.name in page
    assert (
        "Thèmes proches : Alimentation et aide alimentaire / Réparation, réemploi et recyclerie ; à 2 km ("
        in page
    )
    assert "Club de foot" not in page


def test_agents_record_an_introduction_and_its_outcome(client, valence, agent):
    near = CommuneFactory(name="Bourg-lès-Valence", lat=44.9486, lon=4.8947)
    a = AssociationFactory(name="Épicerie solidaire", head_office_commune=valence, themes=["alimentation"])
    b = AssociationFactory(name="Banque alimentaire", head_office_commune=near, themes=["alimentation"])
    client.force_login(agent)
    page = client.get(reverse("matching_agents:introductions")).content.decode()
    assert "Épicerie solidaire" in page and "Thème en commun : Alimentation et aide alimentaire" in page
    response = client.post(
        reverse("matching_agents:introduction_record"),
        {"first": b.pk, "second": a.pk, "reason": "Thème en commun"},
    )
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert (introduction.first_id, introduction.second_id) == tuple(sorted((a.pk, b.pk)))
    client.post(
        reverse("matching_agents:introduction_outcome", args=[introduction.pk]),
        {f"i{introduction.pk}-outcome": "partnership", f"i{introduction.pk}-note": "Collecte commune"},
    )
    introduction.refresh_from_db()
    assert introduction.outcome == IntroductionOutcome.PARTNERSHIP
    # The pair is no longer proposed; the introduction is listed with its outcome.
    page = client.get(reverse("matching_agents:introductions")).content.decode()
    assert "Je les ai présentées" not in page
    assert "Elles travaillent ensemble" in page


def test_campaign_proposal_respects_places_left(client, valence, agent):
    MissionFactory(title="Collecte", themes=["alimentation"], communes=[valence], volunteers_wanted=1)
    for _ in range(3):
        OfferFactory(home_commune=valence, themes=["alimentation"])
    client.force_login(agent)
    response = client.get(reverse("matching_agents:campaign"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0].mission.title == "Collecte"
    assert response.context["people"] == 3
