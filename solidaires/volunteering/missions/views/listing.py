"""/missions/: the list of missions (search, filters, sort, map), cached for visitors."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, offered, select_options
from solidaires.territory import selectors as territory_selectors
from solidaires.volunteering.missions import selectors, services
from solidaires.volunteering.missions.views.common import (
    _section_context,
    radius_options,
    schedule_lines,
)

LIST_CACHE_SECONDS = 60
# Each result of the list (list item and card) is rendered once per version of the mission
# and cached (decision 0827). Bump RESULT_TEMPLATE_VERSION when result.html changes; the key
# also carries the page cache and territory versions (commune names).
RESULT_TEMPLATE = "volunteering/includes/result.html"
RESULT_TEMPLATE_VERSION = 1
RESULT_CACHE_SECONDS = 15 * 60
# Where the distance to the chosen commune goes in a cached card (it depends on the search).
DISTANCE_MARK = "<!--distance-->"

SORT_LABELS = [
    ("", "Automatique"),
    ("recent", "Les plus récentes"),
    ("date", "Les plus proches dans le temps"),
    ("distance", "Les plus proches de la commune"),
    ("pertinence", "Pertinence de la recherche"),
]
MAP_ROWS_TEMPLATE = "volunteering/includes/map_rows.html"


def _card(data: selectors.MissionCard) -> dict[str, Any]:
    """What a mission's card shows, read once (the template does not go back to the managers)."""
    return {
        "mission": data.mission,
        "lines": schedule_lines(data.mission),
        "communes": ", ".join(data.commune_names),
        "themes": data.theme_labels,
    }


def mission_results(rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Each result of the page (list item and card), in order, as (HTML before the distance,
    the distance, HTML after it) for list.html (decision 0827).

    Each card is rendered once per version of the mission and of its association, and per
    day (the schedule lines depend on today), then cached and shared by every search, filter,
    page and visitor. The distance to the chosen commune depends on the search: the cached
    card holds a mark in its place, where list.html writes it (rows have a ``distance`` when a
    commune is chosen)."""
    today = timezone.localdate().isoformat()

    def key_parts(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["pk"], row["version"], today)

    def render_missing(missing: list[dict[str, Any]]) -> list[str]:
        cards = selectors.mission_cards([row["pk"] for row in missing])
        template = get_template(RESULT_TEMPLATE)
        return [
            str(template.render(_card(cards[row["pk"]]))).strip() if row["pk"] in cards else ""
            for row in missing
        ]

    results = cached_fragments(
        rows,
        namespace="volunteering:result",
        template_version=RESULT_TEMPLATE_VERSION,
        key_parts=key_parts,
        render_missing=render_missing,
        timeout=RESULT_CACHE_SECONDS,
    )
    parts = []
    for html, row in zip(results, rows, strict=True):
        before, _mark, after = html.partition(DISTANCE_MARK)
        parts.append((before, _distance_text(row.get("distance")), after))
    return parts


def _distance_text(km: float | None) -> str:
    """ " · à 3 km" (as the former card template wrote it), or nothing when unknown."""
    if km is None or km >= 9999:
        return ""
    return _rounded_km(km)


@lru_cache(maxsize=4096)
def _rounded_km(km: float) -> str:
    return f" · à {floatformat(km, 0)} km"  # floatformat takes about 7 µs: once per distance


# The list -----------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _map_rows_for(counts: tuple[tuple[str, int], ...], query: str, territory_version: int) -> SafeString:
    """The rows of the "missions par commune" table for given missions per commune, rendered
    once per process for each count, search and version of the territory (the same counts
    come back on every page of a search and on every visit of the whole list)."""
    return render_to_string(
        MAP_ROWS_TEMPLATE, {"rows": selectors.missions_by_commune(dict(counts)), "query": query}
    )


def map_rows(counts: dict[str, int], query: str) -> SafeString:
    return _map_rows_for(tuple(sorted(counts.items())), query, territory_selectors.cache_version())


@lru_cache(maxsize=8)
def _list_links(script_prefix: str) -> dict[str, str]:
    """The list page's fixed URLs and assets, reversed once per process (and script prefix)."""
    return {
        "index": reverse("volunteering:index"),
        "mission_create": reverse("volunteering:mission_create"),
        "offer_create": reverse("volunteering:offer_create"),
        "offers": reverse("volunteering:offers"),
        "saved_search_create": reverse("volunteering:saved_search_create"),
        "communes_geojson": reverse("territory:communes_geojson"),
        "leaflet_css": static("vendor/leaflet/leaflet.css"),
        "leaflet_js": static("vendor/leaflet/leaflet.js"),
        "list_css": static("volunteering/volunteering.css"),
        "map_js": static("js/results-map.js"),
    }


@cache_anonymous(LIST_CACHE_SECONDS, version_keys=(services.MISSIONS_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    """/missions/ — search, filters, sort, list and map (title starts "Missions de bénévolat")."""
    filters = selectors.MissionFilters.from_query(request.GET)
    themes, communes = selectors.filter_choices()
    filters.theme = offered(filters.theme, themes)  # the theme select shows what filters
    result = selectors.mission_search(filters=filters, page_number=request.GET.get("page", 1))
    theme_label = next((label for slug, label in themes if slug == filters.theme), "")
    query = filters.query_string()
    return render(
        request,
        "volunteering/list.html",
        {
            "result": result,
            "page": result.page,
            "results": mission_results(result.rows),
            "filters": filters,
            "errors": filters.errors or {},
            "theme_options": select_options(tuple(themes), filters.theme),
            "commune_options": select_options(tuple(communes), filters.commune),
            "radius_options": radius_options(filters.rayon),
            "sort_options": SORT_LABELS,
            "links": _list_links(get_script_prefix()),
            "theme_label": theme_label,
            "query": query,
            "map_rows": map_rows(result.commune_counts, query),
            "open_filters": filters.extra_filter_count > 0 or bool(filters.errors),
            "map_tiles": settings.SOLIDAIRES_MAP_TILE_URL,
            "map_attribution": settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION,
            "can_save_search": request.user.is_authenticated,
            **_section_context(request),
        },
    )
