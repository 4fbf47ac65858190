"""Public pages: /territoire/, the GeoJSON, commune pages, places."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from conftest import ROLES
from solidaires.territory.models import PlaceStatus

from .factories import CommuneFactory, PlaceFactory, link_distance


@pytest.fixture
def places(valence, romans):
    return {
        "verified": PlaceFactory(
            commune=valence, name="Maison citoyenne Fontbarlettes", slug="fontbarlettes"
        ),
        "pending": PlaceFactory(
            commune=valence, name="Salle en attente", slug="en-attente", status=PlaceStatus.PENDING
        ),
        "archived": PlaceFactory(
            commune=romans, name="Ancienne salle", slug="ancienne", status=PlaceStatus.ARCHIVED
        ),
    }


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_public_pages_open_to_everybody(as_role, places, valence):
    client, _user = as_role
    urls = [
        reverse("territory:index"),
        reverse("territory:communes_geojson"),
        reverse("territory:commune", kwargs={"slug": valence.slug}),
        reverse("territory:places"),
        reverse("territory:place", kwargs={"slug": "fontbarlettes"}),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("which", ["pending", "archived"])
def test_unverified_places_are_hidden_from_non_agents(as_role, places, which):
    client, user = as_role
    response = client.get(reverse("territory:place", kwargs={"slug": places[which].slug}))
    is_agent = user is not None and user.is_agent
    assert response.status_code == (200 if is_agent else 404)
    if is_agent:
        assert "seul·es les agents voient cette page" in response.content.decode()


def test_unknown_commune_and_place_are_404(client, db):
    assert client.get("/territoire/communes/00000-nulle-part/").status_code == 404
    assert client.get("/territoire/lieux/nulle-part/").status_code == 404


def test_territory_page_on_the_real_territory(client, vra):
    response = client.get(reverse("territory:index"))
    html = response.content.decode()
    assert "<h1>Le territoire</h1>" in html
    assert "221\xa0737" in html
    assert 'data-geojson-url="/territoire/communes.geojson"' in html
    assert html.count('<th scope="row">') == 54
    assert "MultiPolygon" not in html  # outlines come from the GeoJSON endpoint, not the page
    assert 'aria-sort="ascending"' in html
    assert "vendor/leaflet/leaflet.js" in html and "territory/map.js" in html
    assert "<script>" not in html  # no inline script (CSP)


@pytest.mark.parametrize(
    ("tri", "first", "aria"),
    [
        ("-population", "Valence", "descending"),
        ("population", "Montmiral", "ascending"),
        ("nom", "Montmiral", "ascending"),
    ],
)
def test_table_sorts_on_the_server(client, valence, romans, tri, first, aria):
    CommuneFactory(
        insee="26198", name="Montmiral", slug="26198-montmiral", population=700, search_name="montmiral"
    )
    html = client.get(reverse("territory:index"), {"tri": tri}).content.decode()
    rows = html.split('<th scope="row">')[1:]
    assert first in rows[0]
    assert f'aria-sort="{aria}"' in html


def test_tile_layer_only_when_configured(client, valence, settings):
    assert "data-tile-url" not in client.get(reverse("territory:index")).content.decode()
    settings.SOLIDAIRES_MAP_TILE_URL = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION = "© contributeurs OpenStreetMap"
    html = client.get(reverse("territory:places")).content.decode()  # no map on this page
    assert "data-tile-url" not in html
    html = client.get(reverse("territory:commune", kwargs={"slug": valence.slug})).content.decode()
    assert 'data-tile-url="https://tuiles.exemple.fr/{z}/{x}/{y}.png"' in html


def test_empty_territory_says_what_to_do(client, db):
    html = client.get(reverse("territory:index")).content.decode()
    assert "Aucune commune n'est encore chargée" in html


def test_territory_page_is_cached_for_anonymous_visitors(client, valence):
    assert client.get(reverse("territory:index"))["X-Solidaires-Cache"] == "miss"
    assert client.get(reverse("territory:index"))["X-Solidaires-Cache"] == "hit"


def test_territory_page_query_count_does_not_grow_with_communes(
    client, inhabitant, valence, romans, django_assert_max_num_queries
):
    """Cold caches, signed in (no page cache): the same number of queries for 2 or 12 communes."""
    from django.core.cache import cache

    client.force_login(inhabitant)
    cache.clear()
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("territory:index"), {"tri": "-population"})
    for n in range(10):
        CommuneFactory(name=f"Bourg {n}")
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("territory:index"), {"tri": "-population"})
    with django_assert_max_num_queries(len(small.captured_queries) - 3):  # warm: no commune query
        client.get(reverse("territory:index"), {"tri": "-population"})


def test_territory_page_query_count_is_constant(client, valence, romans, django_assert_max_num_queries):
    client.get(reverse("territory:index"))  # warm the caches
    with django_assert_max_num_queries(1):
        client.get(reverse("territory:index"))
    for n in range(10):
        CommuneFactory(name=f"Village {n}")
    with django_assert_max_num_queries(1):
        assert client.get(reverse("territory:index"), {"tri": "densite"}).status_code == 200


def test_geojson_endpoint(client, vra):
    url = reverse("territory:communes_geojson")
    response = client.get(url)
    assert response["Content-Type"] == "application/geo+json"
    assert "max-age" in response["Cache-Control"]
    data = json.loads(response.content)
    assert len(data["features"]) == 54
    assert {"insee", "name", "population", "class", "url"} <= set(data["features"][0]["properties"])
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_commune_page(client, valence, romans):
    link_distance(valence, romans, 8.0)
    PlaceFactory(commune=valence, name="Maison citoyenne Fontbarlettes")
    html = client.get(reverse("territory:commune", kwargs={"slug": valence.slug})).content.decode()
    assert "<h1>Valence</h1>" in html
    assert "64\xa0726" in html
    assert "Romans-sur-Isère</a> : 8,0 km" in html
    assert "Maison citoyenne Fontbarlettes" in html
    assert 'data-focus-insee="26362"' in html


def test_place_page_states_accessibility_and_coordinates(client, valence):
    place = PlaceFactory(
        commune=valence,
        accessible_pmr=False,
        lat=44.93341,
        lon=4.89242,
        opening_hours="Lundi : 9 h – 12 h",
        phone="04 75 00 00 00",
    )
    html = client.get(place.get_absolute_url()).content.decode()
    assert "n'est pas signalé comme accessible aux personnes à mobilité réduite" in html
    assert "44,93341° N, 4,89242° E" in html
    assert 'data-marker-lat="44.93341"' in html
    assert "geo:44.93341,4.89242" in html
    assert "Lundi : 9 h – 12 h" in html
    assert 'href="tel:0475000000"' in html


def test_place_without_location_has_no_map(client, valence):
    place = PlaceFactory(commune=valence, lat=None, lon=None, accessible_pmr=True)
    html = client.get(place.get_absolute_url()).content.decode()
    assert "Ce lieu est accessible aux personnes à mobilité réduite." in html
    assert "data-territory-map" not in html
    assert "position exacte de ce lieu n'est pas encore renseignée" in html


def test_place_list_filters_and_empty_states(client, places, valence, romans):
    url = reverse("territory:places")
    html = client.get(url).content.decode()
    assert "Maison citoyenne Fontbarlettes" in html
    assert "Salle en attente" not in html and "Ancienne salle" not in html
    html = client.get(url, {"commune": romans.insee}).content.decode()
    assert "Aucun lieu ne correspond à ces filtres" in html
    html = client.get(url, {"type": "salle"}).content.decode()
    assert "Aucun lieu ne correspond à ces filtres" in html
    html = client.get(url, {"type": "maison_citoyenne", "commune": valence.insee}).content.decode()
    assert "Maison citoyenne Fontbarlettes" in html
    # Unknown filter values are ignored rather than failing.
    assert client.get(url, {"type": "chateau"}).status_code == 200


def test_place_list_empty(client, db):
    assert "Aucun lieu n'est encore publié" in client.get(reverse("territory:places")).content.decode()


def test_place_list_keyset_pagination(client, valence):
    for n in range(25):
        PlaceFactory(commune=valence, name=f"Lieu {n:02d}")
    first = client.get(reverse("territory:places"))
    page = first.context["page"]
    assert len(page.items) == 20 and page.has_next
    second = client.get(reverse("territory:places"), {"apres": page.next_cursor})
    names = [p.name for p in second.context["page"].items]
    assert names == [f"Lieu {n:02d}" for n in range(20, 25)]


def test_place_list_query_count_is_constant(client, valence, romans, django_assert_num_queries):
    for n in range(3):
        PlaceFactory(commune=valence, name=f"Lieu {n}")
    client.get(reverse("territory:places"))  # warm the choices cache
    with django_assert_num_queries(1):
        client.get(reverse("territory:places"))
    for n in range(30):
        PlaceFactory(commune=romans if n % 2 else valence, name=f"Autre lieu {n}")
    with django_assert_num_queries(1):
        client.get(reverse("territory:places"))
