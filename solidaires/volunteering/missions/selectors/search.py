"""Reads: the missions list (search, filters, distance), a mission's page, offers, agents' queues."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import (
    F,
    QuerySet,
)

from solidaires.associations.models import Association
from solidaires.core.search import tokens
from solidaires.territory.models import Commune
from solidaires.volunteering.missions.models import Mission
from solidaires.volunteering.missions.selectors.filters import (
    MAX_QUERY_TOKENS,
    PER_PAGE,
    MissionCommune,
    MissionFilters,
    MissionTheme,
    _territory_key,
    commune_points,
    communes_within,
    distances_from,
    filter_missions,
)


@dataclass
class MissionSearchResult:
    page: Page[Any]
    # The page's rows, light dicts (decision 0827): ``pk`` and ``version`` (what a cached
    # card's key needs, see ``card_versions``), plus ``distance`` (km to the chosen commune,
    # None when unknown) when a commune is chosen. ``mission_cards`` loads what a card shows.
    rows: list[dict[str, Any]]
    filters: MissionFilters
    sort: str
    commune_name: str
    commune_counts: dict[str, int]  # missions per commune (INSEE code), for the map

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)

    @property
    def by_commune(self) -> list[dict[str, Any]]:
        return missions_by_commune(self.commune_counts)


@dataclass
class MissionCard:
    """What a mission's card shows: the mission (with its association's name) and, read once,
    its communes' names (by name) and its themes' labels (by position)."""

    mission: Mission
    commune_names: list[str]
    theme_labels: list[str]


CARD_FIELDS = (
    "id",
    "updated_at",
    "title",
    "association_id",
    "association__name",
    "group_name",
    "on_behalf_name",
    "is_remote",
    "schedule_kind",
    "starts_at",
    "ends_at",
    "weekly_slots",
    "state",
    "youth_friendly",
    "accessible_prm",
    "car_needed",
)


MAP_ROWS = 100
RECENT_FIRST = (F("published_at").desc(nulls_last=True), "-id")


# Compiled SQL of the matching query, per process, by ``_match_sql_key`` (decision 0827).
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[Any, ...]]] = {}
_COMPILED_MAX = 512


def _match_sql_key(filters: MissionFilters, *, most_recent_first: bool, with_titles: bool) -> tuple[Any, ...]:
    """Everything the matching query's SQL and parameters depend on: the filters that
    ``filter_missions`` reads, the communes within the radius themselves (not a version
    number: a cleared cache starts versions again at 1) and the order and columns read.
    The database alias is added by ``_run``."""
    return (
        tuple(tokens(filters.q)[:MAX_QUERY_TOKENS]),
        filters.theme,
        filters.a_distance,
        filters.commune,
        tuple(communes_within(filters.commune, filters.rayon))
        if filters.commune and not filters.a_distance
        else (),
        filters.du,
        filters.au,
        filters.recurrent,
        filters.jeunes,
        filters.accessible,
        most_recent_first,
        with_titles,
    )


def _run(rows: QuerySet[Any], sql_key: tuple[Any, ...] | None) -> Any:
    """The rows of a ``values_list`` query; with ``sql_key``, from its SQL compiled once."""
    if sql_key is None:
        return rows
    alias = router.db_for_read(Mission)
    key = (alias, *sql_key)
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        sql, params = rows.query.get_compiler(using=alias).as_sql()
        compiled = _COMPILED[key] = (sql, tuple(params))
    with connections[alias].cursor() as cursor:
        cursor.execute(*compiled)
        return cursor.fetchall()


@dataclass
class _Matches:
    """Every mission matching the filters with its communes (and its sort title, when asked),
    read in one query (one row per mission and commune), in the order of ``read``."""

    communes: dict[int, list[str]]
    titles: dict[int, str]

    @classmethod
    def read(
        cls,
        missions: QuerySet[Mission],
        *,
        most_recent_first: bool,
        with_titles: bool,
        sql_key: tuple[Any, ...] | None = None,
    ) -> _Matches:
        """``sql_key``: when given, the compiled SQL is kept per process under this key (it must
        determine the query entirely: see ``_match_sql_key``) and run directly; Django took
        twice as long to build and compile this query as the database took to run it."""
        rows = missions.values_list("pk", "communes", "sort_title" if with_titles else "pk")
        # The tie-break of the distance and relevance orders: most recently published first
        # (undated last), then by id descending, as the former SQL orders.
        rows = rows.order_by(*RECENT_FIRST) if most_recent_first else rows.order_by()
        communes: dict[int, list[str]] = {}
        titles: dict[int, str] = {}
        for pk, commune, title in _run(rows, sql_key):
            codes = communes.get(pk)
            if codes is None:
                codes = communes[pk] = []
                titles[pk] = title
            if commune is not None:
                codes.append(commune)
        return cls(communes=communes, titles=titles if with_titles else {})

    def by_score(self, words: list[str]) -> list[int]:
        """Ids by relevance: how many of the words the sort title contains (the former SQL
        score, ``sort_title LIKE '%word%'``: titles and words are both lower case), most
        first, ties in the order they were read."""
        score = {pk: sum(word in title for word in words) for pk, title in self.titles.items()}
        return sorted(self.communes, key=lambda pk: -score[pk])

    def distances(self, distances: dict[str, float]) -> dict[int, float | None]:
        """The shortest distance from the chosen commune to one of each mission's communes
        (None when none of them has a distance row)."""
        found: dict[int, float | None] = {}
        get = distances.get
        for pk, codes in self.communes.items():
            shortest = None
            for code in codes:
                km = get(code)
                if km is not None and (shortest is None or km < shortest):
                    shortest = km
            found[pk] = shortest
        return found

    def by_distance(self, shortest: dict[int, float | None]) -> list[int]:
        """Ids by distance (9999 km when unknown), ties in the order they were read: with
        ``most_recent_first``, the former SQL order (``ORDER BY distance, published_at DESC
        NULLS LAST, id DESC``), Python's sort being stable."""
        return sorted(self.communes, key=lambda pk: 9999.0 if (km := shortest[pk]) is None else km)

    def commune_counts(self) -> dict[str, int]:
        """Missions per commune (INSEE code)."""
        return dict(Counter(code for codes in self.communes.values() for code in codes))


