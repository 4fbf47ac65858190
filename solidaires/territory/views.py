"""Pages of the territory: the communes map and table, commune pages, places (public and agents)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solidaires.core.caching import cache_anonymous
from solidaires.core.guards import agent_required
from solidaires.core.http import safe_next
from solidaires.core.pagination import NEXT_PARAM, PREVIOUS_PARAM, keyset_paginate

from . import selectors, services
from .forms import AgentPlaceFilterForm, ArchiveForm, PlaceFilterForm, PlaceForm
from .models import Commune, Place, PlaceStatus, UrbanClass

NEARBY_KM = 10
PLACES_PER_PAGE = 20
AGENT_PLACES_PER_PAGE = 50

# (sort key, header, numeric)
TABLE_COLUMNS = [
    ("nom", "Commune", False),
    ("population", "Population", True),
    ("superficie", "Superficie", True),
    ("densite", "Densité", True),
    ("classe", "Classe", False),
    ("code-postal", "Codes postaux", False),
]


def _map_settings() -> dict[str, str]:
    return {
        "tile_url": settings.SOLIDAIRES_MAP_TILE_URL,
        "tile_attribution": settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION,
    }


def _query_without_cursor(request: HttpRequest) -> str:
    params = request.GET.copy()
    for name in (NEXT_PARAM, PREVIOUS_PARAM):
        params.pop(name, None)
    return params.urlencode()


# Public -------------------------------------------------------------------------------------


@require_GET
@cache_anonymous(timeout=selectors.PAGE_TIMEOUT)
def territory_index(request: HttpRequest) -> HttpResponse:
    """/territoire/: the map of the communes and the same data as a sortable table."""
    communes, sort = selectors.commune_table(request.GET.get("tri", selectors.DEFAULT_COMMUNE_SORT))
    key = sort.removeprefix("-")
    descending = sort.startswith("-")
    columns = []
    for name, label, numeric in TABLE_COLUMNS:
        current = name == key
        next_sort = name if not current or descending else f"-{name}"
        columns.append(
            {
                "name": name,
                "label": label,
                "numeric": numeric,
                "url": "?" + urlencode({"tri": next_sort}),
                "aria_sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return render(
        request,
        "territory/index.html",
        {
            "summary": selectors.territory_summary(),
            "communes": communes,  # evaluated only when the cached table fragment is missing
            "columns": columns,
            "sort": sort,
            "cache_version": selectors.cache_version(),
            "class_choices": UrbanClass.choices,
            **_map_settings(),
        },
    )


@require_GET
def communes_geojson(request: HttpRequest) -> HttpResponse:
    """Outlines of the communes with insee, name, population and class (cached)."""
    return _document_response(request, selectors.communes_geojson(), "application/geo+json")


def _document_response(
    request: HttpRequest, document: selectors.GeoJsonDocument, content_type: str
) -> HttpResponse:
    """Serve a cached document with its ETag (304 when the client has it) and public caching."""
    etag = f'"{document.etag}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(document.content, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=selectors.STATIC_TIMEOUT)
    return response


@require_GET
def communes_svg(request: HttpRequest) -> HttpResponse:
    """The communes as a static SVG picture (home page), cached like the GeoJSON."""
    document = selectors.communes_svg()
    if not document.content:
        raise Http404
    return _document_response(request, document, "image/svg+xml")


@require_GET
def commune_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        commune = selectors.commune_by_slug(slug)
    except Commune.DoesNotExist as exc:
        raise Http404 from exc
    nearby = list(selectors.communes_within(commune, NEARBY_KM, include_self=False))
    return render(
        request,
        "territory/commune_detail.html",
        {
            "commune": commune,
            "class_adjective": selectors.CLASS_ADJECTIVES.get(commune.urban_class, ""),
            "class_choices": UrbanClass.choices,
            "nearby": nearby,
            "nearby_km": NEARBY_KM,
            "places": selectors.places_in_commune(commune),
            **_map_settings(),
        },
    )


@require_GET
def place_list(request: HttpRequest) -> HttpResponse:
    context = _place_list_context(request, PlaceFilterForm, selectors.places_public(), PLACES_PER_PAGE)
    return render(request, "territory/place_list.html", context)


def _place_list_context(
    request: HttpRequest, form_class: type[PlaceFilterForm], base: QuerySet[Place], per_page: int
) -> dict[str, Any]:
    """Filter form, keyset page and query string shared by the public and agents' place lists."""
    form = form_class(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = keyset_paginate(
        selectors.places_filtered(base, **filters),
        ordering=("sort_name", "id"),
        after=request.GET.get(NEXT_PARAM),
        before=request.GET.get(PREVIOUS_PARAM),
        per_page=per_page,
    )
    return {
        "form": form,
        "page": page,
        "query": _query_without_cursor(request),
        "filtered": any(filters.values()),
    }


@require_GET
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(selectors.places_visible_to(request.user), slug=slug)
    return render(
        request,
        "territory/place_detail.html",
        {
            "place": place,
            "can_manage": request.user.has_perm("territory.manage_place"),
            **_map_settings(),
        },
    )


# Agents -------------------------------------------------------------------------------------


def _agent_place(slug: str) -> Place:
    return get_object_or_404(selectors.places(), slug=slug)


@agent_required
@require_GET
def agent_place_list(request: HttpRequest) -> HttpResponse:
    context = _place_list_context(request, AgentPlaceFilterForm, selectors.places(), AGENT_PLACES_PER_PAGE)
    context["pending_count"] = selectors.places_pending().count()
    context["current_url"] = request.get_full_path()
    return render(request, "territory/agents/place_list.html", context)


def _save_place(request: HttpRequest, form: PlaceForm, place: Place | None) -> Place | None:
    """Call the service; turn its ValidationError into form errors (nothing typed is lost)."""
    try:
        if place is None:
            return services.place_create(by=request.user, data=form.to_input())
        return services.place_update(place=place, by=request.user, data=form.to_input())
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field_name, errors in exc.message_dict.items():
                form.add_error(field_name if field_name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


@agent_required
@require_http_methods(["GET", "POST"])
def agent_place_create(request: HttpRequest) -> HttpResponse:
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        place = _save_place(request, form, None)
        if place is not None:
            messages.success(
                request, f"Le lieu « {place.name} » est enregistré. Vérifiez-le pour le rendre public."
            )
            return redirect("territory_agents:edit", slug=place.slug)
    return render(request, "territory/agents/place_form.html", {"form": form, "place": None})


@agent_required
@require_http_methods(["GET", "POST"])
def agent_place_edit(request: HttpRequest, slug: str) -> HttpResponse:
    place = _agent_place(slug)
    if request.method == "POST":
        form = PlaceForm(request.POST)
        if form.is_valid():
            saved = _save_place(request, form, place)
            if saved is not None:
                messages.success(request, f"Les modifications de « {saved.name} » sont enregistrées.")
                return redirect("territory_agents:edit", slug=saved.slug)
    else:
        form = PlaceForm(initial=PlaceForm.initial_from(place))
    return render(request, "territory/agents/place_form.html", {"form": form, "place": place})


@agent_required
@require_POST
def agent_place_verify(request: HttpRequest, slug: str) -> HttpResponse:
    place = _agent_place(slug)
    try:
        services.place_verify(place=place, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"« {place.name} » est vérifié : il apparaît maintenant sur le site public."
        )
    return redirect(safe_next(request, default="territory_agents:list"))


@agent_required
@require_POST
def agent_place_restore(request: HttpRequest, slug: str) -> HttpResponse:
    place = _agent_place(slug)
    try:
        services.place_restore(place=place, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"« {place.name} » est de nouveau à vérifier.")
    return redirect("territory_agents:edit", slug=place.slug)


@agent_required
@require_http_methods(["GET", "POST"])
def agent_place_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirmation page (GET), then archive (POST)."""
    place = _agent_place(slug)
    if not place.can_move_to(PlaceStatus.ARCHIVED):
        messages.info(request, f"« {place.name} » est déjà archivé.")
        return redirect("territory_agents:edit", slug=place.slug)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_archive(place=place, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"« {place.name} » est archivé : il n'apparaît plus sur le site public."
            )
            return redirect("territory_agents:list")
    return render(request, "territory/agents/place_archive.html", {"form": form, "place": place})
