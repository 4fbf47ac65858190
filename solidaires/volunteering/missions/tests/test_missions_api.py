"""API: published missions with filters and cursor pagination, one mission."""

from __future__ import annotations

import pytest
from django.utils import timezone

from solidaires.territory.tests.factories import CommuneFactory, link_distance
from solidaires.volunteering.tests.factories import MissionFactory

pytestmark = pytest.mark.django_db


def test_list_published_only_with_schema(client, romans, bicyclette):
    shown = MissionFactory(
        title="Réparer des vélos", association=bicyclette, communes=[romans], themes=["mobilite"]
    )
    MissionFactory(state="draft", published_at=None, communes=[romans])
    MissionFactory(hidden_at=timezone.now(), communes=[romans])
    MissionFactory(state="closed", communes=[romans])
    response = client.get("/api/v1/missions")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [shown.pk]
    item = items[0]
    assert item["organiser"] == "La Bicyclette Bleue"
    assert item["association_slug"] == "la-bicyclette-bleue"
    assert item["communes"] == [{"insee": "26281", "name": "Romans-sur-Isère"}]
    assert item["themes"][0]["slug"] == "mobilite"
    assert item["url"] == shown.get_absolute_url()
    assert "posted_by" not in item and "contact" not in item and "handover_code_hash" not in item


def test_rayon_and_q_filters(client, romans):
    far = CommuneFactory(insee="26999", name="Lointaine", slug="26999-lointaine")
    link_distance(romans, far, 30.0)
    near = MissionFactory(title="Jardin partagé", communes=[romans])
    MissionFactory(title="Jardin lointain", communes=[far])
    ids = [i["id"] for i in client.get("/api/v1/missions?commune=26281&rayon=10").json()["items"]]
    assert ids == [near.pk]
    ids = [i["id"] for i in client.get("/api/v1/missions?q=jardins").json()["items"]]
    assert len(ids) == 2
    assert client.get("/api/v1/missions?commune=abc").status_code == 422


def test_cursor_pagination(client, romans):
    missions = [MissionFactory(communes=[romans]) for _ in range(5)]
    first = client.get("/api/v1/missions?limit=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    seen = [i["id"] for i in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(f"/api/v1/missions?limit=2&cursor={cursor}").json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(m.pk for m in missions)


def test_detail_and_404(client, romans):
    mission = MissionFactory(description="<script>alert(1)</script>", communes=[romans])
    draft = MissionFactory(state="draft", published_at=None, communes=[romans])
    data = client.get(f"/api/v1/missions/{mission.pk}").json()
    assert data["description"] == "<script>alert(1)</script>"  # JSON, escaped by the consumer
    assert client.get(f"/api/v1/missions/{draft.pk}").status_code == 404
    assert client.get("/api/v1/missions/999999").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_api_query_count(client, romans, rows, django_assert_max_num_queries):
    for _ in range(rows):
        MissionFactory(communes=[romans], themes=["culture", "sport"])
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/missions").status_code == 200


def test_openapi_documents_the_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/missions", "/api/v1/missions/propositions", "/api/v1/missions/{mission_id}"):
        assert path in paths
