"""Every view of the agenda x every role (anonymous, inhabitant, member, manager, agent, elected, admin)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import ROLES
from solidaires.events.agenda.models import EventCategory, EventState
from solidaires.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"

#        anonymous, inhabitant, member, manager, agent, elected, admin
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
ORGANISERS = (LOGIN, 403, 403, 200, 200, 403, 200)
DRAFT = (404, 404, 404, 200, 200, 404, 200)
DRAFT_PAGE = (LOGIN, 404, 404, 200, 200, 404, 200)
CREATE = (LOGIN, 403, 403, 200, 200, 403, 200)
LOGGED_IN = (LOGIN, 200, 200, 200, 200, 200, 200)
AGENTS = (LOGIN, 403, 403, 403, 200, 403, 200)
# A registration belonging to the inhabitant: the owner and the organisers see it, others get 404.
OWN_REGISTRATION = (LOGIN, 200, 404, 200, 200, 404, 200)


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])
    if expected == 403:
        assert "Accès réservé" in response.content.decode()


def expect(request, table):
    return table[ROLES.index(request.node.callspec.params["as_role"])]


@pytest.fixture
def event(bicyclette):
    return EventFactory(organisers=[bicyclette])


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize(
    "url", ["/agenda/", "/agenda/?vue=semaine&semaine=2026-W49", "/agenda/?vue=mois&mois=2026-12"]
)
def test_agenda(request, as_role, url, event):
    client, _ = as_role
    check(client.get(url), expect(request, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_event_page_and_ics(request, as_role, event, manager):
    client, _ = as_role
    check(client.get(event.get_absolute_url()), expect(request, PUBLIC))
    check(client.get(f"/agenda/{event.pk}-{event.slug}.ics"), expect(request, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_draft_event_page(request, as_role, bicyclette, manager):
    draft = EventFactory(organisers=[bicyclette], state=EventState.DRAFT)
    client, _ = as_role
    check(client.get(draft.get_absolute_url()), expect(request, DRAFT))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("page", ["modifier", "annuler", "accueil"])
def test_organiser_pages(request, as_role, page, event, manager):
    client, _ = as_role
    check(client.get(f"/agenda/{event.pk}/{page}/"), expect(request, ORGANISERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_publish_page(request, as_role, bicyclette, manager):
    draft = EventFactory(organisers=[bicyclette], state=EventState.DRAFT)
    client, _ = as_role
    # Decision 1102: a visitor is sent to sign in first; a signed-in person who may not see
    # the draft gets 404.
    check(client.get(f"/agenda/{draft.pk}/publier/"), expect(request, DRAFT_PAGE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_poster(request, as_role, bicyclette, manager):
    cafe = EventFactory(organisers=[bicyclette], category=EventCategory.CAFE_BENEVOLAT, signup_code="abc234")
    client, _ = as_role
    check(client.get(f"/agenda/{cafe.pk}/affiche/"), expect(request, ORGANISERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_create(request, as_role, manager):
    client, _ = as_role
    check(client.get("/agenda/nouveau/"), expect(request, CREATE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("url", ["/agenda/mes-inscriptions/"])
def test_personal_pages(request, as_role, url):
    client, _ = as_role
    check(client.get(url), expect(request, LOGGED_IN))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_my_events(request, as_role, manager):
    client, _ = as_role
    check(client.get("/agenda/mes-evenements/"), expect(request, CREATE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_registration_pages(request, as_role, event, inhabitant, manager):
    registration = RegistrationFactory(event=event, user=inhabitant)
    client, _ = as_role
    check(client.get(registration.get_absolute_url()), expect(request, OWN_REGISTRATION))
    check(client.get(f"/agenda/inscriptions/{registration.pk}/annuler/"), expect(request, OWN_REGISTRATION))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_presence_link(request, as_role, event, inhabitant, manager):
    registration = RegistrationFactory(event=event, user=inhabitant)
    client, _ = as_role
    response = client.get(f"/agenda/presence/{registration.checkin_token}/")
    role = request.node.callspec.params["as_role"]
    if role == "inhabitant":  # the person's own code leads to their registration
        assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    else:
        check(response, expect(request, (LOGIN, None, 404, 200, 200, 404, 200)))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_cafe_stats(request, as_role):
    client, _ = as_role
    check(client.get("/espace-agents/agenda/cafes/"), expect(request, AGENTS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_register_post(request, as_role, event):
    client, user = as_role
    response = client.post(f"/agenda/{event.pk}/inscription/")
    if user is None:
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    else:
        assert response.status_code == 302
        assert event.registrations.filter(user=user, state="confirmed").exists()


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_post_to_organiser_actions(request, as_role, bicyclette, manager, inhabitant):
    client, _user = as_role
    now = timezone.now()
    event = EventFactory(
        organisers=[bicyclette], starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(hours=2)
    )
    registration = RegistrationFactory(event=event, user=inhabitant)
    response = client.post(f"/agenda/{event.pk}/accueil/", {"inscription": registration.pk, "present": "1"})
    expected = expect(request, ORGANISERS)
    if expected == 200:
        assert response.status_code == 302
    else:
        check(response, expected)
    registration.refresh_from_db()
    assert (registration.attended_at is not None) == (expected == 200)