def missions_by_commune(counts: dict[str, int]) -> list[dict[str, Any]]:
    """The rows of the map's table: missions per commune, most first then by name (the
    database's order of the names), at most ``MAP_ROWS``."""
    points = commune_points()
    if any(code not in points for code in counts):  # a commune added since the cache was filled
        cache.delete(_territory_key("commune-points"))
        points = commune_points()
    ranked = sorted((code for code in counts if code in points), key=lambda c: (-counts[c], points[c].rank))
    return [
        {
            "commune_id": code,
            "commune__name": points[code].name,
            "commune__lat": points[code].lat,
            "commune__lon": points[code].lon,
            "n": counts[code],
        }
        for code in ranked[:MAP_ROWS]
    ]


def card_versions(ids: list[int]) -> dict[int, str]:
    """The version of each mission's card: when the mission and its association (its name is
    on the card) were last saved, as the database gives them, spaces replaced (cache keys).

    Plain SQL: for this query of a few rows, Django takes five times longer to build the SQL
    than the database to run it (0.16 ms against 0.03 ms, decision 0827)."""
    if not ids:
        return {}
    connection = connections[router.db_for_read(Mission)]
    name = connection.ops.quote_name
    association = Association._meta.db_table
    # Only table and column names are put in the text; the ids are parameters.
    sql = (
        f"SELECT m.id, m.updated_at, a.updated_at FROM {name(Mission._meta.db_table)} m "  # noqa: S608
        f"LEFT OUTER JOIN {name(association)} a ON a.id = m.association_id "
        f"WHERE m.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {
            pk: f"{saved}/{association_saved}".replace(" ", "T") for pk, saved, association_saved in cursor
        }


