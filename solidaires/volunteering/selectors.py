"""Reads: the missions list (search, filters, distance), a mission's page, offers, agents' queues."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections, router
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone

from solidaires.associations.models import Association
from solidaires.core.models import Theme
from solidaires.core.search import tokens
from solidaires.moderation.models import Report, ReportQuerySet
from solidaires.territory import selectors as territory_selectors
from solidaires.territory.models import Commune, CommuneDistance

from .models import Mission, MissionState, VolunteerOffer

PER_PAGE = 20
MAX_QUERY_TOKENS = 8
RADIUS_CHOICES = (0, 5, 10, 20, 30, 50)
DEFAULT_RADIUS = 10
MAX_RADIUS = 200
SORTS = ("pertinence", "date", "distance", "recent")
MissionTheme = Mission.themes.through
MissionCommune = Mission.communes.through
OfferTheme = VolunteerOffer.themes.through
OfferCommune = VolunteerOffer.communes.through


def _flag(data: QueryDict | dict[str, Any], name: str) -> bool:
    return str(data.get(name, "")).strip() in {"1", "on", "oui", "true"}


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


@dataclass
class MissionFilters:
    q: str = ""
    theme: str = ""
    commune: str = ""
    rayon: int = DEFAULT_RADIUS
    du: date | None = None
    au: date | None = None
    recurrent: bool = False
    jeunes: bool = False
    accessible: bool = False
    a_distance: bool = False
    tri: str = ""
    errors: dict[str, str] | None = None

    @classmethod
    def from_query(cls, data: QueryDict | dict[str, Any]) -> MissionFilters:
        errors: dict[str, str] = {}
        raw_rayon = str(data.get("rayon", "")).strip()
        rayon = DEFAULT_RADIUS
        if raw_rayon:
            try:
                rayon = max(0, min(MAX_RADIUS, int(float(raw_rayon.replace(",", ".")))))
            except ValueError:
                errors["rayon"] = "Indiquez une distance en kilomètres, par exemple 10."
        raw_du, raw_au = str(data.get("du", "")), str(data.get("au", ""))
        du, au = _date(raw_du), _date(raw_au)
        if raw_du.strip() and du is None:
            errors["du"] = "Date inconnue : utilisez le format jj/mm/aaaa."
        if raw_au.strip() and au is None:
            errors["au"] = "Date inconnue : utilisez le format jj/mm/aaaa."
        if du and au and au < du:
            errors["au"] = "La date de fin de période est avant la date de début."
            au = None
        tri = str(data.get("tri", "")).strip()
        return cls(
            q=str(data.get("q", "")).strip()[:200],
            theme=str(data.get("theme", "")).strip()[:40],
            commune=str(data.get("commune", "")).strip()[:5],
            rayon=rayon,
            du=du,
            au=au,
            recurrent=_flag(data, "recurrent"),
            jeunes=_flag(data, "jeunes"),
            accessible=_flag(data, "accessible"),
            a_distance=_flag(data, "a_distance"),
            tri=tri if tri in SORTS else "",
            errors=errors,
        )

    @property
    def effective_sort(self) -> str:
        if self.tri == "distance" and not self.commune:
            return "recent"
        if self.tri == "pertinence" and not tokens(self.q):
            return "recent"
        if self.tri:
            return self.tri
        if tokens(self.q):
            return "pertinence"
        if self.commune and not self.a_distance:
            return "distance"
        return "recent"

    @property
    def active(self) -> bool:
        return bool(
            tokens(self.q)
            or self.theme
            or self.commune
            or self.du
            or self.au
            or self.recurrent
            or self.jeunes
            or self.accessible
            or self.a_distance
        )

    @property
    def extra_filter_count(self) -> int:
        return sum(
            bool(v)
            for v in (
                self.theme,
                self.commune,
                self.du or self.au,
                self.recurrent,
                self.jeunes,
                self.accessible,
                self.a_distance,
            )
        )

    def as_pairs(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        if self.theme:
            pairs.append(("theme", self.theme))
        if self.commune:
            pairs.append(("commune", self.commune))
            pairs.append(("rayon", str(self.rayon)))
        if self.du:
            pairs.append(("du", self.du.isoformat()))
        if self.au:
            pairs.append(("au", self.au.isoformat()))
        for name in ("recurrent", "jeunes", "accessible", "a_distance"):
            if getattr(self, name):
                pairs.append((name, "1"))
        if self.tri:
            pairs.append(("tri", self.tri))
        return pairs

    def query_string(self) -> str:
        return urlencode(self.as_pairs())


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def nearby_communes(commune: str, km: float) -> QuerySet[CommuneDistance, Any]:
    """Destination communes at most ``km`` from ``commune`` (ids, for ``__in`` filters)."""
    return CommuneDistance.objects.filter(origin_id=commune, km__lte=km).values("destination_id")


def _territory_key(name: str) -> str:
    return f"volunteering:territory:t{territory_selectors.cache_version()}:{name}"


class CommunePoint(NamedTuple):
    rank: int  # position in the communes ordered by name (the database's collation)
    name: str
    lat: float | None
    lon: float | None


def commune_points() -> dict[str, CommunePoint]:
    """Every commune's name and town hall position, by INSEE code (territory data: cached
    under the territory version, like territory.selectors, decision 0827)."""
    key = _territory_key("commune-points")
    points: dict[str, CommunePoint] | None = cache.get(key)
    if points is None:
        rows = Commune.objects.order_by("name", "insee").values_list("insee", "name", "lat", "lon")
        points = {
            insee: CommunePoint(rank, name, lat, lon) for rank, (insee, name, lat, lon) in enumerate(rows)
        }
        cache.set(key, points, territory_selectors.STATIC_TIMEOUT)
    return points


def distances_from(commune: str) -> dict[str, float]:
    """Distance in km from ``commune`` to every commune with a distance row (cached like
    ``commune_points``): the radius filter and the distance shown on the cards."""
    key = _territory_key(f"distances-from:{commune}")
    distances: dict[str, float] | None = cache.get(key)
    if distances is None:
        distances = dict(
            CommuneDistance.objects.filter(origin_id=commune).values_list("destination_id", "km")
        )
        cache.set(key, distances, territory_selectors.STATIC_TIMEOUT)
    return distances


def communes_within(commune: str, km: float) -> list[str]:
    """The commune and every commune at most ``km`` from it (INSEE codes)."""
    return [commune, *(code for code, distance in distances_from(commune).items() if distance <= km)]


def _linked_missions(link: type[Model], column: str, values: list[str]) -> RawSQL:
    """The ids of the missions linked to one of ``values`` in a link table (themes, communes),
    as a subquery for ``pk__in``: ``SELECT mission_id FROM <table> WHERE <column> IN (…)``.

    Written in SQL: Django takes four times longer to build the same subquery from querysets
    (0.12 ms against 0.03 ms), on every search (decision 0827). Only the model's table and
    column names are put in the text; the values (at least one) are parameters."""
    name = connections[router.db_for_read(link)].ops.quote_name
    placeholders = ", ".join(["%s"] * len(values))
    return RawSQL(  # noqa: S611
        f"SELECT {name('mission_id')} FROM {name(link._meta.db_table)} "  # noqa: S608
        f"WHERE {name(column)} IN ({placeholders})",
        values,
    )


def filter_missions(queryset: QuerySet[Mission], filters: MissionFilters) -> QuerySet[Mission]:
    """Apply the list's filters (see docs/decisions/0800 for remote missions and the radius).

    Themes and communes through ``pk__in`` subqueries of the link tables (``_linked_missions``),
    the communes within the radius as a list (decision 0827): the same missions as with the
    former ``Exists`` subqueries, for a fifth of the time Django took to build their SQL."""
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.theme:
        queryset = queryset.filter(pk__in=_linked_missions(MissionTheme, "theme_id", [filters.theme]))
    if filters.a_distance:
        queryset = queryset.filter(is_remote=True)
    elif filters.commune:
        # The commune itself always counts (even without a self-distance row).
        near = communes_within(filters.commune, filters.rayon)
        queryset = queryset.filter(pk__in=_linked_missions(MissionCommune, "commune_id", near))
    if filters.du:
        queryset = queryset.filter(Q(ends_at__isnull=True) | Q(ends_at__gte=_local_start(filters.du)))
    if filters.au:
        end = _local_start(filters.au + timedelta(days=1))
        queryset = queryset.filter(Q(starts_at__isnull=True) | Q(starts_at__lt=end))
    if filters.recurrent:
        queryset = queryset.filter(schedule_kind="recurring")
    if filters.jeunes:
        queryset = queryset.filter(youth_friendly=True)
    if filters.accessible:
        queryset = queryset.filter(accessible_prm=True)
    return queryset


def _list_prefetches() -> list[Prefetch]:
    return [
        Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
        Prefetch(
            "communes", queryset=Commune.objects.only("insee", "name", "slug", "lat", "lon").order_by("name")
        ),
    ]


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


def mission_for_page(*, pk: int) -> Mission | None:
    """The mission with what its page shows (the view checks who may see it)."""
    return (
        Mission.objects.select_related(
            "association",
            "association__head_office_commune",
            "place",
            "place__commune",
            "posted_by",
            "contact",
            "hidden_by",
        )
        .prefetch_related(*_list_prefetches())
        .filter(pk=pk)
        .first()
    )


def missions_of(user: Any) -> QuerySet[Mission]:
    """ "Mes missions publiées": what the user posted, is the contact of, or their associations'."""
    return (
        Mission.objects.posted_by_or_managed(user)
        .select_related("association")
        .prefetch_related(*_list_prefetches())
        .annotate(open_reports=_open_reports_count())
        .order_by("-created_at", "-id")
    )


