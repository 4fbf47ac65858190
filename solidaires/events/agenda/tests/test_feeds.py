"""iCalendar feeds: RFC 5545 content, round-trip, RRULE/EXDATE, DST, caching, personal token."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from solidaires.associations.tests.factories import AssociationFactory
from solidaires.events.agenda.models import EventCategory, EventState
from solidaires.events.officehours import services
from solidaires.events.officehours.models import OfficeHoursExceptionKind, OfficeHoursState
from solidaires.events.officehours.recurrence import PARIS
from solidaires.events.tests.factories import (
    BookingFactory,
    EventFactory,
    OfficeHoursFactory,
    RegistrationFactory,
)
from solidaires.territory.models import PlaceStatus
from solidaires.territory.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(response.content)
    # Round trip: serialising the parsed calendar gives the same content.
    assert Calendar.from_ical(cal.to_ical()).to_ical() == cal.to_ical()
    assert cal.to_ical() == response.content
    return cal


def by_uid(cal):
    return {str(c["uid"]).split("@")[0]: c for c in cal.walk("VEVENT") if "recurrence-id" not in c}


def test_whole_feed_has_events_and_one_vevent_per_permanence(client):
    event = EventFactory(title="Café bénévolat")
    EventFactory(title="Brouillon", state=EventState.DRAFT)
    office_hours = OfficeHoursFactory(title="Conseils juridiques")
    OfficeHoursFactory(title="Suspendue", state=OfficeHoursState.SUSPENDED)
    cal = parse(client.get("/agenda/feed.ics"))
    items = by_uid(cal)
    assert set(items) == {f"event-{event.pk}", f"officehours-{office_hours.pk}"}
    assert str(items[f"event-{event.pk}"]["summary"]) == "Café bénévolat"
    master = items[f"officehours-{office_hours.pk}"]
    assert master["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert master["dtstart"].params["TZID"] == "Europe/Paris"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert cal["x-wr-calname"] == "Agenda solidaire de l'Agglo"


def test_permanence_rrule_keeps_2pm_across_dst_from_the_parsed_feed(client, agent):
    office_hours = OfficeHoursFactory(
        dtstart=date(2026, 3, 3),
        until=date(2026, 11, 24),
        skip_public_holidays=True,
        rrule="FREQ=WEEKLY;BYDAY=TU",
    )
    cal = parse(client.get("/agenda/feed.ics"))
    master = by_uid(cal)[f"officehours-{office_hours.pk}"]
    assert master["rrule"]["UNTIL"][0] == datetime(2026, 11, 24, 23, 59, 59, tzinfo=PARIS)
    start = master.decoded("dtstart")
    rule = rrulestr(master["rrule"].to_ical().decode(), dtstart=start)
    starts = list(rule)
    # Across the last Sunday of March (29th) and of October (25th): always 14:00 local.
    for day in (
        date(2026, 3, 24),
        date(2026, 3, 31),
        date(2026, 4, 7),
        date(2026, 10, 20),
        date(2026, 10, 27),
        date(2026, 11, 3),
    ):
        matching = [s for s in starts if s.astimezone(PARIS).date() == day]
        assert len(matching) == 1
        assert matching[0].astimezone(PARIS).time() == time(14)
    assert {s.astimezone(PARIS).time() for s in starts} == {time(14)}


def test_exdates_for_holidays_and_cancelled_dates_and_override_for_moved(client, agent):
    # Mondays from March 2, 2026: Easter Monday (April 6) and Whit Monday (May 25) are holidays.
    office_hours = OfficeHoursFactory(
        dtstart=date(2026, 3, 2),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        until=date(2026, 6, 1),
        skip_public_holidays=True,
    )
    office_hours.exceptions.create(day=date(2026, 3, 9), reason="Travaux")
    office_hours.exceptions.create(
        day=date(2026, 3, 16),
        kind=OfficeHoursExceptionKind.MOVED,
        new_day=date(2026, 3, 17),
        new_start_time=time(9),
        new_end_time=time(11),
    )
    cal = parse(client.get(f"/agenda/feeds/lieu/{office_hours.place.slug}.ics"))
    components = [
        c for c in cal.walk("VEVENT") if str(c["uid"]).startswith(f"officehours-{office_hours.pk}@")
    ]
    master = next(c for c in components if "recurrence-id" not in c)
    exdates = sorted(d.dt for d in master["exdate"].dts)
    assert [d.date() for d in exdates] == [date(2026, 3, 9), date(2026, 4, 6), date(2026, 5, 25)]
    assert all(d.tzinfo is not None and d.time() == time(14) for d in exdates)
    override = next(c for c in components if "recurrence-id" in c)
    assert override.decoded("recurrence-id") == datetime(2026, 3, 16, 14, tzinfo=PARIS)
    assert override.decoded("dtstart") == datetime(2026, 3, 17, 9, tzinfo=PARIS)


def test_scoped_feeds(client, bicyclette, valence):
    place = PlaceFactory(commune=valence)
    here = OfficeHoursFactory(place=place, association=bicyclette)
    elsewhere = OfficeHoursFactory()
    event_here = EventFactory(
        place=place, commune=valence, category=EventCategory.CAFE_BENEVOLAT, organisers=[bicyclette]
    )
    event_elsewhere = EventFactory()
    assert set(by_uid(parse(client.get(f"/agenda/feeds/lieu/{place.slug}.ics")))) == {
        f"officehours-{here.pk}",
        f"event-{event_here.pk}",
    }
    assert set(by_uid(parse(client.get(f"/agenda/feeds/association/{bicyclette.slug}.ics")))) == {
        f"officehours-{here.pk}",
        f"event-{event_here.pk}",
    }
    assert set(by_uid(parse(client.get("/agenda/feeds/commune/26362.ics")))) == {
        f"officehours-{here.pk}",
        f"event-{event_here.pk}",
    }
    assert set(by_uid(parse(client.get("/agenda/feeds/categorie/cafe_benevolat.ics")))) == {
        f"event-{event_here.pk}"
    }
    assert set(by_uid(parse(client.get("/agenda/feeds/categorie/conseils_juridiques.ics")))) == {
        f"officehours-{here.pk}",
        f"officehours-{elsewhere.pk}",
    }
    assert f"event-{event_elsewhere.pk}" in by_uid(parse(client.get("/agenda/feed.ics")))


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/feeds/lieu/inconnu.ics",
        "/agenda/feeds/association/inconnue.ics",
        "/agenda/feeds/commune/99999.ics",
        "/agenda/feeds/categorie/inconnue.ics",
    ],
)
def test_unknown_scopes_are_404(client, url):
    assert client.get(url).status_code == 404


def test_unverified_place_and_association_have_no_feed(client):
    place = PlaceFactory(status=PlaceStatus.PENDING)
    association = AssociationFactory(status="pending")
    assert client.get(f"/agenda/feeds/lieu/{place.slug}.ics").status_code == 404
    assert client.get(f"/agenda/feeds/association/{association.slug}.ics").status_code == 404


def test_etag_last_modified_and_cache(client, agent):
    office_hours = OfficeHoursFactory()
    first = client.get("/agenda/feed.ics")
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=900"
    assert first["Last-Modified"]
    assert client.get("/agenda/feed.ics", headers={"If-None-Match": etag}).status_code == 304
    assert (
        client.get("/agenda/feed.ics", headers={"If-Modified-Since": first["Last-Modified"]}).status_code
        == 304
    )
    # A change (a cancelled date) changes the ETag and the content.
    services.officehours_exception_add(office_hours=office_hours, by=agent, day=office_hours.dtstart)
    # The fingerprint is reused for FEED_STATE_SECONDS: still the old answer…
    assert client.get("/agenda/feed.ics", headers={"If-None-Match": etag}).status_code == 304
    from django.core.cache import cache

    for key in list(cache._cache):  # …until it expires (locmem: forget the fingerprints only)
        if "events:feedstate:" in key:
            cache.delete(key.split(":", 2)[-1])
    second = client.get("/agenda/feed.ics", headers={"If-None-Match": etag})
    assert second.status_code == 200
    assert second["ETag"] != etag
    assert b"EXDATE" in second.content


def test_event_text_is_escaped_per_rfc5545(client):
    EventFactory(title="Fête; quartier, « nord »\nsuite", description="Ligne 1\nLigne 2 <b>")
    content = client.get("/agenda/feed.ics").content.decode()
    assert "SUMMARY:Fête\\; quartier\\, « nord »\\nsuite" in content.replace("\r\n ", "")


# -- Personal feed -----------------------------------------------------------------------------


def test_personal_feed_token(client, inhabitant, settings):
    settings.SOLIDAIRES_BASE_URL = "https://solidaires.example.org"  # the links' base (core.links)
    registration = RegistrationFactory(user=inhabitant)
    booking = BookingFactory(user=inhabitant)
    RegistrationFactory()  # someone else's
    client.force_login(inhabitant)
    page = client.get("/agenda/mon-agenda/").content.decode()
    assert "pas encore d'adresse" in page
    response = client.post("/agenda/mon-agenda/", {"action": "regenerate"})
    assert response["Cache-Control"] == "private, no-store"
    url = response.context["url"]
    assert response.context["webcal_url"] == url.replace("https://", "webcal://")
    assert url.startswith("https://solidaires.example.org/agenda/mon-agenda/") and url.endswith(".ics")
    path = url.removeprefix("https://solidaires.example.org")
    token = path.split("/")[-1].removesuffix(".ics")
    from solidaires.events.officehours.models import CalendarToken

    assert token not in CalendarToken.objects.get().token_hash  # only the hash is stored
    # Shown once: a later visit does not show it.
    assert token not in client.get("/agenda/mon-agenda/").content.decode()
    client.logout()
    cal = parse(client.get(path))
    assert set(by_uid(cal)) == {f"event-{registration.event.pk}", f"booking-{booking.pk}"}
    # Regenerating invalidates the old URL.
    client.force_login(inhabitant)
    new_url = client.post("/agenda/mon-agenda/", {"action": "regenerate"}).context["url"]
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get(new_url.removeprefix("https://solidaires.example.org")).status_code == 200
    # Revoking.
    client.force_login(inhabitant)
    client.post("/agenda/mon-agenda/", {"action": "revoke"})
    assert client.get(new_url.removeprefix("https://solidaires.example.org")).status_code == 404


@pytest.mark.parametrize("token", ["faux", "x" * 200, "a" * 32])
def test_wrong_token_is_404(client, token):
    assert client.get(f"/agenda/mon-agenda/{token}.ics").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_feed_query_count_is_constant(client, django_assert_max_num_queries, count):
    place = PlaceFactory()
    for _ in range(count):
        OfficeHoursFactory(place=place)
        EventFactory(place=place)
    with django_assert_max_num_queries(8):
        assert client.get("/agenda/feed.ics").status_code == 200


def test_assembled_feed_is_byte_for_byte_icalendars_serialisation():
    from django.core.cache import cache

    from solidaires.events.agenda import feeds

    events = [EventFactory(), EventFactory(state=EventState.CANCELLED)]
    officehours = [OfficeHoursFactory()]
    officehours[0].exceptions.create(day=officehours[0].dtstart)
    expected = feeds.new_calendar("Test")
    for event in events:
        expected.add_component(feeds.event_component(event))
    for component in feeds.officehours_components(officehours[0]):
        expected.add_component(component)
    reference = feeds.to_ical(expected)
    assert feeds.public_feed(name="Test", events=events, officehours=officehours) == reference  # cold
    assert feeds.public_feed(name="Test", events=events, officehours=officehours) == reference  # from cache
    cache.clear()
    assert feeds.public_feed(name="Vide", events=[], officehours=[]) == feeds.to_ical(
        feeds.new_calendar("Vide")
    )


def test_feeds_page_offers_one_tap_subscription(client, settings):
    settings.SOLIDAIRES_BASE_URL = "https://solidaires.example.org"
    page = client.get("/agenda/feeds/").content.decode()
    assert 'href="webcal://solidaires.example.org/agenda/feed.ics"' in page


def test_an_events_ics_and_the_feeds_share_one_vevent(client):
    event = EventFactory(title="Chantier participatif")
    (single,) = Calendar.from_ical(client.get(f"/agenda/{event.pk}-{event.slug}.ics").content).walk("VEVENT")
    in_feed = by_uid(parse(client.get("/agenda/feed.ics")))[f"event-{event.pk}"]
    assert single.to_ical() == in_feed.to_ical()