def mission_search(*, filters: MissionFilters, page_number: Any = 1) -> MissionSearchResult:
    """One page of the public missions list (light rows, see ``MissionSearchResult``), plus
    the counts per commune for the map.

    Two queries (decision 0827): every matching mission with its communes, from which come
    the count, the counts per commune, the distances and the order (but the date order,
    the database's: one more query); then the versions of the page's cards.
    The communes' names, positions and distances are territory data, cached. The cards'
    data is read by ``mission_cards``, for the cards not cached yet only.

    The first query returns a row per matching mission and commune (515 for the 350 missions
    at agglo scale): fine for a territory's missions, to revisit beyond some thousands."""
    base = filter_missions(Mission.objects.published(), filters)
    sort = filters.effective_sort
    order = sort
    if sort == "pertinence" and not tokens(filters.q):
        order = "recent"  # without words every score is 0: the same order as "recent"
    # Read in the "recent" order (the tie-break of the distance and relevance orders), the
    # matches give the page's ids for these orders; the date order is the database's.
    words = tokens(filters.q)[:MAX_QUERY_TOKENS]
    read_options = {"most_recent_first": order != "date", "with_titles": order == "pertinence"}
    matches = _Matches.read(base, **read_options, sql_key=_match_sql_key(filters, **read_options))
    shortest = matches.distances(distances_from(filters.commune)) if filters.commune else {}
    paginator: Paginator[Any]
    if order == "date":
        ordering: list[Any] = [F("starts_at").asc(nulls_last=True), *RECENT_FIRST]
        paginator = Paginator(base.order_by(*ordering).values_list("pk", flat=True), PER_PAGE)
        paginator.count = len(matches.communes)  # known: no COUNT query
        page = paginator.get_page(page_number)
    else:
        ordered: list[Any]
        if order == "distance":
            ordered = matches.by_distance(shortest)
        elif order == "pertinence":
            ordered = matches.by_score(words)
        else:
            ordered = list(matches.communes)
        paginator = Paginator(ordered, PER_PAGE)
        page = paginator.get_page(page_number)
    ids = list(page.object_list)
    versions = card_versions(ids)
    rows = [{"pk": pk, "version": versions[pk]} for pk in ids if pk in versions]
    if filters.commune:
        for row in rows:
            row["distance"] = shortest[row["pk"]]
    page.object_list = rows
    commune_name = ""
    if filters.commune:
        point = commune_points().get(filters.commune)
        commune_name = (
            point.name
            if point
            else Commune.objects.filter(pk=filters.commune).values_list("name", flat=True).first() or ""
        )
    return MissionSearchResult(
        page=page,
        rows=rows,
        filters=filters,
        sort=sort,
        commune_name=commune_name,
        commune_counts=matches.commune_counts(),
    )


def mission_cards(ids: list[int]) -> dict[int, MissionCard]:
    """What the cards of these missions show, in three queries whatever their number (names and
    labels as plain values: lighter than prefetching model instances)."""
    if not ids:
        return {}
    missions = Mission.objects.filter(pk__in=ids).select_related("association").only(*CARD_FIELDS)
    cards = {
        mission.pk: MissionCard(mission=mission, commune_names=[], theme_labels=[]) for mission in missions
    }
    for mission_id, name in (
        MissionCommune.objects.filter(mission_id__in=ids)
        .order_by("commune__name")
        .values_list("mission_id", "commune__name")
    ):
        if mission_id in cards:
            cards[mission_id].commune_names.append(name)
    for mission_id, label in (
        MissionTheme.objects.filter(mission_id__in=ids)
        .order_by("theme__position")
        .values_list("mission_id", "theme__label")
    ):
        if mission_id in cards:
            cards[mission_id].theme_labels.append(label)
    return cards