def _mission_reports() -> ReportQuerySet:
    """The platform's reports (moderation, decision 0828) whose target is a mission."""
    return Report.objects.filter(target_type=ContentType.objects.get_for_model(Mission))


def _open_reports_count() -> Coalesce:
    """Number of open reports about the mission of the outer query (a correlated subquery)."""
    counts = (
        _mission_reports()
        .open()
        .filter(target_id=OuterRef("pk"))
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def agent_missions(*, show: str) -> QuerySet[Mission]:
    """Agents' queue: "signalees" (open reports), "masquees" (hidden), "pour-autrui" (on behalf)."""
    queryset = Mission.objects.select_related("association", "posted_by", "hidden_by").annotate(
        open_reports=_open_reports_count()
    )
    if show == "masquees":
        return queryset.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
    if show == "pour-autrui":
        return queryset.exclude(on_behalf_name="").order_by("-created_at", "-id")
    return queryset.filter(open_reports__gt=0).order_by("-open_reports", "-id")


def open_reports(mission: Mission) -> QuerySet[Report]:
    """Open reports about one mission, oldest first."""
    return _mission_reports().open().filter(target_id=mission.pk).select_related("reporter")


def open_reports_by_mission(missions: list[Mission]) -> dict[int, list[Report]]:
    """Open reports about each of these missions (one query), oldest first."""
    reports: dict[int, list[Report]] = {}
    if not missions:
        return reports
    queryset = _mission_reports().open().filter(target_id__in=[m.pk for m in missions])
    for report in queryset.order_by("created_at", "id"):
        reports.setdefault(report.target_id, []).append(report)
    return reports


def mission_report(*, pk: int) -> Report | None:
    """One open report about a mission (the agents' "classer sans suite" button)."""
    return _mission_reports().open().filter(pk=pk).first()


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from solidaires.associations.selectors import filter_choices as directory_choices

    choices = directory_choices()
    return list(choices.themes), list(choices.communes)


def new_missions_for(*, query_string: str, since: datetime, limit: int = 20) -> list[Mission]:
    """Missions published since ``since`` matching a saved search (for the daily alert)."""
    filters = MissionFilters.from_query(QueryDict(query_string))
    return list(
        filter_missions(Mission.objects.published(), filters)
        .filter(published_at__gt=since)
        .select_related("association")
        .prefetch_related(*_list_prefetches())
        .order_by("-published_at", "-id")[:limit]
    )


# Volunteer offers --------------------------------------------------------------------------


@dataclass
class OfferFilters:
    q: str = ""
    theme: str = ""
    commune: str = ""
    rayon: int = DEFAULT_RADIUS

    @classmethod
    def from_query(cls, data: QueryDict | dict[str, Any]) -> OfferFilters:
        try:
            rayon = max(0, min(MAX_RADIUS, int(str(data.get("rayon", DEFAULT_RADIUS)) or DEFAULT_RADIUS)))
        except ValueError:
            rayon = DEFAULT_RADIUS
        return cls(
            q=str(data.get("q", "")).strip()[:200],
            theme=str(data.get("theme", "")).strip()[:40],
            commune=str(data.get("commune", "")).strip()[:5],
            rayon=rayon,
        )

    def query_string(self) -> str:
        pairs = [(k, v) for k, v in (("q", self.q), ("theme", self.theme), ("commune", self.commune)) if v]
        if self.commune:
            pairs.append(("rayon", str(self.rayon)))
        return urlencode(pairs)


def filter_offers(queryset: QuerySet[VolunteerOffer], filters: OfferFilters) -> QuerySet[VolunteerOffer]:
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.theme:
        queryset = queryset.filter(
            Exists(OfferTheme.objects.filter(volunteeroffer_id=OuterRef("pk"), theme_id=filters.theme))
        )
    if filters.commune:
        near = nearby_communes(filters.commune, filters.rayon)
        queryset = queryset.filter(
            Q(home_commune_id__in=near)
            | Q(home_commune_id=filters.commune)
            | Exists(
                OfferCommune.objects.filter(volunteeroffer_id=OuterRef("pk"), commune_id=filters.commune)
            )
        )
    return queryset


def offer_search(*, filters: OfferFilters, page_number: Any = 1) -> Page[VolunteerOffer]:
    queryset = (
        filter_offers(VolunteerOffer.objects.visible(), filters)
        .select_related("home_commune", "person")
        .only(
            "id",
            "title",
            "description",
            "weekdays",
            "day_parts",
            "is_remote_ok",
            "expires_at",
            "state",
            "created_at",
            "home_commune__insee",
            "home_commune__name",
            "person__id",
            "person__display_name",
            "person__email",
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
        .order_by("-created_at", "-id")
    )
    return Paginator(queryset, PER_PAGE).get_page(page_number)


def offer_for_page(*, pk: int) -> VolunteerOffer | None:
    return (
        VolunteerOffer.objects.select_related("home_commune", "person")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
            Prefetch("communes", queryset=Commune.objects.only("insee", "name").order_by("name")),
        )
        .filter(pk=pk)
        .first()
    )


def offers_of(user: Any) -> QuerySet[VolunteerOffer]:
    return (
        VolunteerOffer.objects.filter(person=user)
        .select_related("home_commune")
        .prefetch_related("themes")
        .order_by("-created_at", "-id")
    )


def mission_states_for_display() -> dict[str, str]:
    return {str(k): str(v) for k, v in MissionState.choices}
