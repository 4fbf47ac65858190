"""The missions list's caches (decision 0827): cached cards, the distance outside them, the
map's rows, the order computed in Python, and what must show at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.models import Case, F, FloatField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from solidaires.territory.models import CommuneDistance
from solidaires.territory.tests.factories import CommuneFactory, link_distance
from solidaires.volunteering.missions import selectors
from solidaires.volunteering.missions.models import Mission, MissionState
from solidaires.volunteering.missions.services import missions as services
from solidaires.volunteering.tests.factories import ActiveEngagementFactory, MissionFactory

pytestmark = pytest.mark.django_db


def _results(html: str) -> str:
    """The list of results of a page (the cards)."""
    start = html.index('<ul class="card-list mission-results"')
    return html[start : html.index("</ul>", html.rindex("</article>"))]


@pytest.fixture
def near(romans):
    commune = CommuneFactory(insee="26998", name="Proche", slug="26998-proche", lat=45.0, lon=5.0)
    link_distance(romans, commune, 6.4)
    return commune


@pytest.fixture
def listed(romans, near, bicyclette):
    return [
        MissionFactory(
            title="Réparer des vélos", association=bicyclette, communes=[romans], themes=["mobilite"]
        ),
        MissionFactory(title="Servir le café", association=None, group_name="Les voisins", communes=[near]),
        MissionFactory(
            title="Accueillir", communes=[romans, near], youth_friendly=True, state=MissionState.FULL
        ),
        MissionFactory(title="Écrire à distance", communes=[], is_remote=True),
    ]


@pytest.mark.parametrize(
    "query",
    ["", "?commune=26281&rayon=10", "?commune=26998&rayon=10&tri=recent", "?q=velos", "?tri=date", "?page=2"],
)
def test_cold_and_warm_pages_are_the_same(client, listed, query):
    """Byte for byte: the second page (cards from the cache, another page cache key) is the
    first one (cards rendered)."""
    sep = "&" if "?" in query else "?"
    cold = client.get(f"/missions/{query}{sep}essai=1")
    warm = client.get(f"/missions/{query}{sep}essai=2")
    assert cold["X-Solidaires-Cache"] == warm["X-Solidaires-Cache"] == "miss"
    assert cold.content == warm.content


def test_distance_is_outside_the_cached_card(client, listed):
    """The same cached card shows the distance to each search's commune, and none without."""
    html = client.get("/missions/?commune=26281&rayon=10&tri=recent").content.decode()
    assert "Servir le café" in html and "Proche · à 6 km</p>" in html
    assert "<!--distance-->" not in html
    html = client.get("/missions/?commune=26998&rayon=10&tri=recent").content.decode()
    assert "Proche · à 0 km</p>" in html
    html = client.get("/missions/").content.decode()
    assert " km</p>" not in html and "<!--distance-->" not in html


def test_own_edit_shows_at_once(client, manager, bicyclette, romans):
    mission = MissionFactory(
        title="Réparer des vélos", association=bicyclette, posted_by=manager, communes=[romans]
    )
    client.force_login(manager)
    assert "Réparer des vélos" in client.get("/missions/").content.decode()  # the card is cached
    services.mission_update(mission=mission, by=manager, data={"title": "Réparer des trottinettes"})
    html = client.get("/missions/").content.decode()
    assert "Réparer des trottinettes" in html
    assert "Réparer des vélos" not in html


def test_a_change_without_save_waits_for_the_next_save(client, manager, bicyclette, romans):
    """``QuerySet.update()`` does not touch ``updated_at``: the cached card stays (why every
    write on what a card shows goes through a service that saves)."""
    mission = MissionFactory(
        title="Réparer des vélos",
        association=bicyclette,
        posted_by=manager,
        communes=[romans],
        accessible_prm=False,
    )
    client.force_login(manager)
    assert "Accessible PMR" not in _results(client.get("/missions/").content.decode())
    Mission.objects.filter(pk=mission.pk).update(accessible_prm=True)  # not through save(): no new card
    assert "Accessible PMR" not in _results(client.get("/missions/").content.decode())
    services.mission_update(
        mission=Mission.objects.get(pk=mission.pk), by=manager, data={"accessible_prm": True}
    )
    assert "Accessible PMR" in _results(client.get("/missions/").content.decode())


