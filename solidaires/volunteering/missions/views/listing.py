"""/missions/: the list of missions (search, filters, sort, map), cached for visitors."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, select_options
from solidaires.territory import selectors as territory_selectors
from solidaires.volunteering.missions import selectors, services
from solidaires.volunteering.missions.views.common import (
    RADIUS_LABELS,
    _section_context,
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
RADIUS_OPTIONS = tuple(RADIUS_LABELS)
SORT_OPTIONS = tuple(SORT_LABELS)


def _card(data: selectors.MissionCard) -> dict[str, Any]:
    """What a mission's card shows, read once (the template does not go back to the managers)."""
    return {
        "mission": data.mission,
        "lines": schedule_lines(data.mission),
        "communes": ", ".join(data.commune_names),
        "themes": data.theme_labels,
    }


def mission_results(rows: Sequence[dict[str, Any]]) -> list[SafeString]:
    """The HTML of each result of the page (list item and card), in order (decision 0827).

    Each card is rendered once per version of the mission and of its association, and per
    day (the schedule lines depend on today), then cached and shared by every search, filter,
    page and visitor. The distance to the chosen commune depends on the search: the cached
    card holds a mark in its place, replaced here (rows have a ``distance`` when a commune is
    chosen)."""
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
    return [
        mark_safe(html.replace(DISTANCE_MARK, _distance_text(row.get("distance")), 1))  # cached HTML, digits
        for html, row in zip(results, rows, strict=True)
    ]


def results_html(results: list[SafeString]) -> SafeString:
    """The results joined as the former {% for %} loop of list.html laid them out."""
    return mark_safe("".join(f"\n  {html}\n  " for html in results))  # each result is safe HTML


def _distance_text(km: float | None) -> str:
    """ " · à 3 km" (as the former card template wrote it), or nothing when unknown."""
    if km is None or km >= 9999:
        return ""
    return _rounded_km(km)


@lru_cache(maxsize=4096)
def _rounded_km(km: float) -> str:
    return f" · à {floatformat(km, 0)} km"  # floatformat takes about 7 µs: once per distance


# The list -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _map_row_parts(insee: str, name: str, lat: float | None, lon: float | None) -> tuple[str, str]:
    """The escaped parts of a commune's row in the map table that do not depend on the search:
    what comes before its count, and from its id to the count again (built once per process)."""
    name = escape(name)
    before = (
        f'\n        <tr data-lat="{"" if lat is None else escape(str(lat))}" '
        f'data-lon="{"" if lon is None else escape(str(lon))}" data-name="{name}" data-count="'
    )
    middle = f'commune={escape(insee)}&amp;rayon=0"><th scope="row">{name}</th><td>'
    return before, middle


def _map_rows(by_commune: list[dict[str, Any]], query: str) -> SafeString:
    """The rows of the "missions par commune" table, built in Python (as select_options does):
    up to 100 rows made the {% for %} loop the costliest part of the page. Byte for byte what
    the former loop in list.html produced. Each commune's fixed parts are escaped once per
    process (format_html for each row cost about 1 ms for 100 rows)."""
    link = '" data-url="?' + (escape(query) + "&amp;" if query else "")
    counts: dict[int, str] = {}
    rows = []
    for row in by_commune:
        n = counts.get(row["n"])
        if n is None:
            n = counts[row["n"]] = escape(localize(row["n"]))
        before, middle = _map_row_parts(
            row["commune_id"], row["commune__name"], row["commune__lat"], row["commune__lon"]
        )
        rows.append(f"{before}{n}{link}{middle}{n}</td></tr>\n      ")
    return mark_safe("".join(rows))  # every value is escaped


@lru_cache(maxsize=256)
def _map_rows_for(counts: tuple[tuple[str, int], ...], query: str, territory_version: int) -> SafeString:
    """The map's rows for given missions per commune (built once per process for each count,
    search and version of the territory: the same counts come back on every page of a search
    and on every visit of the whole list)."""
    return _map_rows(selectors.missions_by_commune(dict(counts)), query)


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


@lru_cache(maxsize=64)
def _inline_options(choices: tuple[tuple[str, str], ...], selected: str) -> SafeString:
    """``<option>`` elements on one line, ``selected`` marked (what the former {% for %} loops
    of the radius and sort selects wrote), built once per process for each selected value."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
            for value, label in choices
        )
    )


@cache_anonymous(LIST_CACHE_SECONDS, version_keys=(services.MISSIONS_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    """/missions/ — search, filters, sort, list and map (title starts "Missions de bénévolat")."""
    filters = selectors.MissionFilters.from_query(request.GET)
    result = selectors.mission_search(filters=filters, page_number=request.GET.get("page", 1))
    themes, communes = selectors.filter_choices()
    theme_label = next((label for slug, label in themes if slug == filters.theme), "")
    unknown_commune = bool(filters.commune) and not result.commune_name
    query = filters.query_string()
    return render(
        request,
        "volunteering/list.html",
        {
            "result": result,
            "page": result.page,
            "results": results_html(mission_results(result.rows)),
            "filters": filters,
            "errors": {
                **(filters.errors or {}),
                **(
                    {"commune": "Cette commune est inconnue : choisissez-la dans la liste."}
                    if unknown_commune
                    else {}
                ),
            },
            "theme_options": select_options(tuple(themes), filters.theme),
            "commune_options": select_options(tuple(communes), filters.commune),
            "radius_option_tags": _inline_options(RADIUS_OPTIONS, str(filters.rayon)),
            "sort_option_tags": _inline_options(SORT_OPTIONS, filters.tri),
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
