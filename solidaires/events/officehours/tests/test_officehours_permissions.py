"""Every permanence, booking and feed view x every role (anonymous, inhabitant, member, manager,
agent, elected, admin)."""

from __future__ import annotations

import pytest

from conftest import ROLES
from solidaires.events.officehours.models import OfficeHoursState
from solidaires.events.tests.factories import BookingFactory, OfficeHoursFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
#        anonymous, inhabitant, member, manager, agent, elected, admin
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
CREATE = (LOGIN, 403, 403, 200, 200, 403, 200)
ORGANISERS = (LOGIN, 403, 403, 200, 200, 403, 200)
ENDED = (404, 404, 404, 200, 200, 404, 200)
LOGGED_IN = (LOGIN, 200, 200, 200, 200, 200, 200)
# The inhabitant's booking at La Bicyclette Bleue's permanence: owner, organisers, agents.
OWN_BOOKING = (LOGIN, 200, 404, 200, 200, 404, 200)
# Decision 1102: those who see the appointment (organisers, agents) get 403 for its file.
OWN_BOOKING_ICS = (LOGIN, 200, 404, 403, 403, 404, 403)
BOOK = (LOGIN, 302, 302, 302, 302, 302, 302)


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
def office_hours(bicyclette):
    return OfficeHoursFactory(association=bicyclette)


@pytest.fixture
def booking(office_hours, inhabitant):
    return BookingFactory(office_hours=office_hours, user=inhabitant)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_public_pages(request, as_role, office_hours, valence):
    client, _ = as_role
    for url in (
        "/agenda/permanences/",
        office_hours.get_absolute_url(),
        f"/agenda/permanences/{office_hours.pk}-{office_hours.slug}.ics",
        "/agenda/feed.ics",
        "/agenda/feeds/",
        f"/agenda/feeds/lieu/{office_hours.place.slug}.ics",
        "/agenda/feeds/association/la-bicyclette-bleue.ics",
        "/agenda/feeds/commune/26362.ics",
        "/agenda/feeds/categorie/conseils_juridiques.ics",
        office_hours.place.get_absolute_url(),
    ):
        check(client.get(url), expect(request, PUBLIC))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_ended_permanence_page(request, as_role, office_hours):
    office_hours.state = OfficeHoursState.ENDED
    office_hours.save()
    client, _ = as_role
    check(client.get(office_hours.get_absolute_url()), expect(request, ENDED))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("url", ["/agenda/permanences/nouvelle/", "/agenda/permanences/gerer/"])
def test_create_and_manage(request, as_role, url):
    client, _ = as_role
    check(client.get(url), expect(request, CREATE))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("suffix", ["modifier/", "dates/", "rendez-vous/", "suspend/", "end/"])
def test_organiser_pages(request, as_role, office_hours, suffix):
    client, _ = as_role
    check(client.get(f"/agenda/permanences/{office_hours.pk}/{suffix}"), expect(request, ORGANISERS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_organiser_posts_are_refused_to_others(request, as_role, office_hours):
    client, _ = as_role
    expected = expect(request, ORGANISERS)
    response = client.post(f"/agenda/permanences/{office_hours.pk}/suspend/")
    office_hours.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert office_hours.state == OfficeHoursState.SUSPENDED
    else:
        check(response, expected)
        assert office_hours.state == OfficeHoursState.ACTIVE


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_exception_remove_page(request, as_role, office_hours):
    exception = office_hours.exceptions.create(day=office_hours.dtstart)
    client, _ = as_role
    check(
        client.get(f"/agenda/permanences/{office_hours.pk}/dates/{exception.pk}/retablir/"),
        expect(request, ORGANISERS),
    )


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
@pytest.mark.parametrize("url", ["/agenda/mes-rendez-vous/", "/agenda/mon-agenda/"])
def test_personal_pages(request, as_role, url):
    client, _ = as_role
    check(client.get(url), expect(request, LOGGED_IN))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_booking_cancel_page(request, as_role, booking):
    client, _ = as_role
    check(client.get(f"/agenda/mes-rendez-vous/{booking.pk}/annuler/"), expect(request, OWN_BOOKING))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_booking_ics(request, as_role, booking):
    client, _ = as_role
    check(client.get(f"/agenda/mes-rendez-vous/{booking.pk}.ics"), expect(request, OWN_BOOKING_ICS))


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_booking_a_slot(request, as_role, office_hours):
    from solidaires.events.officehours.selectors import upcoming

    slot = upcoming(office_hours, limit=1)[0].slots[0].starts_at
    client, _ = as_role
    check(
        client.post(f"/agenda/permanences/{office_hours.pk}/reserver/", {"slot": slot.isoformat()}),
        expect(request, BOOK),
    )