def test_association_renamed_shows_at_once(client, listed, bicyclette):
    assert "La Bicyclette Bleue" in _results(client.get("/missions/?essai=1").content.decode())
    bicyclette.name = "La Bicyclette Verte"
    bicyclette.save()
    html = _results(client.get("/missions/?essai=2").content.decode())
    assert "La Bicyclette Verte" in html and "La Bicyclette Bleue" not in html


def test_communes_and_themes_changed_show_at_once(client, manager, bicyclette, romans, near):
    mission = MissionFactory(
        title="Réparer des vélos",
        association=bicyclette,
        posted_by=manager,
        communes=[romans],
        themes=["mobilite"],
    )
    assert "Romans-sur-Isère · " not in _results(client.get("/missions/?essai=1").content.decode())
    services.mission_update(
        mission=mission, by=manager, data={"communes": [romans.insee, near.insee], "themes": ["culture"]}
    )
    html = _results(client.get("/missions/?essai=2").content.decode())
    assert "Proche, Romans-sur-Isère</p>" in html
    assert '<li class="tag">Culture et loisirs</li>' in html and "Mobilité" not in html


def test_full_mission_shows_at_once(client, manager, bicyclette, romans):
    mission = MissionFactory(
        title="Réparer des vélos",
        association=bicyclette,
        posted_by=manager,
        communes=[romans],
        volunteers_wanted=1,
    )
    assert "Complète" not in _results(client.get("/missions/?essai=1").content.decode())
    services.mission_refresh_fullness(mission)  # nobody yet: the real count keeps it open
    assert "Complète" not in _results(client.get("/missions/?essai=2").content.decode())
    ActiveEngagementFactory(mission=mission)  # the one place is taken
    services.mission_refresh_fullness(mission)
    assert "Complète" in _results(client.get("/missions/?essai=3").content.decode())


def test_cards_are_keyed_on_the_day(client, romans):
    """The schedule lines depend on today ("À partir du …" until the start): a card cached
    yesterday is not shown today."""
    start = timezone.localtime() + timedelta(days=2)
    MissionFactory(
        title="Chaque mardi",
        schedule_kind="recurring",
        starts_at=start,
        ends_at=None,
        weekly_slots=[{"weekday": 1, "start": "14:00", "end": "17:00"}],
        communes=[romans],
    )
    assert "À partir du" in client.get("/missions/?essai=1").content.decode()
    with time_machine.travel(timezone.localtime() + timedelta(days=3)):
        assert "À partir du" not in client.get("/missions/?essai=2").content.decode()


def test_warm_page_needs_fewer_queries(client, listed, django_assert_num_queries):
    # the matches, the versions of the page's cards (+ the ids in the date order, by the database)
    for query, queries in (("commune=26281&rayon=10", 2), ("", 2), ("tri=date", 3), ("q=velos", 2)):
        with CaptureQueriesContext(connection) as cold:
            client.get(f"/missions/?{query}&chaud=1")  # cards (and territory data) not cached yet
        assert len(cold) >= queries  # a warm page never needs more queries than a cold one
        with django_assert_num_queries(queries):
            assert client.get(f"/missions/?{query}").status_code == 200


def test_map_counts_missions_per_commune(client, listed):
    html = client.get("/missions/").content.decode()
    proche = html.index('data-name="Proche" data-count="2"')
    romans_row = html.index('data-name="Romans-sur-Isère" data-count="2"')
    assert proche < romans_row  # same count: by name
    assert 'data-url="?commune=26998&amp;rayon=0"' in html
    html = client.get("/missions/?q=velos").content.decode()
    assert 'data-name="Romans-sur-Isère" data-count="1"' in html and 'data-name="Proche"' not in html
    assert 'data-url="?q=velos&amp;commune=26281&amp;rayon=0"' in html
    assert "1 mission" in html


def _reference_distance_order(filters: selectors.MissionFilters) -> list[tuple[int, float]]:
    """The former SQL: distance by subquery, then the most recently published, then by id."""
    ids = selectors.MissionCommune.objects.filter(mission_id=OuterRef(OuterRef("pk"))).values("commune_id")
    shortest = Subquery(
        CommuneDistance.objects.filter(origin_id=filters.commune, destination_id__in=ids)
        .order_by("km")
        .values("km")[:1],
        output_field=FloatField(),
    )
    return list(
        selectors.filter_missions(Mission.objects.published(), filters)
        .annotate(distance=Coalesce(shortest, Value(9999.0)))
        .order_by("distance", F("published_at").desc(nulls_last=True), "-id")
        .values_list("pk", "distance")
    )


