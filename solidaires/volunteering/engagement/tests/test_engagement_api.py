"""POST /api/v1/missions/{id}/candidatures: 201 / 400 / 401 / 403 / 404 / 409, French errors."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from solidaires.volunteering.engagement.models import Engagement
from solidaires.volunteering.missions.models import Mission, MissionState
from solidaires.volunteering.tests.factories import EngagementMissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager)


def post(client, mission_id, body):
    return client.post(f"/api/v1/missions/{mission_id}/candidatures", body, content_type="application/json")


def test_apply_201(client, mission, inhabitant):
    client.force_login(inhabitant)
    response = post(client, mission.pk, {"message": "Disponible le samedi"})
    assert response.status_code == 201, response.content
    data = response.json()
    engagement = Engagement.objects.get()
    assert data == {
        "id": engagement.pk,
        "mission_id": mission.pk,
        "state": "applied",
        "url": f"/missions/engagements/{engagement.pk}/",
    }
    assert engagement.message == "Disponible le samedi"


def test_anonymous_401(client, mission):
    response = post(client, mission.pk, {"message": "x"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Connectez-vous pour proposer votre aide."


def test_twice_409(client, mission, inhabitant):
    client.force_login(inhabitant)
    post(client, mission.pk, {})
    response = post(client, mission.pk, {})
    assert response.status_code == 409
    assert "déjà proposé votre aide" in response.json()["detail"]


def test_full_mission_409(client, mission, inhabitant):
    Mission.objects.filter(pk=mission.pk).update(state=MissionState.FULL)
    client.force_login(inhabitant)
    assert post(client, mission.pk, {}).status_code == 409


def test_bad_input_400(client, mission, inhabitant):
    client.force_login(inhabitant)
    response = post(client, mission.pk, {"message": "x" * 2001})
    assert response.status_code == 400
    assert "raccourcissez-le" in response.json()["errors"]["message"][0]
    Mission.objects.filter(pk=mission.pk).update(min_age=16)
    response = post(client, mission.pk, {"message": "Bonjour"})
    assert response.status_code == 400
    assert "age_confirmed" in response.json()["errors"]


def test_own_mission_400(client, mission, manager):
    client.force_login(manager)
    response = post(client, mission.pk, {})
    assert response.status_code == 400
    assert "que vous gérez" in response.json()["detail"]


@pytest.mark.parametrize("how", ["unknown", "draft", "hidden"])
def test_unknown_or_unpublished_404(client, mission, inhabitant, how):
    if how == "draft":
        Mission.objects.filter(pk=mission.pk).update(state=MissionState.DRAFT)
    if how == "hidden":
        Mission.objects.filter(pk=mission.pk).update(hidden_at=timezone.now())
    client.force_login(inhabitant)
    assert post(client, mission.pk + (1000 if how == "unknown" else 0), {}).status_code == 404


def test_csrf_is_enforced_for_session_clients(mission, inhabitant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inhabitant)
    response = post(client, mission.pk, {})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Engagement.objects.exists()
