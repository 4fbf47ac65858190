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
