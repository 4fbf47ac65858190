"""Reads of the territory: communes, distances, places. Static data is cached.

The communes change only when ``load_territory`` runs, so what derives from them (choices,
summary, GeoJSON, the table on /territoire/) is cached under a *territory version* that
the loader bumps on commit. With a per-process cache (LocMem), other processes see the
change when the entries expire (``STATIC_TIMEOUT``); with a shared cache, immediately.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse

from solidaires.core.search import sort_key

from . import geo, svgmap
from .models import Commune, CommuneDistance, Epci, Place, PlaceStatus, UrbanClass

STATIC_TIMEOUT = 15 * 60
# Whole /territoire/ page for anonymous visitors (core.caching.cache_anonymous).
PAGE_TIMEOUT = 5 * 60
VERSION_KEY = "territory:version"

# Sort keys of the communes table on /territoire/ (GET ?tri=…), a leading "-" for descending.
COMMUNE_SORTS: dict[str, tuple[str, ...]] = {
    "nom": ("search_name", "insee"),
    "population": ("population", "insee"),
    "superficie": ("area_km2", "insee"),
    "densite": ("density", "insee"),
    "classe": ("urban_class", "search_name"),
    "code-postal": ("postal_codes", "search_name"),
}
DEFAULT_COMMUNE_SORT = "nom"


def cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, None)
    return int(version)


def _key(name: str) -> str:
    return f"territory:v{cache_version()}:{name}"


# Communes ---------------------------------------------------------------------------------


def communes() -> QuerySet[Commune]:
    """Every commune with its EPCI, without the (heavy) outline."""
    return Commune.objects.select_related("epci").defer("outline")


def commune_by_slug(slug: str) -> Commune:
    """Raises Commune.DoesNotExist."""
    return communes().get(slug=slug)


def commune_table(sort: str) -> tuple[QuerySet[Commune], str]:
    """Communes ordered for the table on /territoire/, with the effective sort key."""
    key = sort.removeprefix("-")
    if key not in COMMUNE_SORTS:
        sort, key = DEFAULT_COMMUNE_SORT, DEFAULT_COMMUNE_SORT
    fields = COMMUNE_SORTS[key]
    descending = sort.startswith("-")
    ordering = [(f"-{name}" if descending else name) for name in fields]
    return communes().order_by(*ordering), sort


def communes_within(commune: Commune, km: float, *, include_self: bool = True) -> QuerySet[Commune]:
    """Communes whose town hall is at most ``km`` km from ``commune``'s, nearest first.

    Each commune carries ``distance_km``. Uses the precomputed CommuneDistance table, so it
    works on any database and can be used in ``commune__in=`` filters.
    """
    queryset = Commune.objects.filter(distances_to__origin=commune, distances_to__km__lte=km)
    if not include_self:
        queryset = queryset.exclude(pk=commune.pk)
    return queryset.annotate(distance_km=F("distances_to__km")).order_by("distance_km", "search_name")


def distance_km(a: Commune, b: Commune) -> float | None:
    """Straight-line distance between two communes' town halls, None when unknown."""
    if a.pk == b.pk:
        return 0.0
    km = (
        CommuneDistance.objects.filter(origin_id=a.pk, destination_id=b.pk)
        .values_list("km", flat=True)
        .first()
    )
    if km is not None:
        return float(km)
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return geo.haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def commune_choices() -> list[tuple[str, str]]:
    """``(insee, name)`` of every commune, by name, for forms (cached)."""
    key = _key("choices")
    choices: list[tuple[str, str]] | None = cache.get(key)
    if choices is None:
        choices = [
            (insee, name)
            for insee, name in Commune.objects.order_by("search_name").values_list("insee", "name")
        ]
        cache.set(key, choices, STATIC_TIMEOUT)
    return choices


# "Commune urbaine", "communes rurales": the class as an adjective agreeing with "commune".
CLASS_ADJECTIVES: dict[str, str] = {
    UrbanClass.URBAN.value: "urbaine",
    UrbanClass.PERI_URBAN.value: "périurbaine",
    UrbanClass.RURAL.value: "rurale",
}


@dataclass(frozen=True)
class ClassCount:
    value: str
    label: str
    communes: int
    population: int

    @property
    def adjective(self) -> str:
        return CLASS_ADJECTIVES.get(self.value, "")


@dataclass(frozen=True)
class TerritorySummary:
    epci_names: list[str]
    communes: int
    population: int
    area_km2: float
    classes: list[ClassCount] = field(default_factory=list)
    bbox: list[float] | None = None

    @property
    def density(self) -> float | None:
        return self.population / self.area_km2 if self.area_km2 else None


