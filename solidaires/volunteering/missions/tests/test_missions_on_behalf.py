"""Posting on behalf of someone offline (HTTP), taking the mission over, contact, privacy."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from solidaires.accounts.privacy import exporter_names
from solidaires.moderation import privacy as moderation_privacy
from solidaires.moderation import services as moderation
from solidaires.volunteering.missions.models import Mission, SavedSearch, VolunteerOffer
from solidaires.volunteering.missions.privacy import erase_user_data, export_user_data
from solidaires.volunteering.tests.factories import MissionFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _post(commune, **overrides):
    data = {
        "pour-on_behalf_name": "Josiane",
        "pour-consent_method": "in_person",
        "pour-consent_confirmed": "on",
        "title": "Quelqu'un pour porter mes courses",
        "description": "Le samedi matin, du marché à chez moi.",
        "themes": ["seniors"],
        "communes": [commune.insee],
        "schedule_kind": "flexible",
        "volunteers_wanted": "1",
        "publier": "1",
    }
    data.update(overrides)
    return data


def test_agent_posts_on_behalf_then_inhabitant_takes_over(client, agent, inhabitant, romans):
    client.force_login(agent)
    assert client.get("/missions/nouvelle/pour-autrui/").status_code == 200
    response = client.post("/missions/nouvelle/pour-autrui/", _post(romans))
    assert response.status_code == 302, response.content.decode()[:3000]
    mission = Mission.objects.get()
    assert mission.on_behalf_name == "Josiane" and mission.contact == agent
    assert mission.state == "published"
    html = client.get(response["Location"]).content.decode()
    code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", html).group(0)
    # shown once only
    assert code not in client.get(response["Location"]).content.decode()
    # the public page says answers go through the agent
    client.logout()
    assert "est pas en ligne" in client.get(mission.get_absolute_url()).content.decode()
    client.force_login(inhabitant)
    response = client.post("/missions/reprendre/", {"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 400
    assert "ne correspond à aucune mission" in response.content.decode()
    response = client.post("/missions/reprendre/", {"code": code})
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.posted_by == inhabitant and mission.contact == inhabitant
    assert "Mes missions publiées" in client.get("/missions/publiees/").content.decode()
    assert mission.title.replace("'", "&#x27;") in client.get("/missions/publiees/").content.decode()


def test_on_behalf_requires_consent(client, agent, romans):
    client.force_login(agent)
    data = _post(romans, **{"pour-on_behalf_name": "Josiane Dupont"})
    del data["pour-consent_confirmed"]
    response = client.post("/missions/nouvelle/pour-autrui/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "sans l&#x27;accord de la personne" in html
    assert "sans nom de famille" in html
    assert not Mission.objects.exists()


def test_contact_starts_a_thread(client, inhabitant, manager, bicyclette, romans):
    mission = MissionFactory(association=bicyclette, posted_by=manager, communes=[romans])
    response = client.post(f"/missions/{mission.pk}/contacter/")
    assert (response.status_code == 302 and "login" in response["Location"]) or "comptes" in response[
        "Location"
    ]
    client.force_login(inhabitant)
    assert "Poser une question" in client.get(mission.get_absolute_url()).content.decode()
    response = client.post(f"/missions/{mission.pk}/contacter/")
    assert response.status_code == 302
    assert response["Location"].startswith("/messages/")


def test_export_and_erase(inhabitant, romans):
    assert "volunteering_missions" in exporter_names()
    mission = MissionFactory(
        association=None, group_name="Collectif", posted_by=inhabitant, communes=[romans]
    )
    OfferFactory(person=inhabitant, home_commune=romans)
    SavedSearch.objects.create(user=inhabitant, name="Tout", query_string="")
    other = MissionFactory(communes=[romans])
    report = moderation.report_create(by=inhabitant, target=other, reason="other", details="Bizarre")
    data = export_user_data(inhabitant)
    assert data["missions_posted"][0]["title"] == mission.title
    assert len(data["volunteer_offers"]) == 1 and len(data["saved_searches"]) == 1
    # Reports about missions are the platform's: the moderation part exports and erases them.
    assert "mission_reports" not in data
    made = moderation_privacy.export_user_data(inhabitant)["reports_made"]
    assert made == [
        {
            "content": "mission",
            "reason": "Autre raison",
            "details": "Bizarre",
            "state": "À traiter",
            "created_at": report.created_at.isoformat(),
        }
    ]
    moderation_privacy.erase_user_data(user=inhabitant)
    erase_user_data(user=inhabitant)
    erase_user_data(user=inhabitant)  # idempotent
    mission.refresh_from_db()
    assert mission.state == "closed" and mission.posted_by is None and mission.group_name == ""
    assert not VolunteerOffer.objects.exists() and not SavedSearch.objects.exists()
    report.refresh_from_db()
    assert report.reporter is None and report.details == ""


def test_mine_lists_managed_association_missions(client, member, manager, bicyclette, romans):
    MissionFactory(
        title="Posted by someone else",
        association=bicyclette,
        communes=[romans],
        starts_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(manager)
    assert "Posted by someone else" in client.get("/missions/publiees/").content.decode()
    client.force_login(member)
    html = client.get("/missions/publiees/").content.decode()
    assert "Posted by someone else" not in html
    assert "Vous n&#x27;avez publié aucune mission" in html or "aucune mission" in html