def test_distance_order_is_the_former_sql_order(romans, near, valence):
    link_distance(romans, valence, 18.0)
    far = CommuneFactory(insee="26997", name="Lointaine", slug="26997-lointaine")
    link_distance(romans, far, 45.0)
    now = timezone.now()
    for n, communes in enumerate(
        [[romans], [near], [near, far], [valence], [romans], [near], [far], [romans]]
    ):
        MissionFactory(communes=communes, published_at=now - timedelta(days=n % 3))
    MissionFactory(communes=[near], published_at=None)
    MissionFactory(communes=[romans], published_at=None)
    for query in (
        {"commune": "26281", "rayon": "50"},
        {"commune": "26281", "rayon": "10"},
        {"commune": "26998"},
    ):
        filters = selectors.MissionFilters.from_query(query)
        assert filters.effective_sort == "distance"
        expected = _reference_distance_order(filters)
        found: list[tuple[int, float]] = []
        page, more = 1, True
        while more:
            result = selectors.mission_search(filters=filters, page_number=page)
            found += [
                (row["pk"], 9999.0 if row["distance"] is None else row["distance"]) for row in result.rows
            ]
            page, more = page + 1, result.page.has_next()
        assert found == expected
        assert result.count == len(expected)


def test_recent_order_and_pages(romans):
    now = timezone.now()
    created = [
        MissionFactory(communes=[romans], published_at=now - timedelta(hours=n % 4)) for n in range(25)
    ]
    MissionFactory(communes=[romans], published_at=None)
    expected = list(
        Mission.objects.published()
        .order_by(F("published_at").desc(nulls_last=True), "-id")
        .values_list("pk", flat=True)
    )
    filters = selectors.MissionFilters.from_query({})
    first = selectors.mission_search(filters=filters, page_number=1)
    second = selectors.mission_search(filters=filters, page_number="2")
    beyond = selectors.mission_search(filters=filters, page_number="99")
    assert [r["pk"] for r in first.rows] + [r["pk"] for r in second.rows] == expected
    assert [r["pk"] for r in beyond.rows] == expected[20:]
    assert first.count == len(created) + 1 and second.page.number == 2 and not second.page.has_next()


def test_relevance_order_is_the_former_sql_order(romans):
    now = timezone.now()
    titles = ["Vélo et jardin", "Jardin partagé", "Atelier vélo", "Vélo", "Jardin du vélo", "Cuisine"]
    for n, title in enumerate(titles * 2):
        mission = MissionFactory(title=title, communes=[romans], published_at=now - timedelta(days=n % 2))
        Mission.objects.filter(pk=mission.pk).update(search_document=" velo jardin ")
    filters = selectors.MissionFilters.from_query({"q": "jardin vélo"})
    score: Any = Value(0)
    for word in ("jardin", "velo"):
        score = score + Case(When(sort_title__contains=word, then=Value(1)), default=Value(0))
    expected = list(
        selectors.filter_missions(Mission.objects.published(), filters)
        .annotate(score=score)
        .order_by("-score", F("published_at").desc(nulls_last=True), "-id")
        .values_list("pk", flat=True)
    )
    assert filters.effective_sort == "pertinence" and len(expected) == 12
    result = selectors.mission_search(filters=filters)
    assert [row["pk"] for row in result.rows] == expected


def test_the_compiled_matching_query_follows_the_communes_within_the_radius(client, romans):
    """The matching query's SQL is compiled once per process and kept under a key holding
    the communes within the radius themselves: new distances (a territory reload) change
    the results at once, even though a cleared cache starts its versions again at 1."""
    from django.core.cache import cache

    from solidaires.territory.services import invalidate_territory_cache

    village = CommuneFactory(insee="26996", name="Village", slug="26996-village")
    MissionFactory(title="Mission au village", communes=[village])
    url = "/missions/?commune=26281&rayon=10&tri=distance"
    client.cookies.clear()
    assert "Mission au village" not in client.get(url).content.decode()

    link_distance(romans, village, 4.0)
    cache.clear()  # versions start again at 1: the key must not rely on them
    assert "Mission au village" in client.get(url).content.decode()

    CommuneDistance.objects.filter(origin__in=[romans, village], destination__in=[romans, village]).delete()
    invalidate_territory_cache()  # what load_territory does on commit
    assert "Mission au village" not in client.get(url + "&apres=1").content.decode()
