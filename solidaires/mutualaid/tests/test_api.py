"""The public API exposes open posts with public fields only (no author identity)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.mutualaid.models import PostState

from .factories import MutualAidPostFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "id",
    "kind",
    "kind_label",
    "category",
    "category_label",
    "title",
    "description",
    "commune",
    "expires_on",
    "created_at",
    "url",
}


def test_list_has_public_fields_only(client, valence):
    author = UserFactory(display_name="Gisèle Secrète", email="gisele.secrete@exemple.fr")
    MutualAidPostFactory(author=author, commune=valence, on_behalf_name="")
    response = client.get("/api/v1/entraide/")
    assert response.status_code == 200
    data = response.json()
    assert set(data["items"][0]) == PUBLIC_FIELDS
    text = json.dumps(data)
    assert "Gisèle" not in text and "gisele.secrete" not in text and "author" not in text


def test_list_filters_and_excludes_closed_or_hidden(client, valence, romans):
    MutualAidPostFactory(title="Ouverte", kind="offer", commune=valence)
    MutualAidPostFactory(title="Romanaise", kind="request", commune=romans)
    MutualAidPostFactory(title="Masquée", hidden_at=timezone.now())
    MutualAidPostFactory(title="Retirée", state=PostState.CLOSED)
    titles = {p["title"] for p in client.get("/api/v1/entraide/").json()["items"]}
    assert titles == {"Ouverte", "Romanaise"}
    assert [p["title"] for p in client.get("/api/v1/entraide/?kind=offer").json()["items"]] == ["Ouverte"]
    assert [p["title"] for p in client.get("/api/v1/entraide/?commune=26281").json()["items"]] == [
        "Romanaise"
    ]
    assert client.get("/api/v1/entraide/?kind=autre").status_code == 422


def test_cursor_pagination(client):
    MutualAidPostFactory.create_batch(5)
    first = client.get("/api/v1/entraide/?limit=3").json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = client.get(f"/api/v1/entraide/?limit=3&cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in second["items"]}


def test_detail(client):
    post = MutualAidPostFactory()
    hidden = MutualAidPostFactory(hidden_at=timezone.now())
    data = client.get(f"/api/v1/entraide/{post.pk}").json()
    assert set(data) == PUBLIC_FIELDS and data["title"] == post.title
    assert client.get(f"/api/v1/entraide/{hidden.pk}").status_code == 404
    assert client.get("/api/v1/entraide/999999").status_code == 404


def test_on_behalf_first_name_is_not_exposed(client, agent, valence):
    MutualAidPostFactory(author=agent, on_behalf_name="Josiane", consent_method="phone")
    text = client.get("/api/v1/entraide/").content.decode()
    assert "Josiane" not in text and agent.email not in text
