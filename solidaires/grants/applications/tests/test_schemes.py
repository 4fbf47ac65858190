"""Agents configure schemes, calls and envelopes; the public sees open schemes (page and API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from solidaires.core.models import AuditEntry
from solidaires.grants.models import Call, Scheme, SchemeYear
from solidaires.grants.tests.factories import CallFactory, SchemeFactory, document_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_agent_creates_a_scheme(agent_client):
    response = agent_client.post(
        reverse("grants_agents:scheme_create"),
        {
            "name": "Initiatives citoyennes",
            "code": "initiatives-citoyennes",
            "tagline": "jusqu'à 5 000 € pour un projet d'habitants",
            "applicant_kinds": ["person", "group", "association"],
            "ceiling": "5 000",
            "max_share_percent": "80",
            "required_documents": [document_kind("rib").pk],
            "criteria_text": "utilite | Utilité sociale | 3\nparticipation | Participation des habitants | 2",
            "calendar_kind": "sessions",
            "file_prefix": "ic",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = Scheme.objects.get(code="initiatives-citoyennes")
    assert scheme.ceiling_cents == 500_000
    assert scheme.file_prefix == "IC"
    assert scheme.criteria[1] == {"key": "participation", "label": "Participation des habitants", "weight": 2}
    assert AuditEntry.objects.filter(action="grant_scheme.created").exists()


def test_scheme_form_bad_input_keeps_data(agent_client):
    response = agent_client.post(
        reverse("grants_agents:scheme_create"),
        {
            "name": "Mon dispositif",
            "code": "mon-dispositif",
            "ceiling": "cinq mille",
            "criteria_text": "mauvaise ligne",
            "calendar_kind": "sessions",
            "file_prefix": "MD",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez un montant en euros" in html
    assert "Ligne 1 : écrivez" in html
    assert "Choisissez au moins un type de porteur de projet." in html
    assert "Mon dispositif" in html and "cinq mille" in html


def test_agent_creates_and_edits_a_call(agent_client):
    scheme = SchemeFactory()
    url = reverse("grants_agents:call_create", kwargs={"pk": scheme.pk})
    response = agent_client.post(
        url,
        {
            "name": "Session de printemps",
            "year": "2027",
            "opens_at": "2027-01-05T09:00",
            "closes_at": "2027-01-01T12:00",
        },
    )
    assert "La date limite doit être après l&#x27;ouverture." in response.content.decode()
    agent_client.post(
        url,
        {
            "name": "Session de printemps",
            "year": "2027",
            "opens_at": "2027-01-05T09:00",
            "closes_at": "2027-03-31T12:00",
        },
    )
    call = Call.objects.get(name="Session de printemps")
    assert timezone.localtime(call.closes_at).hour == 12
    agent_client.post(
        reverse("grants_agents:call_edit", kwargs={"pk": call.pk}),
        {
            "name": "Session de printemps 2027",
            "year": "2027",
            "opens_at": "2027-01-05T09:00",
            "closes_at": "2027-04-30T12:00",
        },
    )
    call.refresh_from_db()
    assert call.name == "Session de printemps 2027"


def test_agent_sets_a_yearly_envelope(agent_client):
    scheme = SchemeFactory()
    url = reverse("grants_agents:envelope_set", kwargs={"pk": scheme.pk})
    agent_client.post(url, {"year": "2026", "envelope": "200 000"})
    agent_client.post(url, {"year": "2026", "envelope": "210 000"})
    assert SchemeYear.objects.get(scheme=scheme, year=2026).envelope_cents == 21_000_000


def test_index_explains_open_calls_with_deadlines(client):
    call = CallFactory(name="Session d'automne")
    CallFactory(
        scheme=call.scheme,
        name="Session d'hiver",
        opens_at=timezone.now() + dt.timedelta(days=40),
        closes_at=timezone.now() + dt.timedelta(days=90),
    )
    CallFactory(
        scheme=call.scheme,
        name="Session passée",
        opens_at=timezone.now() - dt.timedelta(days=90),
        closes_at=timezone.now() - dt.timedelta(days=40),
    )
    html = client.get(reverse("grants:index")).content.decode()
    assert "Initiatives citoyennes : jusqu&#x27;à 5 000 € pour un projet d&#x27;habitants" in html
    assert "Session d&#x27;automne : dépôt jusqu'au" in html
    assert "Session d&#x27;hiver : ouverture le" in html
    assert "Session passée" not in html
    assert "Déposer un dossier" in html and "/projets/realises/" in html


def test_index_empty_state(client):
    assert "Aucune aide n'est ouverte en ce moment." in client.get(reverse("grants:index")).content.decode()


def test_api_lists_open_schemes_and_calls(client):
    call = CallFactory(name="Session d'automne")
    SchemeFactory(code="ferme", name="Fermé", is_active=False, file_prefix="FE")
    response = client.get("/api/v1/projets/dispositifs")
    assert response.status_code == 200
    data = response.json()
    assert [s["code"] for s in data] == ["initiatives-citoyennes"]
    scheme = data[0]
    assert scheme["ceiling_cents"] == 500_000 and scheme["max_share_percent"] == 80
    assert scheme["open"] is True
    assert scheme["calls"][0]["name"] == call.name and scheme["calls"][0]["is_open"] is True
    assert scheme["required_documents"] == [{"code": "rib", "label": "Relevé d'identité bancaire (RIB)"}]
