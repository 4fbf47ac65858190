"""Permission grid: every missions / offers / saved-search / agents' view × every role."""

from __future__ import annotations

import pytest

from conftest import ROLES
from solidaires.accounts.tests.factories import UserFactory
from solidaires.volunteering.missions.models import SavedSearch
from solidaires.volunteering.tests.factories import MissionFactory, OfferFactory

pytestmark = pytest.mark.django_db

LOGIN = 302


def expect(default, **per_role):
    return {role: per_role.get(role, default) for role in ROLES}


EVERYONE_200 = expect(200)
LOGGED_200 = expect(200, anonymous=LOGIN)
AGENTS_ONLY = expect(403, anonymous=LOGIN, agent=200, admin_user=200)
CHANGERS = expect(403, anonymous=LOGIN, manager=200, agent=200, admin_user=200)
BROWSE_OFFERS = expect(403, anonymous=LOGIN, member=200, manager=200, agent=200, admin_user=200)
VIEW_OFFER = expect(404, anonymous=LOGIN, member=200, manager=200, agent=200, admin_user=200)
DRAFT_VIEW = expect(404, manager=200, agent=200, admin_user=200)
# Decision 1102: those who see the offer but did not publish it get 403, the others 404.
CHANGE_OFFER = expect(404, anonymous=LOGIN, member=403, manager=403, agent=403, admin_user=403)
# The report form is the platform's (decision 0828); the old address redirects for good.
REPORT = expect(200, anonymous=LOGIN, manager=403)  # the manager posted it
MOVED = expect(301)

GRID = [
    ("/missions/", EVERYONE_200),
    ("{mission}", EVERYONE_200),
    ("{draft}", DRAFT_VIEW),
    ("/missions/nouvelle/", LOGGED_200),
    ("/missions/nouvelle/pour-autrui/", AGENTS_ONLY),
    ("/missions/publiees/", LOGGED_200),
    ("/missions/reprendre/", LOGGED_200),
    ("/missions/{pk}/modifier/", CHANGERS),
    ("/missions/{pk}/cloturer/", CHANGERS),
    ("/missions/{draft_pk}/publier/", expect(404, anonymous=LOGIN, manager=200, agent=200, admin_user=200)),
    ("/missions/{pk}/signaler/", MOVED),
    ("/entraide/signaler/mission/{pk}/", REPORT),
    ("/missions/recherches/", LOGGED_200),
    ("/missions/recherches/enregistrer/?q=velo", LOGGED_200),
    ("/missions/recherches/{saved_pk}/supprimer/", expect(404, anonymous=LOGIN)),
    ("/missions/propositions/", BROWSE_OFFERS),
    ("/missions/propositions/nouvelle/", LOGGED_200),
    ("/missions/propositions/miennes/", LOGGED_200),
    ("/missions/propositions/{offer_pk}/", VIEW_OFFER),
    ("/missions/propositions/{offer_pk}/modifier/", CHANGE_OFFER),
    ("/missions/propositions/{offer_pk}/pause/", CHANGE_OFFER),
    ("/espace-agents/missions/", AGENTS_ONLY),
    ("/espace-agents/missions/?voir=signalees", AGENTS_ONLY),
    ("/espace-agents/missions/?voir=masquees", AGENTS_ONLY),
    ("/espace-agents/missions/?voir=pour-autrui", AGENTS_ONLY),
    ("/espace-agents/missions/{pk}/masquer/", AGENTS_ONLY),
    ("/espace-agents/missions/{pk}/reafficher/", AGENTS_ONLY),
]


@pytest.fixture
def objects(manager, bicyclette, romans):
    mission = MissionFactory(association=bicyclette, posted_by=manager, communes=[romans])
    draft = MissionFactory(
        association=bicyclette, posted_by=manager, communes=[romans], state="draft", published_at=None
    )
    stranger = UserFactory()
    offer = OfferFactory(person=stranger)
    saved = SavedSearch.objects.create(user=stranger, name="Vélo", query_string="q=velo")
    return {
        "mission": mission.get_absolute_url(),
        "draft": draft.get_absolute_url(),
        "pk": mission.pk,
        "draft_pk": draft.pk,
        "offer_pk": offer.pk,
        "saved_pk": saved.pk,
    }


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize(("url", "expected"), GRID, ids=[u for u, _ in GRID])
def test_permission_grid(as_role, objects, url, expected, request):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    response = client.get(url.format(**objects))
    assert response.status_code == expected[role], (role, url, response.status_code)
    if expected[role] == LOGIN:
        assert (
            "/comptes/" in response["Location"]
            or "login" in response["Location"]
            or "connexion" in response["Location"]
        )


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_close_post_grid(as_role, objects, request):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    response = client.post(f"/missions/{objects['pk']}/cloturer/")
    assert response.status_code == {**CHANGERS, "manager": 302, "agent": 302, "admin_user": 302}[role]


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_hide_post_grid(as_role, objects, request):
    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    response = client.post(f"/espace-agents/missions/{objects['pk']}/masquer/", {"reason": "Motif"})
    assert response.status_code == {**AGENTS_ONLY, "agent": 302, "admin_user": 302}[role]


def test_other_users_saved_search_and_offer_are_404(client, inhabitant, objects):
    client.force_login(inhabitant)
    assert client.post(f"/missions/recherches/{objects['saved_pk']}/supprimer/").status_code == 404
    assert client.post(f"/missions/propositions/{objects['offer_pk']}/retirer/").status_code == 404
    assert SavedSearch.objects.filter(pk=objects["saved_pk"]).exists()


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_dismiss_report_post_grid(as_role, objects, request):
    """ "Classer sans suite" in the missions queue: agents only (decision 0828)."""
    from solidaires.moderation import services as moderation
    from solidaires.moderation.models import ReportState
    from solidaires.volunteering.missions.models import Mission

    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    mission = Mission.objects.get(pk=objects["pk"])
    report = moderation.report_create(by=UserFactory(), target=mission, reason="spam")
    response = client.post(f"/espace-agents/missions/signalements/{report.pk}/classer/")
    assert response.status_code == {**AGENTS_ONLY, "agent": 302, "admin_user": 302}[role]
    report.refresh_from_db()
    dismissed = role in ("agent", "admin_user")
    assert report.state == (ReportState.DISMISSED if dismissed else ReportState.OPEN)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_unhide_post_grid(as_role, objects, agent, request):
    from solidaires.volunteering.missions import services
    from solidaires.volunteering.missions.models import Mission

    client, _user = as_role
    role = request.node.callspec.params["as_role"]
    mission = Mission.objects.get(pk=objects["pk"])
    services.mission_hide(mission=mission, by=agent, reason="Doublon")
    response = client.post(f"/espace-agents/missions/{objects['pk']}/reafficher/")
    assert response.status_code == {**AGENTS_ONLY, "agent": 302, "admin_user": 302}[role]
    mission.refresh_from_db()
    assert (mission.hidden_at is None) == (role in ("agent", "admin_user"))
