"""Permanences: services (create, edit, state machine, exceptions), forms and pages."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from solidaires.associations.tests.factories import AssociationFactory, ManagerFactory
from solidaires.core.models import AuditEntry
from solidaires.events.officehours import selectors, services
from solidaires.events.officehours.models import (
    BookingState,
    OfficeHours,
    OfficeHoursExceptionKind,
    OfficeHoursKind,
    OfficeHoursState,
)
from solidaires.events.tests.factories import BookingFactory, EventFactory, OfficeHoursFactory, next_weekday
from solidaires.territory.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def form_data(place, association=None, **overrides):
    data = {
        "title": "Conseils juridiques gratuits",
        "kind": OfficeHoursKind.LEGAL,
        "association": association.pk if association else "",
        "place": place.pk,
        "description": "Un juriste bénévole.",
        "frequency": "biweekly",
        "weekday": "1",
        "dtstart": next_weekday(1).isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "until": "",
        "skip_public_holidays": "on",
        "slot_minutes": "20",
    }
    data.update(overrides)
    return data


def service_data(place, association=None, **overrides):
    data = {
        "title": "Cours de français",
        "kind": OfficeHoursKind.FRENCH,
        "association": association,
        "place": place,
        "dtstart": next_weekday(0),
        "start_time": time(9),
        "end_time": time(11),
        "rrule": "FREQ=WEEKLY;BYDAY=WE",
        "skip_public_holidays": True,
        "slot_minutes": None,
    }
    data.update(overrides)
    return data


# -- Services ----------------------------------------------------------------------------------


def test_manager_creates_a_permanence_aligned_on_the_rule(manager, bicyclette):
    place = PlaceFactory()
    office_hours = services.officehours_create(by=manager, data=service_data(place, bicyclette))
    # dtstart was a Monday, the rule says Wednesday: the stored first date is the Wednesday.
    assert office_hours.dtstart.weekday() == 2
    assert office_hours.dtstart - next_weekday(0) == timedelta(days=2)
    assert office_hours.slug == "cours-de-francais"
    assert AuditEntry.objects.filter(action="officehours.created", target_id=str(office_hours.pk)).exists()


def test_manager_cannot_create_for_another_association(manager):
    other = AssociationFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.officehours_create(by=manager, data=service_data(PlaceFactory(), other))
    assert "association" in excinfo.value.error_dict


def test_only_agents_create_agglo_permanences(manager, agent):
    with pytest.raises(ValidationError):
        services.officehours_create(by=manager, data=service_data(PlaceFactory(), None))
    assert services.officehours_create(by=agent, data=service_data(PlaceFactory(), None)).association is None


@pytest.mark.parametrize("persona", ["inhabitant", "member", "elected"])
def test_others_cannot_create(request, persona):
    with pytest.raises(PermissionDenied):
        services.officehours_create(by=request.getfixturevalue(persona), data=service_data(PlaceFactory()))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": time(8)}, "end_time"),
        ({"until": date(2020, 1, 1)}, "until"),
        ({"slot_minutes": 180}, "slot_minutes"),
        ({"rrule": "FREQ=HOURLY"}, "rrule"),
    ],
)
def test_bad_input_is_refused_in_french(agent, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        services.officehours_create(by=agent, data=service_data(PlaceFactory(), **overrides))
    assert field in excinfo.value.error_dict


# Every transition of the state machine: allowed ones move, illegal ones raise.
TRANSITIONS = [
    (OfficeHoursState.ACTIVE, "suspend", OfficeHoursState.SUSPENDED),
    (OfficeHoursState.ACTIVE, "end", OfficeHoursState.ENDED),
    (OfficeHoursState.SUSPENDED, "resume", OfficeHoursState.ACTIVE),
    (OfficeHoursState.SUSPENDED, "end", OfficeHoursState.ENDED),
]
ILLEGAL = [
    (OfficeHoursState.ACTIVE, "resume"),
    (OfficeHoursState.SUSPENDED, "suspend"),
    (OfficeHoursState.ENDED, "suspend"),
    (OfficeHoursState.ENDED, "resume"),
    (OfficeHoursState.ENDED, "end"),
]


@pytest.mark.parametrize(("source", "action", "target"), TRANSITIONS)
def test_allowed_transitions(agent, source, action, target):
    office_hours = OfficeHoursFactory(state=source)
    moved = services.officehours_transition(office_hours=office_hours, by=agent, action=action)
    assert moved.state == target
    assert (
        AuditEntry.objects.filter(target_id=str(office_hours.pk), action__startswith="officehours.").count()
        == 1
    )


@pytest.mark.parametrize(("source", "action"), ILLEGAL)
def test_illegal_transitions_raise(agent, source, action):
    office_hours = OfficeHoursFactory(state=source)
    with pytest.raises(ValidationError):
        services.officehours_transition(office_hours=office_hours, by=agent, action=action)
    office_hours.refresh_from_db()
    assert office_hours.state == source


def test_ending_cancels_coming_bookings_and_tells_people(
    agent, inhabitant, django_capture_on_commit_callbacks
):
    booking = BookingFactory(user=inhabitant)
    with django_capture_on_commit_callbacks(execute=True):
        services.officehours_end(office_hours=booking.office_hours, by=agent)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert [m.to for m in mail.outbox] == [[inhabitant.email]]
    assert "annulé" in mail.outbox[0].subject


def test_member_cannot_change_state(member, bicyclette):
    office_hours = OfficeHoursFactory(association=bicyclette)
    with pytest.raises(PermissionDenied):
        services.officehours_suspend(office_hours=office_hours, by=member)


def test_cancelling_a_date_cancels_its_bookings(manager, bicyclette, inhabitant):
    office_hours = OfficeHoursFactory(association=bicyclette)
    booking = BookingFactory(office_hours=office_hours, user=inhabitant)
    later = BookingFactory(
        office_hours=office_hours,
        occurrence_start=booking.occurrence_start + timedelta(days=7),
        slot_start=booking.slot_start + timedelta(days=7),
        slot_end=booking.slot_end + timedelta(days=7),
    )
    services.officehours_exception_add(
        office_hours=office_hours, by=manager, day=office_hours.dtstart, reason="Travaux"
    )
    booking.refresh_from_db()
    later.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert later.state == BookingState.BOOKED
    found = selectors.upcoming(office_hours, limit=2)
    assert found[0].occurrence.day == office_hours.dtstart + timedelta(days=7)


def test_exception_on_a_day_without_permanence_is_refused(agent):
    office_hours = OfficeHoursFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.officehours_exception_add(
            office_hours=office_hours, by=agent, day=office_hours.dtstart + timedelta(days=1)
        )
    assert "n'a pas lieu" in str(excinfo.value)
    services.officehours_exception_add(office_hours=office_hours, by=agent, day=office_hours.dtstart)
    with pytest.raises(ValidationError):
        services.officehours_exception_add(office_hours=office_hours, by=agent, day=office_hours.dtstart)


def test_moved_date_shows_at_its_new_time(agent):
    office_hours = OfficeHoursFactory()
    services.officehours_exception_add(
        office_hours=office_hours,
        by=agent,
        day=office_hours.dtstart,
        kind=OfficeHoursExceptionKind.MOVED,
        new_day=office_hours.dtstart + timedelta(days=1),
        new_start_time=time(9),
        new_end_time=time(10),
    )
    first = selectors.upcoming(office_hours, limit=1)[0]
    assert first.occurrence.status == "moved"
    assert timezone.localtime(first.occurrence.starts_at).time() == time(9)
    assert len(first.slots) == 3  # 9:00, 9:20, 9:40


def test_restoring_a_date(agent):
    office_hours = OfficeHoursFactory()
    exception = services.officehours_exception_add(
        office_hours=office_hours, by=agent, day=office_hours.dtstart
    )
    services.officehours_exception_remove(exception=exception, by=agent)
    assert selectors.upcoming(office_hours, limit=1)[0].occurrence.day == office_hours.dtstart


# -- Pages -------------------------------------------------------------------------------------


def test_create_page_turns_plain_french_into_an_rrule(client, manager, bicyclette):
    place = PlaceFactory(name="Maison citoyenne Monnaie-Bleue")
    client.force_login(manager)
    response = client.post("/agenda/permanences/nouvelle/", form_data(place, bicyclette))
    assert response.status_code == 302, response.content.decode()[:2000]
    office_hours = OfficeHours.objects.get()
    assert office_hours.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert office_hours.slot_minutes == 20
    page = client.get(response["Location"]).content.decode()
    assert "Le mardi de 14 h à 17 h, toutes les deux semaines" in page
    assert "Réserver ce créneau" not in page or "14 h 20" in page


def test_first_monday_of_the_month(client, manager, bicyclette):
    client.force_login(manager)
    data = form_data(PlaceFactory(), bicyclette, frequency="monthly_1", weekday="0", slot_minutes="")
    assert client.post("/agenda/permanences/nouvelle/", data).status_code == 302
    office_hours = OfficeHours.objects.get()
    assert office_hours.rrule == "FREQ=MONTHLY;BYDAY=1MO"
    assert office_hours.dtstart.weekday() == 0 and office_hours.dtstart.day <= 7
    assert "le premier lundi du mois" in selectors.describe(office_hours)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "13:00"}, "L&#x27;heure de fin doit être après l&#x27;heure de début."),
        ({"title": ""}, "Donnez un titre à la permanence."),
        ({"dtstart": "pas une date"}, "Écrivez une date"),
        ({"dtstart": "2020-01-07"}, "La première date ne peut pas être passée."),
        (
            {"slot_minutes": "60", "end_time": "14:30"},
            "Un rendez-vous ne peut pas durer plus que la permanence.",
        ),
    ],
)
def test_bad_input_keeps_what_was_typed(client, manager, bicyclette, overrides, message):
    client.force_login(manager)
    data = form_data(PlaceFactory(), bicyclette, description="Texte <b>gardé</b>", **overrides)
    response = client.post("/agenda/permanences/nouvelle/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Texte &lt;b&gt;gardé&lt;/b&gt;" in page
    assert 'aria-invalid="true"' in page
    assert OfficeHours.objects.count() == 0


def test_edit_page_keeps_the_preset(client, manager, bicyclette):
    office_hours = OfficeHoursFactory(association=bicyclette, rrule="FREQ=MONTHLY;BYDAY=-1FR")
    client.force_login(manager)
    page = client.get(f"/agenda/permanences/{office_hours.pk}/modifier/").content.decode()
    assert 'value="monthly_last" id="id_frequency_6" checked' in page or (
        'value="monthly_last"' in page and "checked" in page
    )
    data = form_data(office_hours.place, bicyclette, frequency="weekly", weekday="3", title="Nouveau titre")
    assert client.post(f"/agenda/permanences/{office_hours.pk}/modifier/", data).status_code == 302
    office_hours.refresh_from_db()
    assert (office_hours.title, office_hours.rrule) == ("Nouveau titre", "FREQ=WEEKLY;BYDAY=TH")


def test_detail_escapes_html(client):
    office_hours = OfficeHoursFactory(title="<script>alert(1)</script>", description="<img src=x onerror=1>")
    page = client.get(office_hours.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_detail_redirects_to_the_right_slug(client):
    office_hours = OfficeHoursFactory()
    response = client.get(f"/agenda/permanences/{office_hours.pk}-autre/")
    assert response.status_code == 301
    assert response["Location"] == office_hours.get_absolute_url()


def test_detail_lists_holidays_and_cancelled_dates(client, agent):
    office_hours = OfficeHoursFactory()
    services.officehours_exception_add(
        office_hours=office_hours, by=agent, day=office_hours.dtstart, reason="Travaux"
    )
    page = client.get(office_hours.get_absolute_url()).content.decode()
    assert "Pas de permanence ces jours-là" in page
    assert "annulée" in page


def test_state_pages_confirm_before_acting(client, manager, bicyclette):
    office_hours = OfficeHoursFactory(association=bicyclette)
    client.force_login(manager)
    url = f"/agenda/permanences/{office_hours.pk}/end/"
    assert "Terminer la permanence" in client.get(url).content.decode()
    office_hours.refresh_from_db()
    assert office_hours.state == OfficeHoursState.ACTIVE
    assert client.post(url).status_code == 302
    office_hours.refresh_from_db()
    assert office_hours.state == OfficeHoursState.ENDED
    # Illegal now: a French error, not a crash.
    response = client.post(f"/agenda/permanences/{office_hours.pk}/resume/")
    assert response.status_code == 400
    assert "pas suspendue" in response.content.decode()
    assert client.get(f"/agenda/permanences/{office_hours.pk}/demolir/").status_code == 404


def test_exception_page(client, manager, bicyclette):
    office_hours = OfficeHoursFactory(association=bicyclette)
    client.force_login(manager)
    url = f"/agenda/permanences/{office_hours.pk}/dates/"
    bad = client.post(
        url,
        {
            "day": (office_hours.dtstart + timedelta(days=2)).isoformat(),
            "kind": "cancelled",
            "reason": "Grève",
        },
    )
    assert bad.status_code == 400
    assert "La permanence n&#x27;a pas lieu ce jour-là." in bad.content.decode()
    assert 'value="Grève"' in bad.content.decode()
    moved = client.post(url, {"day": office_hours.dtstart.isoformat(), "kind": "moved"})
    assert "Indiquez la nouvelle date" in moved.content.decode()
    ok = client.post(url, {"day": office_hours.dtstart.isoformat(), "kind": "cancelled", "reason": "Grève"})
    assert ok.status_code == 302
    exception = office_hours.exceptions.get()
    page = client.get(url).content.decode()
    assert "Grève" in page
    remove = f"/agenda/permanences/{office_hours.pk}/dates/{exception.pk}/retablir/"
    assert "Rétablir la date" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not office_hours.exceptions.exists()


def test_list_filters_and_empty_state(client):
    valence_place = PlaceFactory()
    OfficeHoursFactory(title="Aide numérique", kind=OfficeHoursKind.DIGITAL, place=valence_place)
    OfficeHoursFactory(title="Permanence suspendue", state=OfficeHoursState.SUSPENDED)
    page = client.get("/agenda/permanences/").content.decode()
    assert "Aide numérique" in page
    assert "Permanence suspendue" not in page
    page = client.get("/agenda/permanences/?type=cours_de_francais").content.decode()
    assert "Aucune permanence trouvée" in page
    page = client.get(f"/agenda/permanences/?commune={valence_place.commune_id}").content.decode()
    assert "Aide numérique" in page


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    place = PlaceFactory()
    for i in range(count):
        OfficeHoursFactory(title=f"Permanence {i:02d}", place=place)
    with django_assert_max_num_queries(8):
        response = client.get("/agenda/permanences/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_manage_query_count_is_constant(client, agent, django_assert_max_num_queries, count):
    for i in range(count):
        OfficeHoursFactory(title=f"Permanence {i:02d}")
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        response = client.get("/agenda/permanences/gerer/")
    assert response.status_code == 200


# -- Place and association pages ---------------------------------------------------------------


def test_place_page_shows_what_is_open_now(client):
    place = PlaceFactory()
    office_hours = OfficeHoursFactory(place=place, title="Permanence juridique")
    EventFactory(place=place, title="Fête du quartier")
    # Travel to 15:30 on the first occurrence.
    now = timezone.make_aware(timezone.datetime.combine(office_hours.dtstart, time(15, 30)))
    with time_machine.travel(now, tick=False):
        page = client.get(place.get_absolute_url()).content.decode()
    assert "En ce moment" in page
    assert "Permanence juridique</a> jusqu'à 17 h" in page
    assert "Fête du quartier" in page


def test_place_page_without_anything(client):
    place = PlaceFactory()
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Aucune permanence ni aucun événement prévu" in page
    assert "En ce moment" not in page


def test_association_page_shows_its_own(client, bicyclette):
    OfficeHoursFactory(association=bicyclette, title="Atelier vélo du mardi")
    OfficeHoursFactory(association=AssociationFactory(), title="Autre permanence")
    page = client.get(bicyclette.get_absolute_url()).content.decode()
    assert "Atelier vélo du mardi" in page
    assert "Autre permanence" not in page
    assert f"/agenda/feeds/association/{bicyclette.slug}.ics" in page
    assert "/agenda/?association=la-bicyclette-bleue" in page


def test_manager_of_two_associations(client, bicyclette, manager):
    other = AssociationFactory()
    ManagerFactory(association=other, user=manager)
    client.force_login(manager)
    page = client.get("/agenda/permanences/nouvelle/").content.decode()
    assert bicyclette.name in page and other.name in page
