"""Personal data of engagements and hours: export and erasure."""

from __future__ import annotations

import pytest

from solidaires.volunteering.engagement.models import Engagement, EngagementTransition, HoursEntry, HoursState
from solidaires.volunteering.engagement.privacy import erase_user_data, export_user_data
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    EngagementMissionFactory,
    EngagementOfferFactory,
    HoursEntryFactory,
    MissionProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(bicyclette, manager, inhabitant):
    mission = EngagementMissionFactory(association=bicyclette, posted_by=manager, title="Atelier")
    active = ActiveEngagementFactory(mission=mission, volunteer=inhabitant, message="Mon message")
    applied = EngagementFactory(volunteer=inhabitant, message="Autre")
    HoursEntryFactory(engagement=active, minutes=90, note="Réparé 3 vélos", state=HoursState.VALIDATED)
    MissionProposalFactory(offer=EngagementOfferFactory(person=inhabitant), mission=mission)
    other = EngagementFactory(mission=mission, message="Pas à moi")
    return active, applied, other


def test_export_holds_the_persons_engagements_hours_and_proposals(setup, inhabitant):
    data = export_user_data(inhabitant)
    assert {e["message"] for e in data["engagements"]} == {"Mon message", "Autre"}
    assert data["hours"] == [
        {
            "mission": "Atelier",
            "day": data["hours"][0]["day"],
            "minutes": 90,
            "note": "Réparé 3 vélos",
            "state": "Validées",
            "reject_reason": "",
        }
    ]
    assert len(data["missions_proposed_to_me"]) == 1
    assert "Pas à moi" not in str(data)


def test_registered_in_the_platform_export(setup, inhabitant):
    from solidaires.accounts import privacy

    assert "volunteering_engagements" in privacy._exporters


def test_erasure_closes_open_engagements_and_blanks_free_text(setup, inhabitant):
    active, applied, other = setup
    erase_user_data(user=inhabitant, by=None)
    erase_user_data(user=inhabitant, by=None)  # idempotent
    active.refresh_from_db()
    applied.refresh_from_db()
    other.refresh_from_db()
    assert (active.state, active.message) == ("ended", "")
    assert (applied.state, applied.message) == ("withdrawn", "")
    assert other.message == "Pas à moi"
    entry = HoursEntry.objects.get()
    assert entry.note == "" and entry.minutes == 90  # the association's count stays
    assert EngagementTransition.objects.filter(note="Compte effacé").count() == 2
    assert Engagement.objects.count() == 3