def territory_summary() -> TerritorySummary:
    """Figures of the whole territory (cached)."""
    key = _key("summary")
    summary: TerritorySummary | None = cache.get(key)
    if summary is not None:
        return summary
    totals = Commune.objects.aggregate(n=Count("insee"), population=Sum("population"), area=Sum("area_km2"))
    by_class = {
        row["urban_class"]: row
        for row in Commune.objects.values("urban_class").annotate(
            n=Count("insee"), population=Sum("population")
        )
    }
    classes = [
        ClassCount(
            value=choice.value,
            label=str(choice.label),
            communes=by_class.get(choice.value, {}).get("n", 0),
            population=by_class.get(choice.value, {}).get("population") or 0,
        )
        for choice in UrbanClass
    ]
    summary = TerritorySummary(
        epci_names=list(
            Epci.objects.filter(communes__isnull=False).distinct().values_list("name", flat=True)
        ),
        communes=totals["n"] or 0,
        population=totals["population"] or 0,
        area_km2=totals["area"] or 0.0,
        classes=classes,
        bbox=_territory_bbox(),
    )
    cache.set(key, summary, STATIC_TIMEOUT)
    return summary


def _territory_bbox() -> list[float] | None:
    boxes = []
    for outline, lat, lon in Commune.objects.values_list("outline", "lat", "lon").iterator(chunk_size=200):
        if outline:
            try:
                boxes.append(geo.bounding_box(outline))
                continue
            except geo.GeometryError:
                pass
        if lat is not None and lon is not None:
            boxes.append(geo.BoundingBox(lon, lat, lon, lat))
    box = geo.union_box(boxes)
    return box.as_list() if box else None


@dataclass(frozen=True)
class GeoJsonDocument:
    content: bytes
    etag: str


def communes_geojson() -> GeoJsonDocument:
    """FeatureCollection of the commune outlines with a few properties (cached)."""
    key = _key("geojson")
    document: GeoJsonDocument | None = cache.get(key)
    if document is not None:
        return document
    labels = dict(UrbanClass.choices)
    features: list[dict[str, Any]] = []
    rows = Commune.objects.order_by("insee").values_list(
        "insee", "name", "slug", "population", "urban_class", "outline", "lat", "lon"
    )
    for insee, name, slug, population, urban_class, outline, lat, lon in rows.iterator(chunk_size=200):
        if not outline:
            continue
        features.append(
            {
                "type": "Feature",
                "id": insee,
                "properties": {
                    "insee": insee,
                    "name": name,
                    "population": population,
                    "class": urban_class,
                    "class_label": str(labels.get(urban_class, "")),
                    "url": reverse("territory:commune", kwargs={"slug": slug}),
                    "lat": lat,
                    "lon": lon,
                },
                "geometry": outline,
            }
        )
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    box = geo.union_box(geo.bounding_box(f["geometry"]) for f in features)
    if box is not None:
        collection["bbox"] = box.as_list()
    content = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    document = GeoJsonDocument(content=content, etag=hashlib.sha256(content).hexdigest()[:32])
    cache.set(key, document, STATIC_TIMEOUT)
    return document


# Fills of the static SVG map by class (AA-contrasting with the white borders between communes).
SVG_FILLS = {
    UrbanClass.URBAN.value: "#0f6e6a",
    UrbanClass.PERI_URBAN.value: "#e9a55c",
    UrbanClass.RURAL.value: "#cfe3d3",
}


def communes_svg() -> GeoJsonDocument:
    """The communes drawn as a static SVG picture (cached; same etag scheme as the GeoJSON)."""
    key = _key("svg")
    document: GeoJsonDocument | None = cache.get(key)
    if document is not None:
        return document
    features = json.loads(communes_geojson().content)["features"]
    svg = svgmap.render_svg(
        svgmap.shapes_from_features(features, SVG_FILLS), width=600, title="Carte des communes du territoire"
    )
    content = svg.encode()
    document = GeoJsonDocument(content=content, etag=hashlib.sha256(content).hexdigest()[:32])
    cache.set(key, document, STATIC_TIMEOUT)
    return document


# Places -----------------------------------------------------------------------------------


def places() -> QuerySet[Place]:
    return Place.objects.select_related("commune")


def places_public() -> QuerySet[Place]:
    """Verified places, the only ones shown to the public."""
    return places().filter(status=PlaceStatus.VERIFIED)


def places_pending() -> QuerySet[Place]:
    """Places waiting for an agent's check, oldest first (the agents' queue)."""
    return places().filter(status=PlaceStatus.PENDING).order_by("created_at", "id")


def places_visible_to(user: Any) -> QuerySet[Place]:
    """Every place for agents, verified ones for everybody else."""
    if user is not None and user.has_perm("territory.manage_place"):
        return places()
    return places_public()


def places_filtered(
    queryset: QuerySet[Place], *, kind: str = "", commune: str = "", status: str = "", text: str = ""
) -> QuerySet[Place]:
    """Apply the list filters (empty values mean "any")."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if commune:
        queryset = queryset.filter(commune_id=commune)
    if status:
        queryset = queryset.filter(status=status)
    if text:
        needle = sort_key(text)
        queryset = queryset.filter(Q(sort_name__contains=needle) | Q(address__icontains=text))
    return queryset


def places_in_commune(commune: Commune, *, limit: int = 20) -> list[Place]:
    return list(places_public().filter(commune=commune).order_by("sort_name", "id")[:limit])
