"""Reads: distances, radius queries, choices, summary, GeoJSON, place scoping."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from solidaires.territory import selectors
from solidaires.territory.models import Commune, PlaceStatus
from solidaires.territory.services import invalidate_territory_cache

from .factories import CommuneFactory, PlaceFactory, link_distance


@pytest.fixture
def three_communes(valence, romans):
    far = CommuneFactory(insee="26999", name="Montmiral", slug="26999-montmiral", lat=45.15, lon=5.15)
    link_distance(valence, romans, 17.5)
    link_distance(valence, far, 31.0)
    link_distance(romans, far, 14.0)
    return valence, romans, far


def test_communes_within_uses_the_distance_table(three_communes):
    valence, romans, far = three_communes
    assert list(selectors.communes_within(valence, 10)) == [valence]
    assert list(selectors.communes_within(valence, 20)) == [valence, romans]
    assert far not in selectors.communes_within(valence, 30)
    within = list(selectors.communes_within(valence, 40, include_self=False))
    assert within == [romans, far]
    assert [c.distance_km for c in within] == [17.5, 31.0]


def test_communes_within_can_filter_other_querysets(three_communes):
    valence, romans, far = three_communes
    PlaceFactory(commune=romans, name="Près")
    PlaceFactory(commune=far, name="Loin")
    names = set(
        selectors.places_public()
        .filter(commune__in=selectors.communes_within(valence, 20))
        .values_list("name", flat=True)
    )
    assert names == {"Près"}


def test_communes_within_on_the_real_territory(vra):
    valence = Commune.objects.get(insee="26362")
    near = list(selectors.communes_within(valence, 10))
    assert near[0] == valence
    assert all(c.distance_km <= 10 for c in near)
    assert "26281" not in {c.insee for c in near}  # Romans is 17.5 km away
    assert "26058" in {c.insee for c in near}  # Bourg-lès-Valence is next door


@pytest.mark.parametrize(("a", "b", "expected"), [(0, 1, 17.5), (1, 0, 17.5), (0, 0, 0.0), (1, 2, 14.0)])
def test_distance_km(three_communes, a, b, expected):
    assert selectors.distance_km(three_communes[a], three_communes[b]) == expected


def test_distance_km_falls_back_to_the_town_halls(valence, romans):
    assert selectors.distance_km(valence, romans) == pytest.approx(17.5, abs=0.5)
    nowhere = CommuneFactory(lat=None, lon=None)
    assert selectors.distance_km(valence, nowhere) is None


def test_commune_choices_are_sorted_and_cached(valence, romans, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.commune_choices() == [("26281", "Romans-sur-Isère"), ("26362", "Valence")]
    with django_assert_num_queries(0):
        selectors.commune_choices()
    CommuneFactory(insee="26001", name="Aouste", search_name="aouste")
    invalidate_territory_cache()
    assert selectors.commune_choices()[0] == ("26001", "Aouste")


def test_territory_summary(vra, django_assert_num_queries):
    summary = selectors.territory_summary()
    assert summary.communes == 54
    assert summary.population == 221_737
    assert summary.epci_names == ["Communauté d'agglomération Valence Romans Agglo"]
    assert sum(c.communes for c in summary.classes) == 54
    assert summary.area_km2 == pytest.approx(939, rel=0.02)
    west, south, east, north = summary.bbox
    assert west < 4.9 < east and south < 44.93 < north
    with django_assert_num_queries(0):
        selectors.territory_summary()


def test_loading_invalidates_the_cache(vra, django_capture_on_commit_callbacks):
    selectors.territory_summary()
    version = selectors.cache_version()
    from solidaires.territory.services import territory_load

    with django_capture_on_commit_callbacks(execute=True):
        territory_load(epci_sirens=["200068781"])
    assert selectors.cache_version() == version + 1


def test_communes_geojson(vra):
    document = selectors.communes_geojson()
    data = json.loads(document.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 54
    valence = next(f for f in data["features"] if f["properties"]["insee"] == "26362")
    assert valence["properties"]["name"] == "Valence"
    assert valence["properties"]["class"] == "urbain"
    assert valence["properties"]["url"] == "/territoire/communes/26362-valence/"
    assert valence["geometry"]["type"] == "MultiPolygon"
    assert len(data["bbox"]) == 4
    assert cache.get(selectors._key("geojson")) == document


def test_commune_table_sorts(valence, romans):
    communes, sort = selectors.commune_table("-population")
    assert sort == "-population"
    assert list(communes) == [valence, romans]
    communes, sort = selectors.commune_table("nom")
    assert list(communes) == [romans, valence]
    communes, sort = selectors.commune_table("n'importe quoi")
    assert sort == "nom"


def test_place_scoping(agent, inhabitant, valence):
    public = PlaceFactory(commune=valence)
    pending = PlaceFactory(commune=valence, status=PlaceStatus.PENDING)
    archived = PlaceFactory(commune=valence, status=PlaceStatus.ARCHIVED)
    assert list(selectors.places_public()) == [public]
    assert list(selectors.places_pending()) == [pending]
    assert set(selectors.places_visible_to(agent)) == {public, pending, archived}
    assert list(selectors.places_visible_to(inhabitant)) == [public]
    from django.contrib.auth.models import AnonymousUser

    assert list(selectors.places_visible_to(AnonymousUser())) == [public]


def test_places_filtered(valence, romans):
    a = PlaceFactory(commune=valence, kind="salle", name="Salle des fêtes", address="2 rue Paul Bert")
    b = PlaceFactory(commune=romans, kind="maison_citoyenne", name="Maison citoyenne Noël Guichard")
    qs = selectors.places_public()
    assert list(selectors.places_filtered(qs, kind="salle")) == [a]
    assert list(selectors.places_filtered(qs, commune="26281")) == [b]
    assert list(selectors.places_filtered(qs, text="Noel")) == [b]
    assert list(selectors.places_filtered(qs, text="paul bert")) == [a]
