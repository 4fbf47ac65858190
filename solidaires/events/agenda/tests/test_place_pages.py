"""What a place's page shows of the agenda: open now, permanences, coming events."""

from __future__ import annotations

import pytest

from solidaires.events.agenda import selectors
from solidaires.events.tests.factories import EventFactory, OfficeHoursFactory
from solidaires.territory.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [2, 12])
def test_place_agenda_is_cheap(django_assert_max_num_queries, count):
    place = PlaceFactory()
    for _ in range(count):
        OfficeHoursFactory(place=place)
        EventFactory(place=place)
    with django_assert_max_num_queries(4):
        agenda = selectors.place_agenda(place.pk)
    assert len(agenda.permanences) == min(count, 6)


def test_place_page_shows_its_agenda_through_the_slot(client):
    from solidaires.core.slots import get_slot
    from solidaires.events.agenda.slots import association_agenda, place_agenda

    assert place_agenda in get_slot("territory.place.sections").providers()
    assert association_agenda in get_slot("associations.detail.sections").providers()
    place = PlaceFactory()
    OfficeHoursFactory(place=place, title="Écrivain public")
    EventFactory(place=place, title="Fête du jardin")
    html = place_agenda(place=place)
    assert "Écrivain public" in html and "Fête du jardin" in html
    page = client.get(place.get_absolute_url()).content.decode()
    assert html.strip() in page
    assert f"/agenda/feeds/lieu/{place.slug}.ics" in page
