"""The agenda's cached cards and lines (decision 0902): the same page cold and warm, every
change shown at once, places left per request, no more queries when warm."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from solidaires.events import formatting
from solidaires.events.agenda import selectors, services
from solidaires.events.agenda.models import Event, EventState, RegistrationState
from solidaires.events.tests.factories import EventFactory, RegistrationFactory
from solidaires.territory.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(bicyclette, romans, valence):
    """25 events over a week, some with places, a place, organisers or none (the Agglo)."""
    start = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    place = PlaceFactory(name="Maison citoyenne du Polygone", commune=valence)
    events = []
    for i in range(25):
        begins = start + timedelta(hours=7 * i)
        events.append(
            EventFactory(
                title=f"Atelier <vélo> & co {i}",
                organisers=[bicyclette] if i % 3 else None,
                commune=romans if i % 2 else valence,
                place=place if i % 5 == 0 else None,
                capacity=[None, 1, 3, 12][i % 4],
                starts_at=begins,
                ends_at=begins + timedelta(hours=2),
            )
        )
    for event in events[1::4]:  # capacity 1: full, one on the waiting list
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, state=RegistrationState.WAITING)
    RegistrationFactory(event=events[2])  # capacity 3: 2 left
    return events


def _urls(agenda, romans):
    first = timezone.localdate(agenda[0].starts_at)
    page = selectors.agenda_page(selectors.AgendaFilters())
    return [
        "/agenda/",
        f"/agenda/?apres={page.next_cursor}",
        f"/agenda/?commune={romans.insee}",
        "/agenda/?q=velo",
        "/agenda/?association=la-bicyclette-bleue&categorie=atelier_participatif",
        f"/agenda/?lieu={agenda[0].place.slug}&du={first}",
        f"/agenda/?vue=semaine&semaine={formatting.iso_week(first)}",
        f"/agenda/?vue=mois&mois={first:%Y-%m}",
        f"/agenda/?vue=mois&mois={formatting.add_months(first, 1):%Y-%m}",
        "/agenda/?q=zzzz",
    ]


def _without_csrf(content: bytes) -> bytes:
    """The page without the logout form's CSRF token (masked anew on each request)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_cold_and_warm_pages_are_the_same(client, inhabitant, agenda, romans):
    client.force_login(inhabitant)  # logged in: no page cache, every request is rendered
    for url in _urls(agenda, romans):
        cache.clear()
        with CaptureQueriesContext(connection) as cold_queries:
            cold = client.get(url)
        with CaptureQueriesContext(connection) as warm_queries:
            warm = client.get(url)
        assert cold.status_code == warm.status_code == 200
        assert _without_csrf(cold.content) == _without_csrf(warm.content), url
        assert len(warm_queries) <= len(cold_queries), url


def test_list_cards_places_left_and_escaping(client, agenda):
    html = client.get("/agenda/").content.decode()
    assert html.count('class="card event-card"') == 20
    assert "Atelier &lt;vélo&gt; &amp; co 0" in html and "<vélo>" not in html
    assert html.count("Complet, liste d'attente") == 5  # events 1, 5, 9, 13, 17
    assert "2 places restantes" in html  # event 2
    assert "<!--places-left-->" not in html
    assert "Maison citoyenne du Polygone, Valence" in html
    assert "La Bicyclette Bleue" in html and "L'Agglo" in html


def test_a_registration_shows_at_once_on_a_cached_card(client, inhabitant, agenda):
    event = agenda[2]  # 3 places, 1 taken
    client.force_login(inhabitant)
    assert "2 places restantes" in client.get("/agenda/").content.decode()
    RegistrationFactory(event=event)
    assert "1 place restante<" in client.get("/agenda/").content.decode()
    services.registration_create(event=event, by=inhabitant)
    html = client.get("/agenda/").content.decode()
    assert "1 place restante<" not in html
    assert html.count("Complet, liste d'attente") == 6


def _shown(event: Event, html: str) -> bool:
    return f"{escape(event.title)}<" in html


def test_an_edit_shows_at_once(client, manager, agenda, romans):
    event = agenda[1]  # the first day (as the week and month views below), full, one waiting
    urls = ["/agenda/", *_urls(agenda, romans)[6:8]]
    client.force_login(manager)
    for url in urls:
        assert _shown(event, client.get(url).content.decode()), url  # cached now
    services.event_update(
        event=event, by=manager, data={"title": "Chantier au jardin partagé", "capacity": 20}
    )
    for url in urls:
        html = client.get(url).content.decode()
        assert "Chantier au jardin partagé<" in html and not _shown(event, html), url
    assert "18 places restantes" in client.get("/agenda/").content.decode()  # the waiting one promoted


def test_a_cancelled_event_leaves_at_once(client, manager, agenda, romans):
    event = agenda[2]  # the first day, organised by La Bicyclette Bleue
    urls = ["/agenda/", *_urls(agenda, romans)[6:8]]
    client.force_login(manager)
    for url in urls:
        assert _shown(event, client.get(url).content.decode()), url
    services.event_cancel(event=event, by=manager, reason="Météo")
    assert Event.objects.get(pk=event.pk).state == EventState.CANCELLED
    for url in urls:
        assert not _shown(event, client.get(url).content.decode()), url


def test_an_association_or_place_renamed_shows_at_once(client, inhabitant, bicyclette, agenda):
    client.force_login(inhabitant)
    assert "La Bicyclette Bleue" in client.get("/agenda/").content.decode()
    bicyclette.name = "La Bicyclette Verte"
    bicyclette.save()
    agenda[0].place.name = "Maison citoyenne Fontbarlettes"
    agenda[0].place.save()
    html = client.get("/agenda/").content.decode()
    assert 'card-meta">La Bicyclette Bleue' not in html and 'card-meta">La Bicyclette Verte' in html
    assert "Polygone, Valence" not in html and "Maison citoyenne Fontbarlettes, Valence" in html


def test_page_rows_count_like_the_orm(agenda):
    """The plain SQL subqueries of the page query agree with the ORM (SQLite and PostgreSQL)."""
    rows = selectors.agenda_page(selectors.AgendaFilters(), per_page=25).items
    events = {e.pk: e for e in selectors.with_counts(Event.objects.filter(pk__in=[r.id for r in rows]))}
    assert len(rows) == 25
    for row in rows:
        event = events[row.id]
        assert row.confirmed_count == event.confirmed_count  # type: ignore[attr-defined]
        assert (row.place_version is not None) == (event.place_id is not None)
        assert (row.organisers_version is not None) == event.organiser_associations.exists()
        assert (row.starts_at, row.updated_at, row.capacity) == (
            event.starts_at,
            event.updated_at,
            event.capacity,
        )


def test_warm_list_runs_one_query_for_anonymous_visitors(client, agenda):
    client.get("/agenda/?_=1")  # fills the card cache and the filter choices
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/agenda/?_=2").status_code == 200  # a new URL: not the page cache
    assert len(queries) == 1


def test_an_event_deleted_since_the_page_query_is_left_out(client, agenda, monkeypatch):
    load = selectors.events_for_cards
    monkeypatch.setattr(
        selectors, "events_for_cards", lambda ids: {k: v for k, v in load(ids).items() if k != agenda[0].pk}
    )
    response = client.get("/agenda/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card event-card"') == 19 and not _shown(agenda[0], html)
