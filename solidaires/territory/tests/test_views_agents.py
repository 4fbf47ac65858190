"""Agents' pages at /espace-agents/lieux/: permissions, forms, state moves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import ROLES
from solidaires.core.models import AuditEntry
from solidaires.territory.models import Place, PlaceStatus

from .factories import PlaceFactory

AGENT_ROLES = {"agent", "admin_user"}


def valid_post(place_commune, **overrides):
    data = {
        "name": "Maison citoyenne Fontbarlettes",
        "kind": "maison_citoyenne",
        "description": "Ateliers, permanences et cours de français.",
        "address": "12 rue Jean Jaurès",
        "commune": place_commune.insee,
        "lat": "44,9200",
        "lon": "4,9100",
        "accessible_pmr": "on",
        "accessibility_notes": "Rampe d'accès côté parking.",
        "opening_hours": "Mardi : 9 h – 12 h",
        "phone": "04 75 00 00 00",
        "email": "accueil@exemple.fr",
    }
    data.update(overrides)
    return data


@pytest.fixture
def pending(valence):
    return PlaceFactory(
        commune=valence, name="Salle des fêtes", slug="salle-des-fetes", status=PlaceStatus.PENDING
    )


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agent_pages_permissions(as_role, request, pending):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    gets = [
        reverse("territory_agents:list"),
        reverse("territory_agents:create"),
        reverse("territory_agents:edit", kwargs={"slug": pending.slug}),
        reverse("territory_agents:archive", kwargs={"slug": pending.slug}),
    ]
    for url in gets:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/comptes/login/" in response["Location"], url
        elif role in AGENT_ROLES:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 403, url


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_only_agents_verify(as_role, request, pending):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    response = client.post(reverse("territory_agents:verify", kwargs={"slug": pending.slug}))
    pending.refresh_from_db()
    if role in AGENT_ROLES:
        assert response.status_code == 302
        assert pending.status == PlaceStatus.VERIFIED
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert pending.status == PlaceStatus.PENDING


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_only_agents_create(as_role, request, valence):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    client.post(reverse("territory_agents:create"), valid_post(valence))
    assert Place.objects.exists() == (role in AGENT_ROLES)


def test_agent_creates_then_verifies_a_place(client, agent, valence):
    client.force_login(agent)
    response = client.post(reverse("territory_agents:create"), valid_post(valence))
    place = Place.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("territory_agents:edit", kwargs={"slug": place.slug})
    assert place.status == PlaceStatus.PENDING
    assert place.lat == pytest.approx(44.92) and place.lon == pytest.approx(4.91)
    assert place.accessible_pmr is True
    # Not public yet.
    client.logout()
    assert client.get(place.get_absolute_url()).status_code == 404
    client.force_login(agent)
    client.post(
        reverse("territory_agents:verify", kwargs={"slug": place.slug}), {"next": "https://ailleurs.exemple/"}
    )
    place.refresh_from_db()
    assert place.status == PlaceStatus.VERIFIED
    client.logout()
    assert client.get(place.get_absolute_url()).status_code == 200


def test_verify_redirects_only_to_local_urls(client, agent, pending):
    client.force_login(agent)
    response = client.post(
        reverse("territory_agents:verify", kwargs={"slug": pending.slug}),
        {"next": "https://ailleurs.exemple/"},
    )
    assert response["Location"] == reverse("territory_agents:list")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Indiquez le nom du lieu."),
        ({"address": " "}, "address", "Indiquez l'adresse du lieu"),
        ({"name": "A"}, "name", "Le nom doit compter au moins 3 caractères."),
        ({"kind": ""}, "kind", "Choisissez le type de lieu."),
        ({"kind": "chateau"}, "kind", "Choisissez un type de lieu de la liste."),
        ({"commune": ""}, "commune", "Choisissez la commune du lieu."),
        ({"commune": "99999"}, "commune", "Choisissez une commune de la liste."),
        ({"lat": "quarante-quatre"}, "lat", "Saisissez un nombre en degrés décimaux"),
        ({"lon": ""}, "lon", "Indiquez la latitude et la longitude, ou aucune des deux."),
        ({"lat": "48,85", "lon": "2,35"}, "lat", "Ces coordonnées sont en dehors du territoire."),
        ({"lat": "95"}, "lat", "inférieure ou égale à 90"),
        ({"email": "accueil@"}, "email", "Saisissez une adresse e-mail complète"),
        ({"phone": "12"}, "phone", "au moins 10 chiffres"),
    ],
)
def test_bad_input_gives_french_errors_and_keeps_what_was_typed(
    client, agent, valence, overrides, field, message
):
    client.force_login(agent)
    response = client.post(reverse("territory_agents:create"), valid_post(valence, **overrides))
    assert response.status_code == 200
    assert not Place.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    # Nothing typed is lost.
    assert "Ateliers, permanences et cours de français." in html
    if field != "address":
        assert 'value="12 rue Jean Jaurès"' in html
    assert "Rampe d&#x27;accès côté parking." in html


def test_agent_edits_a_place(client, agent, pending, romans):
    client.force_login(agent)
    url = reverse("territory_agents:edit", kwargs={"slug": pending.slug})
    html = client.get(url).content.decode()
    assert 'value="Salle des fêtes"' in html
    response = client.post(url, valid_post(romans, name="Salle des fêtes rénovée", lat="45,04", lon="5,05"))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.name == "Salle des fêtes rénovée"
    assert pending.commune == romans
    assert pending.slug == "salle-des-fetes"
    assert AuditEntry.objects.filter(action="place.updated", target_id=str(pending.pk)).exists()


def test_archive_asks_for_confirmation(client, agent, valence):
    place = PlaceFactory(commune=valence, slug="a-archiver")
    client.force_login(agent)
    url = reverse("territory_agents:archive", kwargs={"slug": place.slug})
    html = client.get(url).content.decode()
    assert "Archiver « " in html and "Archiver ce lieu" in html
    place.refresh_from_db()
    assert place.status == PlaceStatus.VERIFIED  # GET changes nothing
    response = client.post(url, {"reason": "Fermé définitivement"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == PlaceStatus.ARCHIVED
    assert AuditEntry.objects.get(action="place.archived").note == "Fermé définitivement"
    # Archiving again just says so.
    assert client.get(url).status_code == 302
    # Restore puts it back in the queue.
    client.post(reverse("territory_agents:restore", kwargs={"slug": place.slug}))
    place.refresh_from_db()
    assert place.status == PlaceStatus.PENDING


def test_verify_twice_says_why(client, agent, valence):
    place = PlaceFactory(commune=valence)
    client.force_login(agent)
    response = client.post(reverse("territory_agents:verify", kwargs={"slug": place.slug}), follow=True)
    assert "ne peut pas passer à « Vérifié »" in response.content.decode()


def test_agent_list_filters(client, agent, valence, romans, pending):
    PlaceFactory(commune=romans, name="Maison citoyenne Noël Guichard", kind="maison_citoyenne")
    PlaceFactory(commune=romans, name="Vieille salle", status=PlaceStatus.ARCHIVED, kind="salle")
    client.force_login(agent)
    url = reverse("territory_agents:list")
    html = client.get(url).content.decode()
    assert "1 lieu à vérifier" in html
    assert all(name in html for name in ("Salle des fêtes", "Noël Guichard", "Vieille salle"))
    names = lambda response: [p.name for p in response.context["page"].items]  # noqa: E731
    assert names(client.get(url, {"statut": "pending"})) == ["Salle des fêtes"]
    assert names(client.get(url, {"statut": "archived"})) == ["Vieille salle"]
    assert names(client.get(url, {"commune": romans.insee, "type": "salle"})) == ["Vieille salle"]
    assert names(client.get(url, {"q": "noel"})) == ["Maison citoyenne Noël Guichard"]
    assert "Aucun lieu ne correspond à ces filtres" in client.get(url, {"q": "piscine"}).content.decode()


def test_agent_list_empty_state(client, agent, db):
    client.force_login(agent)
    assert "Aucun lieu pour l'instant" in client.get(reverse("territory_agents:list")).content.decode()


def test_agent_list_query_count_is_constant(client, agent, valence, romans, django_assert_max_num_queries):
    client.force_login(agent)
    url = reverse("territory_agents:list")
    for n in range(3):
        PlaceFactory(commune=valence, name=f"Lieu {n}", status=PlaceStatus.PENDING)
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    for n in range(40):
        PlaceFactory(commune=romans if n % 2 else valence, name=f"Autre {n}", status=PlaceStatus.PENDING)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
