"""REST API of the territory (/api/v1/communes, /api/v1/places)."""

from __future__ import annotations

import pytest

from solidaires.territory.models import PlaceStatus

from .factories import PlaceFactory


def test_communes_are_paginated_by_cursor(client, vra):
    response = client.get("/api/v1/communes", {"limit": 50})
    assert response.status_code == 200
    first = response.json()
    assert len(first["items"]) == 50
    assert first["next_cursor"]
    second = client.get("/api/v1/communes", {"limit": 50, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 4 and second["next_cursor"] is None
    insees = [c["insee"] for c in first["items"] + second["items"]]
    assert insees == sorted(insees) and len(set(insees)) == 54
    valence = next(c for c in first["items"] + second["items"] if c["insee"] == "26362")
    assert valence["name"] == "Valence"
    assert valence["population"] == 63_714
    assert valence["postal_codes"] == ["26000"]
    assert valence["urban_class"] == "urbain"
    assert valence["area_km2"] == pytest.approx(36.7, rel=0.02)
    assert valence["density"] > 1500
    assert valence["lat"] == pytest.approx(44.93, abs=0.01)
    assert valence["epci_siren"] == "200068781"
    assert "outline" not in valence


@pytest.mark.parametrize("limit", [0, 201, "beaucoup"])
def test_communes_limit_is_bounded(client, db, limit):
    assert client.get("/api/v1/communes", {"limit": limit}).status_code == 422


def test_commune_detail(client, vra):
    data = client.get("/api/v1/communes/26281").json()
    assert data["name"] == "Romans-sur-Isère"
    assert data["outline"]["type"] == "MultiPolygon"
    assert data["url"] == "/territoire/communes/26281-romans-sur-isere/"
    assert client.get("/api/v1/communes/75056").status_code == 404


def test_places_list_only_verified_with_filters(client, valence, romans):
    PlaceFactory(commune=valence, name="Maison citoyenne Fontbarlettes", kind="maison_citoyenne")
    PlaceFactory(commune=romans, name="Salle Jean Vilar", kind="salle")
    PlaceFactory(commune=valence, name="En attente", status=PlaceStatus.PENDING)
    PlaceFactory(commune=valence, name="Archivé", status=PlaceStatus.ARCHIVED)
    names = lambda params: [p["name"] for p in client.get("/api/v1/places", params).json()["items"]]  # noqa: E731
    assert names({}) == ["Maison citoyenne Fontbarlettes", "Salle Jean Vilar"]
    assert names({"commune": "26281"}) == ["Salle Jean Vilar"]
    assert names({"kind": "maison_citoyenne"}) == ["Maison citoyenne Fontbarlettes"]
    assert names({"kind": "salle", "commune": "26362"}) == []
    item = client.get("/api/v1/places", {"commune": "26281"}).json()["items"][0]
    assert item["commune_insee"] == "26281"
    assert item["kind_label"] == "Salle"
    assert item["accessible_pmr"] is True


@pytest.mark.parametrize("params", [{"kind": "chateau"}, {"commune": "Valence"}, {"limit": 1000}])
def test_places_bad_filters_are_422(client, db, params):
    assert client.get("/api/v1/places", params).status_code == 422


def test_places_pagination(client, valence):
    for n in range(5):
        PlaceFactory(commune=valence, name=f"Lieu {n}")
    first = client.get("/api/v1/places", {"limit": 3}).json()
    second = client.get("/api/v1/places", {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert [p["name"] for p in first["items"] + second["items"]] == [f"Lieu {n}" for n in range(5)]
    assert second["next_cursor"] is None


def test_place_detail_hides_unverified(client, valence):
    public = PlaceFactory(commune=valence, slug="publique")
    pending = PlaceFactory(commune=valence, slug="en-attente", status=PlaceStatus.PENDING)
    archived = PlaceFactory(commune=valence, slug="archivee", status=PlaceStatus.ARCHIVED)
    assert client.get(f"/api/v1/places/{public.slug}").json()["slug"] == "publique"
    assert client.get(f"/api/v1/places/{pending.slug}").status_code == 404
    assert client.get(f"/api/v1/places/{archived.slug}").status_code == 404


def test_agents_do_not_see_unverified_places_in_the_api_either(client, agent, valence):
    pending = PlaceFactory(commune=valence, status=PlaceStatus.PENDING)
    client.force_login(agent)
    assert client.get(f"/api/v1/places/{pending.slug}").status_code == 404


def test_endpoints_are_documented_in_openapi(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/communes", "/api/v1/communes/{insee}", "/api/v1/places", "/api/v1/places/{slug}"):
        assert path in schema["paths"], path
    commune = schema["components"]["schemas"]["CommuneOut"]["properties"]
    assert {
        "insee",
        "name",
        "population",
        "postal_codes",
        "lat",
        "lon",
        "area_km2",
        "density",
        "urban_class",
    } <= set(commune)
    params = {p["name"] for p in schema["paths"]["/api/v1/places"]["get"]["parameters"]}
    assert {"commune", "kind", "cursor", "limit"} <= params
