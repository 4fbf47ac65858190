"""Every engagement view x every role (anonymous, inhabitant, member, manager, agent, elected, admin)."""

from __future__ import annotations

import pytest

from conftest import ROLES
from solidaires.accounts.tests.factories import UserFactory
from solidaires.volunteering.engagement.models import HoursState
from solidaires.volunteering.tests.factories import (
    ActiveEngagementFactory,
    EngagementFactory,
    EngagementMissionFactory,
    EngagementOfferFactory,
    HoursEntryFactory,
    MissionProposalFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "login"


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected == 403:
        assert "Accès réservé" in response.content.decode()


def expect(role, table):
    return table[ROLES.index(role)]


#              anonymous, inhabitant, member, manager, agent, elected, admin
VIEW = (LOGIN, 404, 404, 200, 200, 404, 200)
DECIDE = (LOGIN, 404, 404, 200, 403, 404, 403)
DECIDE_POST = (LOGIN, 404, 404, 302, 403, 404, 403)
VOLUNTEER_ONLY = (LOGIN, 404, 404, 403, 403, 404, 403)
EVERYONE = (LOGIN, 200, 200, 200, 200, 200, 200)
MANAGERS = (LOGIN, 403, 403, 200, 403, 403, 403)
AGENTS = (LOGIN, 403, 403, 403, 200, 403, 200)
MANAGER_ATTESTATION = (LOGIN, 404, 404, 200, 404, 404, 404)
# Decision 1102: the association that proposed (its manager) knows the proposal: 403.
OFFER_OWNER_ONLY = (LOGIN, 404, 404, 403, 404, 404, 404)


@pytest.fixture
def role(request):
    return request.node.callspec.params["as_role"]


@pytest.fixture
def volunteer(db):
    return UserFactory(email="vera@exemple.fr", display_name="Vera")


@pytest.fixture
def mission(bicyclette, manager):
    return EngagementMissionFactory(association=bicyclette, posted_by=manager)


@pytest.fixture
def applied(mission, volunteer):
    return EngagementFactory(mission=mission, volunteer=volunteer)


@pytest.fixture
def active(mission, volunteer):
    return ActiveEngagementFactory(mission=mission, volunteer=volunteer)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_engagement_page(as_role, role, applied, member):
    client, _ = as_role
    check(client.get(f"/missions/engagements/{applied.pk}/"), expect(role, VIEW))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("action", ["accepter", "refuser"])
def test_decide_pages(as_role, role, applied, member, action):
    client, _ = as_role
    check(client.get(f"/missions/engagements/{applied.pk}/{action}/"), expect(role, DECIDE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_accept_post(as_role, role, applied, member):
    client, _ = as_role
    check(client.post(f"/missions/engagements/{applied.pk}/accepter/"), expect(role, DECIDE_POST))
    applied.refresh_from_db()
    assert (applied.state == "active") == (expect(role, DECIDE_POST) == 302)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_withdraw_page(as_role, role, applied, member):
    client, _ = as_role
    check(client.get(f"/missions/engagements/{applied.pk}/retirer/"), expect(role, VOLUNTEER_ONLY))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_end_page(as_role, role, active, member):
    client, _ = as_role
    check(client.get(f"/missions/engagements/{active.pk}/terminer/"), expect(role, DECIDE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_hours_log_page(as_role, role, active, member):
    client, _ = as_role
    check(client.get(f"/missions/engagements/{active.pk}/heures/"), expect(role, VOLUNTEER_ONLY))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_hours_validate_post(as_role, role, active, member):
    entry = HoursEntryFactory(engagement=active)
    client, _ = as_role
    check(client.post(f"/missions/heures/{entry.pk}/valider/"), expect(role, DECIDE_POST))
    entry.refresh_from_db()
    assert (entry.state == HoursState.VALIDATED) == (expect(role, DECIDE_POST) == 302)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_hours_reject_page(as_role, role, active, member):
    entry = HoursEntryFactory(engagement=active)
    client, _ = as_role
    check(client.get(f"/missions/heures/{entry.pk}/refuser/"), expect(role, DECIDE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_bulk_validate_post(as_role, role, active, member, bicyclette):
    entry = HoursEntryFactory(engagement=active)
    client, _ = as_role
    response = client.post(
        "/missions/heures/valider/", {"association": bicyclette.slug, "heures": [entry.pk]}
    )
    expected = expect(role, MANAGERS)
    check(response, 302 if expected == 200 else expected)
    entry.refresh_from_db()
    assert (entry.state == HoursState.VALIDATED) == (expected == 200)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_volunteer_dashboard(as_role, role, active, member):
    client, _ = as_role
    check(client.get("/missions/mon-benevolat/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("path", ["tableau/", "heures-2026/", "heures-2026.csv"])
def test_association_pages(as_role, role, active, member, bicyclette, path):
    client, _ = as_role
    check(client.get(f"/missions/association/{bicyclette.slug}/{path}"), expect(role, MANAGERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_agents_queue(as_role, role, applied, member):
    client, _ = as_role
    check(client.get("/missions/engagements/agents/"), expect(role, AGENTS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_attestation_form(as_role, role, member):
    client, _ = as_role
    check(client.get("/missions/attestation/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_attestation_of_someone_else(as_role, role, active, member, bicyclette, volunteer):
    HoursEntryFactory(engagement=active, state=HoursState.VALIDATED)
    client, _ = as_role
    response = client.get(
        "/missions/attestation/", {"association": bicyclette.slug, "benevole": volunteer.pk}
    )
    check(response, expect(role, MANAGER_ATTESTATION))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_apply_page(as_role, role, mission, member):
    client, _ = as_role
    check(client.get(f"/missions/engagements/candidater/{mission.pk}/"), expect(role, EVERYONE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_propose_page(as_role, role, mission, member, volunteer):
    offer = EngagementOfferFactory(person=volunteer)
    client, _ = as_role
    check(client.get(f"/missions/propositions/offre/{offer.pk}/"), expect(role, MANAGERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_proposal_answers(as_role, role, mission, member, volunteer):
    proposal = MissionProposalFactory(mission=mission, offer=EngagementOfferFactory(person=volunteer))
    client, _ = as_role
    check(client.get(f"/missions/propositions/{proposal.pk}/decliner/"), expect(role, OFFER_OWNER_ONLY))
    check(client.post(f"/missions/propositions/{proposal.pk}/accepter/"), expect(role, OFFER_OWNER_ONLY))


def test_the_volunteer_sees_and_acts_on_their_own_engagement(client, applied, volunteer):
    client.force_login(volunteer)
    assert client.get(f"/missions/engagements/{applied.pk}/").status_code == 200
    assert client.get(f"/missions/engagements/{applied.pk}/retirer/").status_code == 200
    assert client.get(f"/missions/engagements/{applied.pk}/accepter/").status_code == 403
    assert client.post(f"/missions/engagements/{applied.pk}/retirer/").status_code == 302
    applied.refresh_from_db()
    assert applied.state == "withdrawn"


def test_the_offer_owner_answers_a_proposal(client, mission, volunteer):
    proposal = MissionProposalFactory(mission=mission, offer=EngagementOfferFactory(person=volunteer))
    client.force_login(volunteer)
    assert client.get(f"/missions/propositions/{proposal.pk}/decliner/").status_code == 200
    response = client.post(f"/missions/propositions/{proposal.pk}/accepter/")
    assert response.status_code == 302
    assert response["Location"].startswith("/missions/engagements/")


def test_a_manager_of_another_association_gets_404(client, applied):
    from solidaires.associations.tests.factories import ManagerFactory

    client.force_login(ManagerFactory().user)
    assert client.get(f"/missions/engagements/{applied.pk}/").status_code == 404
    assert client.post(f"/missions/engagements/{applied.pk}/accepter/").status_code == 404


def test_post_only_views_refuse_get(client, manager, active):
    entry = HoursEntryFactory(engagement=active)
    client.force_login(manager)
    assert client.get(f"/missions/heures/{entry.pk}/valider/").status_code == 405
    assert client.get("/missions/heures/valider/").status_code == 405
