"""GET /api/v1/associations and /api/v1/associations/{slug}: verified associations only."""

from __future__ import annotations

import pytest

from solidaires.associations.models import AssociationStatus
from solidaires.associations.tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/associations"


@pytest.fixture
def listed(bicyclette, valence):
    bicyclette.communes.add(valence)
    AssociationFactory(name="Jardins de Valence", head_office_commune=valence, themes=["environnement"])
    AssociationFactory(name="En attente", head_office_commune=valence, status=AssociationStatus.PENDING)
    AssociationFactory(name="Refusée", head_office_commune=valence, status=AssociationStatus.REJECTED)


def test_list_fields_and_only_verified(client, listed):
    data = client.get(URL).json()
    assert [item["name"] for item in data["items"]] == ["Jardins de Valence", "La Bicyclette Bleue"]
    assert data["next_cursor"] is None
    item = data["items"][1]
    assert item["slug"] == "la-bicyclette-bleue"
    assert item["legal_form"] == "association_1901"
    assert item["head_office_commune"] == {"insee": "26281", "name": "Romans-sur-Isère"}
    assert {c["insee"] for c in item["communes"]} == {"26281", "26362"}
    assert [t["slug"] for t in item["themes"]] == ["mobilite", "reparation"]
    assert item["themes"][0]["data_inclusion"] == "mobilite"
    assert item["verified"] is True
    assert item["contact"] == {"email": "", "phone": ""}
    assert set(item) >= {"acronym", "website", "url"}


def test_filters(client, listed):
    assert [i["name"] for i in client.get(URL, {"q": "bicyclettes"}).json()["items"]] == [
        "La Bicyclette Bleue"
    ]
    assert [i["name"] for i in client.get(URL, {"theme": "environnement"}).json()["items"]] == [
        "Jardins de Valence"
    ]
    assert len(client.get(URL, {"commune": "26362"}).json()["items"]) == 2
    assert client.get(URL, {"commune": "26281"}).json()["items"][0]["name"] == "La Bicyclette Bleue"
    assert client.get(URL, {"q": "en attente"}).json()["items"] == []


def test_bad_parameters(client, listed):
    assert client.get(URL, {"commune": "paris"}).status_code == 422
    assert client.get(URL, {"limit": 1000}).status_code == 422


def test_cursor_pagination(client, valence, django_assert_max_num_queries):
    for i in range(7):
        AssociationFactory(name=f"Asso {i}", head_office_commune=valence)
    with django_assert_max_num_queries(4):
        first = client.get(URL, {"limit": 3}).json()
    assert [i["name"] for i in first["items"]] == ["Asso 0", "Asso 1", "Asso 2"]
    second = client.get(URL, {"limit": 3, "cursor": first["next_cursor"]}).json()
    assert [i["name"] for i in second["items"]] == ["Asso 3", "Asso 4", "Asso 5"]
    third = client.get(URL, {"limit": 3, "cursor": second["next_cursor"]}).json()
    assert [i["name"] for i in third["items"]] == ["Asso 6"]
    assert third["next_cursor"] is None


def test_detail(client, bicyclette):
    data = client.get(f"{URL}/{bicyclette.slug}").json()
    assert data["name"] == "La Bicyclette Bleue"
    assert data["rna"] == bicyclette.rna
    assert "description" in data


def test_detail_hides_unverified(client, valence, agent):
    pending = AssociationFactory(
        name="En attente", head_office_commune=valence, status=AssociationStatus.PENDING
    )
    assert client.get(f"{URL}/{pending.slug}").status_code == 404
    client.force_login(agent)  # the public API is the same for everyone
    assert client.get(f"{URL}/{pending.slug}").status_code == 404
    assert client.get(f"{URL}/inconnue").status_code == 404


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/associations" in paths
    assert "/api/v1/associations/{slug}" in paths
