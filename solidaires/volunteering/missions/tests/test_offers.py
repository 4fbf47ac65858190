"""Volunteer offers: publishing, privacy of the list, owner moves, bad input, API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from solidaires.accounts.tests.factories import UserFactory
from solidaires.volunteering.missions import services
from solidaires.volunteering.missions.models import OfferState, VolunteerOffer
from solidaires.volunteering.tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def offer_post(commune, **overrides):
    data = {
        "title": "Aide aux devoirs",
        "description": "Maths et physique, niveau collège.",
        "themes": ["education"],
        "skills": "",
        "weekdays": ["2", "5"],
        "day_parts": ["afternoon"],
        "home_commune": commune.insee,
        "communes": [],
        "expires_at": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_publish_offer_and_owner_sees_it(client, inhabitant, romans):
    client.force_login(inhabitant)
    assert client.get("/missions/propositions/nouvelle/").status_code == 200
    response = client.post("/missions/propositions/nouvelle/", offer_post(romans))
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = VolunteerOffer.objects.get()
    assert offer.person == inhabitant and offer.weekdays == [2, 5]
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Mercredi et samedi, l&#x27;après-midi" in html
    assert "Aide aux devoirs" in client.get("/missions/propositions/miennes/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"expires_at": (timezone.localdate() - timedelta(days=1)).isoformat()}, "Cette date est passée"),
        ({"expires_at": (timezone.localdate() + timedelta(days=800)).isoformat()}, "Un an au plus"),
        ({"home_commune": "99999"}, "Cette commune est inconnue"),
        ({"title": "y" * 201}, "200 caractères au plus"),
        ({"themes": []}, "Choisissez au moins un thème"),
        ({"weekdays": ["9"]}, "Jour inconnu"),
    ],
)
def test_offer_bad_input(client, inhabitant, romans, overrides, message):
    client.force_login(inhabitant)
    response = client.post(
        "/missions/propositions/nouvelle/", offer_post(romans, skills="<b>gardé</b>", **overrides)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "&lt;b&gt;gardé&lt;/b&gt;" in html
    assert not VolunteerOffer.objects.exists()


def test_list_hides_identity_and_shows_initial(client, member, romans):
    person = UserFactory(display_name="Bérénice Durand", email="berenice.durand@exemple.fr")
    OfferFactory(person=person, home_commune=romans, title="Jardinage <em>bio</em>")
    client.force_login(member)
    html = client.get("/missions/propositions/").content.decode()
    assert "Jardinage &lt;em&gt;bio&lt;/em&gt;" in html
    assert "B." in html and "Romans-sur-Isère" in html
    assert "Bérénice" not in html and "Durand" not in html and "berenice" not in html
    offer = VolunteerOffer.objects.get()
    html = client.get(offer.get_absolute_url()).content.decode()
    assert "Bérénice" not in html and "berenice" not in html


def test_paused_closed_expired_offers_not_listed(client, member, romans):
    OfferFactory(title="Visible", home_commune=romans)
    OfferFactory(title="En pause", home_commune=romans, state=OfferState.PAUSED)
    OfferFactory(title="Retirée", home_commune=romans, state=OfferState.CLOSED)
    OfferFactory(title="Expirée", home_commune=romans, expires_at=timezone.localdate() - timedelta(days=1))
    client.force_login(member)
    html = client.get("/missions/propositions/").content.decode()
    assert "Visible" in html
    for hidden in ("En pause", "Retirée", "Expirée"):
        assert hidden not in html


def test_offer_filters_by_commune_radius(client, member, romans, valence):
    from solidaires.territory.tests.factories import link_distance

    link_distance(romans, valence, 18.0)
    OfferFactory(title="Offre Romans", home_commune=romans)
    OfferFactory(title="Offre Valence", home_commune=valence)
    client.force_login(member)
    html = client.get("/missions/propositions/?commune=26281&rayon=10").content.decode()
    assert "Offre Romans" in html and "Offre Valence" not in html
    html = client.get("/missions/propositions/?commune=26281&rayon=20").content.decode()
    assert "Offre Valence" in html


def test_owner_pause_resume_close_with_confirmation(client, inhabitant, romans):
    offer = OfferFactory(person=inhabitant, home_commune=romans)
    client.force_login(inhabitant)
    assert client.get(f"/missions/propositions/{offer.pk}/pause/").status_code == 200
    assert client.post(f"/missions/propositions/{offer.pk}/pause/").status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.PAUSED
    response = client.post(f"/missions/propositions/{offer.pk}/pause/")
    assert response.status_code == 400
    assert client.post(f"/missions/propositions/{offer.pk}/reprendre/").status_code == 302
    assert client.post(f"/missions/propositions/{offer.pk}/retirer/").status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.CLOSED
    with pytest.raises(ValidationError):
        services.offer_update(offer=offer, by=inhabitant, data={"title": "Nouveau"})


@pytest.mark.parametrize(
    ("state", "allowed"),
    [("active", {"pause", "close"}), ("paused", {"resume", "close"}), ("closed", set())],
)
def test_offer_state_machine(state, allowed, romans):
    for move in ("pause", "resume", "close"):
        offer = OfferFactory(state=state, home_commune=romans)
        if move in allowed:
            getattr(offer, move)()
        else:
            with pytest.raises(TransitionNotAllowed):
                getattr(offer, move)()


def test_offer_edit(client, inhabitant, romans):
    offer = OfferFactory(person=inhabitant, home_commune=romans, themes=["education"])
    client.force_login(inhabitant)
    assert client.get(f"/missions/propositions/{offer.pk}/modifier/").status_code == 200
    response = client.post(
        f"/missions/propositions/{offer.pk}/modifier/", offer_post(romans, title="Soutien scolaire")
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Soutien scolaire"


@pytest.mark.parametrize("rows", [3, 30])
def test_offer_list_query_count(client, member, romans, rows, django_assert_max_num_queries):
    for _ in range(rows):
        OfferFactory(home_commune=romans, themes=["education", "culture"])
    client.force_login(member)
    client.get("/missions/propositions/")
    with django_assert_max_num_queries(12):
        assert client.get("/missions/propositions/").status_code == 200


def test_api_offers_public_fields_only(client, romans, member):
    person = UserFactory(display_name="Bérénice Durand", email="berenice@exemple.fr")
    OfferFactory(person=person, home_commune=romans, themes=["education"])
    OfferFactory(home_commune=romans, state=OfferState.PAUSED)
    client.force_login(member)
    response = client.get("/api/v1/missions/propositions")
    assert response.status_code == 200
    data = response.json()
    assert len(data["items"]) == 1
    item = data["items"][0]
    assert item["person"] == "B."
    assert item["home_commune"] == {"insee": "26281", "name": "Romans-sur-Isère"}
    raw = response.content.decode()
    assert "berenice" not in raw and "Durand" not in raw
    assert "email" not in item and "person_id" not in item


def test_api_offers_follow_the_web_page_rule(client, romans, inhabitant):
    """Members of an association and agents only, like /missions/propositions/ (decision 1115)."""
    OfferFactory(home_commune=romans)
    response = client.get("/api/v1/missions/propositions")
    assert response.status_code == 401
    assert response.json() == {"detail": "Connectez-vous pour voir les propositions d'aide."}
    client.force_login(inhabitant)
    response = client.get("/api/v1/missions/propositions")
    assert response.status_code == 403
    assert "réservées aux membres d'une association" in response.json()["detail"]
