"""Dashboards, yearly summary, CSV, attestation and the agents' queue: content and query counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from solidaires.accounts.tests.factories import UserFactory
from solidaires.volunteering.engagement.models import Engagement, HoursState
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    EngagementMissionFactory,
    HoursEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager, title="Atelier réparation")


def fill(mission, n):
    """n applications, n active volunteers with hours (validated and pending)."""
    for _ in range(n):
        EngagementFactory(mission=mission)
        active = ActiveEngagementFactory(mission=mission)
        HoursEntryFactory(engagement=active, state=HoursState.VALIDATED)
        HoursEntryFactory(engagement=active)


@pytest.mark.parametrize("rows", [3, 30])
def test_association_dashboard_query_count_is_constant(
    client, mission, manager, bicyclette, rows, django_assert_max_num_queries
):
    fill(mission, rows)
    client.force_login(manager)
    with django_assert_max_num_queries(20):
        response = client.get(f"/missions/association/{bicyclette.slug}/tableau/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{rows} candidature" in page
    assert "Page suivante" in page if rows > 20 else "Page suivante" not in page


@pytest.mark.parametrize("rows", [3, 30])
def test_volunteer_dashboard_query_count_is_constant(
    client, bicyclette, manager, inhabitant, rows, django_assert_max_num_queries
):
    for i in range(rows):
        mission = EngagementMissionFactory(association=bicyclette, posted_by=manager)
        engagement = (
            ActiveEngagementFactory(mission=mission, volunteer=inhabitant)
            if i % 2
            else EngagementFactory(mission=mission, volunteer=inhabitant)
        )
        if i % 2:
            HoursEntryFactory(engagement=engagement, state=HoursState.VALIDATED)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(20):
        response = client.get("/missions/mon-benevolat/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "La Bicyclette Bleue" in page
    assert "Télécharger l&#x27;attestation" in page or "Télécharger l'attestation" in page


@pytest.mark.parametrize("rows", [3, 30])
def test_agents_queue_query_count_is_constant(client, mission, agent, rows, django_assert_max_num_queries):
    for _ in range(rows):
        e = EngagementFactory(mission=mission)
        Engagement.objects.filter(pk=e.pk).update(created_at=timezone.now() - timedelta(days=11))
    client.force_login(agent)
    with django_assert_max_num_queries(15):
        response = client.get("/missions/engagements/agents/")
    assert response.status_code == 200
    assert "11 jours" in response.content.decode()


def test_empty_states(client, manager, bicyclette, inhabitant, agent):
    client.force_login(manager)
    page = client.get(f"/missions/association/{bicyclette.slug}/tableau/").content.decode()
    assert "Aucune candidature en attente" in page
    assert "Aucune heure à valider" in page
    client.force_login(inhabitant)
    page = client.get("/missions/mon-benevolat/").content.decode()
    assert "Vous n&#x27;avez pas encore proposé votre aide" in page or "pas encore proposé votre aide" in page
    client.force_login(agent)
    assert "Aucune candidature en souffrance" in client.get("/missions/engagements/agents/").content.decode()


def test_yearly_summary_page_and_csv(client, mission, manager, bicyclette):
    year = timezone.localdate().year
    camille = ActiveEngagementFactory(mission=mission, volunteer=UserFactory(display_name="=Camille"))
    lou = ActiveEngagementFactory(mission=mission, volunteer=UserFactory(display_name="Lou"))
    for i in range(11):  # 110 hours for Camille, on 11 days
        HoursEntryFactory(
            engagement=camille,
            day=date(year, 1, 1) + timedelta(days=i),
            minutes=600,
            state=HoursState.VALIDATED,
        )
    HoursEntryFactory(engagement=lou, day=date(year, 1, 2), minutes=90, state=HoursState.VALIDATED)
    HoursEntryFactory(engagement=lou, day=date(year, 1, 3), minutes=600, state=HoursState.PENDING)
    client.force_login(manager)
    page = client.get(f"/missions/association/{bicyclette.slug}/heures-{year}/").content.decode()
    assert "110 h" in page and "1 h 30" in page
    assert "Le Compte Bénévole" in page
    assert f"30 juin {year + 1}" in page
    response = client.get(f"/missions/association/{bicyclette.slug}/heures-{year}.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Année"
    assert rows[1][4] == "'=Camille"  # formula neutralised
    assert rows[1][5:8] == ["110,00", "110", "11"]
    assert rows[1][9] == "oui"
    assert rows[2][4:6] == ["Lou", "1,50"]
    assert rows[2][9] == "non"
    assert len(rows) == 3


def test_future_year_summary_is_404(client, manager, bicyclette):
    client.force_login(manager)
    assert (
        client.get(
            f"/missions/association/{bicyclette.slug}/heures-{timezone.localdate().year + 1}/"
        ).status_code
        == 404
    )


def test_attestation_pdf_for_the_volunteer(client, mission, inhabitant, bicyclette, monkeypatch):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=inhabitant)
    today = timezone.localdate()
    HoursEntryFactory(engagement=engagement, day=today, minutes=180, state=HoursState.VALIDATED)
    HoursEntryFactory(engagement=engagement, day=today, minutes=60, state=HoursState.PENDING)  # not counted
    HoursEntryFactory(
        engagement=engagement, day=today - timedelta(days=400), minutes=60, state=HoursState.VALIDATED
    )
    captured = {}
    from solidaires.volunteering.engagement import attestation

    original = attestation.attestation_content

    def spy(doc, data):
        captured["data"] = data
        original(doc, data)

    monkeypatch.setattr(attestation, "attestation_content", spy)
    client.force_login(inhabitant)
    response = client.get(
        "/missions/attestation/",
        {"association": bicyclette.slug, "du": date(today.year, 1, 1).isoformat(), "au": today.isoformat()},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="attestation-benevolat-')
    assert response.content.startswith(b"%PDF-")
    data = captured["data"]
    assert data.volunteer_name == "Camille"
    assert data.association_name == "La Bicyclette Bleue"
    assert list(data.rows) == [("Atelier réparation", 180, 1)]


def test_attestation_bad_dates_show_the_form_with_errors(client, inhabitant, bicyclette):
    client.force_login(inhabitant)
    response = client.get(
        "/missions/attestation/", {"association": bicyclette.slug, "du": "2026-05-01", "au": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "La date de fin doit être après la date de début." in response.content.decode()
    response = client.get("/missions/attestation/", {"association": bicyclette.slug, "du": "pas une date"})
    assert "Indiquez une date" in response.content.decode()


def test_association_box_on_the_association_page(client, mission, bicyclette):
    now = timezone.now()
    for days in (1, 2, 2):
        e = EngagementFactory(mission=mission, state="active")
        Engagement.objects.filter(pk=e.pk).update(
            created_at=now - timedelta(days=10), answered_at=now - timedelta(days=10 - days)
        )
    from solidaires.volunteering.engagement.selectors import refresh_response_times
    from solidaires.volunteering.engagement.slots import association_volunteering

    refresh_response_times([bicyclette.pk])
    html = association_volunteering(association=bicyclette)
    assert "Répond en général sous 2 jours" in html
    assert "Atelier réparation" in html


def test_association_page_shows_the_box_and_the_managers_link(
    client, mission, bicyclette, manager, inhabitant
):
    page = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "Missions de bénévolat" in page
    assert "Atelier réparation" in page
    assert "Tableau de bord des bénévoles" not in page
    client.force_login(manager)
    page = client.get(bicyclette.get_absolute_url()).content.decode()
    assert f"/missions/association/{bicyclette.slug}/tableau/" in page
