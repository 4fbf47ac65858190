"""A volunteer without a display name is never named after their e-mail address (decision 1110):
the association's application cards, the application page, the yearly summary and its CSV,
the attestation PDF."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from solidaires.accounts.tests.naming import assert_named_without_address, nameless_user, pdf_text
from solidaires.volunteering.engagement.models import HoursState
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


@pytest.fixture
def jeanne():
    return nameless_user()


def test_application_cards_and_page_seen_by_the_association(client, mission, manager, bicyclette, jeanne):
    applied = EngagementFactory(mission=mission, volunteer=jeanne)
    active = ActiveEngagementFactory(
        mission=EngagementMissionFactory(association=bicyclette), volunteer=jeanne
    )
    HoursEntryFactory(engagement=active)  # pending hours, listed with the volunteer's name
    client.force_login(manager)
    dashboard = client.get(f"/missions/association/{bicyclette.slug}/tableau/")
    assert dashboard.status_code == 200
    assert_named_without_address(dashboard.content.decode())
    page = client.get(applied.get_absolute_url())
    assert page.status_code == 200
    assert_named_without_address(page.content.decode())


def test_yearly_summary_and_its_csv(client, mission, manager, bicyclette, jeanne):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=jeanne)
    HoursEntryFactory(engagement=engagement, state=HoursState.VALIDATED)
    year = timezone.localdate().year
    client.force_login(manager)
    html = client.get(f"/missions/association/{bicyclette.slug}/heures-{year}/")
    assert html.status_code == 200
    assert_named_without_address(html.content.decode())
    csv = client.get(f"/missions/association/{bicyclette.slug}/heures-{year}.csv")
    assert csv.status_code == 200
    assert_named_without_address(b"".join(csv).decode("utf-8-sig"))


def test_attestation_pdf(client, mission, bicyclette, jeanne):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=jeanne)
    today = timezone.localdate()
    HoursEntryFactory(engagement=engagement, day=today, minutes=180, state=HoursState.VALIDATED)
    client.force_login(jeanne)
    response = client.get(
        "/missions/attestation/",
        {"association": bicyclette.slug, "du": date(today.year, 1, 1).isoformat(), "au": today.isoformat()},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Atelier réparation" in text  # the text was read
    assert_named_without_address(text)


def test_attestation_form_asks_a_nameless_volunteer_for_a_name(client, mission, jeanne, manager):
    engagement = ActiveEngagementFactory(mission=mission, volunteer=jeanne)
    HoursEntryFactory(engagement=engagement, state=HoursState.VALIDATED)
    client.force_login(jeanne)
    html = client.get("/missions/attestation/").content.decode()
    assert "Indiquez votre prénom et votre nom sur votre profil" in html
    assert_named_without_address(html)
    client.force_login(manager)  # named: no such note
    assert "Indiquez votre prénom" not in client.get("/missions/attestation/").content.decode()
