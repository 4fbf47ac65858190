"""Reads: the missions list (search, filters, distance), a mission's page, offers, agents' queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone

from solidaires.core.models import Theme
from solidaires.core.search import tokens
from solidaires.territory.models import Commune, CommuneDistance

from .models import Mission, MissionReport, MissionState, VolunteerOffer

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


def filter_missions(queryset: QuerySet[Mission], filters: MissionFilters) -> QuerySet[Mission]:
    """Apply the list's filters (see docs/decisions/0800 for remote missions and the radius)."""
    for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
        queryset = queryset.filter(search_document__contains=f" {token}")
    if filters.theme:
        queryset = queryset.filter(
            Exists(MissionTheme.objects.filter(mission_id=OuterRef("pk"), theme_id=filters.theme))
        )
    if filters.a_distance:
        queryset = queryset.filter(is_remote=True)
    elif filters.commune:
        near = nearby_communes(filters.commune, filters.rayon)
        # The commune itself always counts (even without a self-distance row).
        queryset = queryset.filter(
            Exists(
                MissionCommune.objects.filter(mission_id=OuterRef("pk")).filter(
                    Q(commune_id__in=near) | Q(commune_id=filters.commune)
                )
            )
        )
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


def _distance_subquery(commune: str) -> Subquery:
    ids = MissionCommune.objects.filter(mission_id=OuterRef(OuterRef("pk"))).values("commune_id")
    return Subquery(
        CommuneDistance.objects.filter(origin_id=commune, destination_id__in=ids)
        .order_by("km")
        .values("km")[:1],
        output_field=FloatField(),
    )


def _list_prefetches() -> list[Prefetch]:
    return [
        Prefetch("themes", queryset=Theme.objects.only("slug", "label", "position")),
        Prefetch(
            "communes", queryset=Commune.objects.only("insee", "name", "slug", "lat", "lon").order_by("name")
        ),
    ]


@dataclass
class MissionSearchResult:
    page: Page[Mission]
    filters: MissionFilters
    sort: str
    commune_name: str
    by_commune: list[dict[str, Any]]
    # Per mission of the page: its communes' names (by name) and its themes' labels (by position).
    commune_names: dict[int, list[str]]
    theme_labels: dict[int, list[str]]

    @property
    def count(self) -> int:
        return int(self.page.paginator.count)


def mission_search(*, filters: MissionFilters, page_number: Any = 1) -> MissionSearchResult:
    """One page of the public missions list, plus the counts per commune for the map.

    A constant number of queries whatever the page size: count, page, themes, communes, map."""
    base = filter_missions(Mission.objects.published(), filters)
    queryset = base.select_related("association").defer(
        "description", "skills", "search_document", "hidden_reason", "association__description"
    )
    sort = filters.effective_sort
    ordering: list[Any]
    if filters.commune:
        queryset = queryset.annotate(distance=Coalesce(_distance_subquery(filters.commune), Value(9999.0)))
    if sort == "pertinence" and not tokens(filters.q):
        # Without words every score is 0: the same order as "recent", without the constant.
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
    elif sort == "pertinence":
        score: Any = Value(0)
        for token in tokens(filters.q)[:MAX_QUERY_TOKENS]:
            score = score + Case(When(sort_title__contains=token, then=Value(1)), default=Value(0))
        queryset = queryset.annotate(score=Coalesce(score, Value(0), output_field=IntegerField()))
        ordering = ["-score", F("published_at").desc(nulls_last=True), "-id"]
    elif sort == "date":
        ordering = [F("starts_at").asc(nulls_last=True), F("published_at").desc(nulls_last=True), "-id"]
    elif sort == "distance":
        ordering = ["distance", F("published_at").desc(nulls_last=True), "-id"]
    else:
        ordering = [F("published_at").desc(nulls_last=True), "-id"]
    paginator = Paginator(queryset.order_by(*ordering), PER_PAGE)
    page = paginator.get_page(page_number)
    # Names and labels only (what the cards show): lighter than prefetching model instances.
    ids = [mission.pk for mission in page.object_list]
    commune_names: dict[int, list[str]] = {pk: [] for pk in ids}
    theme_labels: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        for mission_id, name in (
            MissionCommune.objects.filter(mission_id__in=ids)
            .order_by("commune__name")
            .values_list("mission_id", "commune__name")
        ):
            commune_names[mission_id].append(name)
        for mission_id, label in (
            MissionTheme.objects.filter(mission_id__in=ids)
            .order_by("theme__position")
            .values_list("mission_id", "theme__label")
        ):
            theme_labels[mission_id].append(label)
    commune_name = ""
    if filters.commune:
        commune_name = Commune.objects.filter(pk=filters.commune).values_list("name", flat=True).first() or ""
    by_commune = list(
        MissionCommune.objects.filter(mission__in=base.values("pk"))
        .values("commune_id", "commune__name", "commune__lat", "commune__lon")
        .annotate(n=Count("mission_id", distinct=True))
        .order_by("-n", "commune__name")[:100]
    )
    return MissionSearchResult(
        page=page,
        filters=filters,
        sort=sort,
        commune_name=commune_name,
        by_commune=by_commune,
        commune_names=commune_names,
        theme_labels=theme_labels,
    )


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
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("-created_at", "-id")
    )


def agent_missions(*, show: str) -> QuerySet[Mission]:
    """Agents' queue: "signalees" (open reports), "masquees" (hidden), "pour-autrui" (on behalf)."""
    queryset = Mission.objects.select_related("association", "posted_by", "hidden_by").annotate(
        open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
    )
    if show == "masquees":
        return queryset.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
    if show == "pour-autrui":
        return queryset.exclude(on_behalf_name="").order_by("-created_at", "-id")
    return queryset.filter(open_reports__gt=0).order_by("-open_reports", "-id")


def open_reports(mission: Mission) -> QuerySet[MissionReport]:
    return MissionReport.objects.filter(mission=mission, resolved_at__isnull=True).select_related("reporter")


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
