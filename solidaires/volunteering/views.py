"""Thin views of the missions: parse, check access, call a service or selector, answer."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.views import forbidden
from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, select_options
from solidaires.territory import selectors as territory_selectors

from . import schedule, selectors, services
from .forms import (
    GROUP,
    MissionForm,
    OfferForm,
    OnBehalfForm,
    SavedSearchForm,
    TakeOverForm,
    apply_service_errors,
)
from .models import DayPart, Mission, MissionState, SavedSearch, ScheduleKind, VolunteerOffer

LIST_CACHE_SECONDS = 60
# Each result of the list (list item and card) is rendered once per version of the mission
# and cached (decision 0827). Bump RESULT_TEMPLATE_VERSION when result.html changes; the key
# also carries the page cache and territory versions (commune names).
RESULT_TEMPLATE = "volunteering/includes/result.html"
RESULT_TEMPLATE_VERSION = 1
RESULT_CACHE_SECONDS = 15 * 60
# Where the distance to the chosen commune goes in a cached card (it depends on the search).
DISTANCE_MARK = "<!--distance-->"
RADIUS_LABELS = [
    (str(km), "cette commune seulement" if km == 0 else f"{km} km") for km in selectors.RADIUS_CHOICES
]
SORT_LABELS = [
    ("", "Automatique"),
    ("recent", "Les plus récentes"),
    ("date", "Les plus proches dans le temps"),
    ("distance", "Les plus proches de la commune"),
    ("pertinence", "Pertinence de la recherche"),
]
RADIUS_OPTIONS = tuple(RADIUS_LABELS)
SORT_OPTIONS = tuple(SORT_LABELS)


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def _login(request: HttpRequest) -> HttpResponse:
    return redirect_to_login(request.get_full_path())


def schedule_lines(mission: Mission) -> list[str]:
    """The mission's schedule in plain French, one line each."""
    this_year = timezone.localdate().year
    start = timezone.localtime(mission.starts_at) if mission.starts_at else None
    end = timezone.localtime(mission.ends_at) if mission.ends_at else None
    if mission.schedule_kind == ScheduleKind.ONE_OFF and start:
        return [schedule.one_off(start, end, this_year=this_year).capitalize()]
    lines: list[str] = []
    if mission.schedule_kind == ScheduleKind.RECURRING:
        slots = schedule.weekly_slots(mission.weekly_slots or [])
        if slots:
            lines.append(("Chaque semaine, " + schedule.join_fr(slots)).strip())
        if start and start.date() > timezone.localdate():
            lines.append(f"À partir du {schedule.day(start, year=this_year)}")
    else:
        lines.append("Horaires libres, à convenir ensemble")
    if end:
        lines.append(f"Jusqu'au {schedule.day(end, year=this_year)}")
    return lines


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


def _section_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "can_post": request.user.is_authenticated,
        "can_browse_offers": _can(request, "volunteering.browse_offers"),
    }


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


# A mission's page ---------------------------------------------------------------------------


def _mission_or_404(request: HttpRequest, pk: int) -> Mission:
    mission = selectors.mission_for_page(pk=pk)
    if mission is None or not _can(request, "volunteering.view_mission", mission):
        raise Http404
    return mission


def _box(name: str, request: HttpRequest, obj: Any) -> dict[str, Any] | None:
    """The engagements helper's boxes ("Je me propose", "Proposer une mission"), if present."""
    try:
        from . import engagement_views
    except ImportError:
        return None
    builder = getattr(engagement_views, name, None)
    if builder is None:
        return None
    context = builder(request, obj)
    return context or None


def mission_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    mission = _mission_or_404(request, pk)
    if slug != mission.slug:
        return redirect(mission.get_absolute_url(), permanent=True)
    can_change = _can(request, "volunteering.change_mission", mission)
    apply_box = _box("apply_box_context", request, mission)
    context: dict[str, Any] = {
        "mission": mission,
        "schedule": schedule_lines(mission),
        "can_change": can_change,
        "can_moderate": _can(request, "volunteering.moderate_mission", mission),
        "can_report": _can(request, "volunteering.report_mission", mission) and mission.is_public,
        "can_contact": request.user.is_authenticated and not can_change and mission.is_public,
        "apply_box": apply_box,
        "places_taken": services.places_taken(mission) if can_change else None,
        **_section_context(request),
    }
    if apply_box:
        context.update(apply_box)
    return render(request, "volunteering/detail.html", context)


@require_POST
def mission_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or reopen) a conversation with the people behind the mission, on the platform."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("volunteering:mission_detail_short", kwargs={"pk": pk}))
    mission = _mission_or_404(request, pk)
    try:
        from solidaires.messaging.services import thread_get_or_create
    except ImportError:  # pragma: no cover - messaging is part of the project
        raise Http404 from None
    try:
        thread = thread_get_or_create(
            about=mission,
            subject=f"Mission : {mission.title}"[:200],
            people=[request.user, mission.contact],
            association=mission.association,
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else ""
        messages.error(request, text or "Vous ne pouvez pas écrire à propos de cette mission.")
        return redirect(mission)
    return redirect(thread.get_absolute_url())


def mission_detail_short(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _mission_or_404(request, pk)
    return redirect(mission)


# Posting and editing ------------------------------------------------------------------------


def _post_mission(request: HttpRequest, *, on_behalf: bool) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    if on_behalf and not _can(request, "volunteering.post_on_behalf"):
        return forbidden(request, "Seuls les agents de l'Agglo peuvent publier pour une autre personne.")
    if not _can(request, "volunteering.add_mission"):
        return forbidden(
            request,
            "Pour publier une mission, confirmez d'abord votre adresse e-mail "
            "(le lien est dans l'e-mail reçu à l'inscription).",
        )
    form = MissionForm(request.POST or None, user=request.user)
    behalf_form = OnBehalfForm(request.POST or None, prefix="pour") if on_behalf else None
    if on_behalf:
        # The agent posts for the person: no organiser to choose, no group name.
        del form.fields["organiser"]
        del form.fields["group_name"]
    if request.method == "POST":
        valid = form.is_valid()
        if behalf_form is not None:
            valid = behalf_form.is_valid() and valid
        if valid:
            publish = "brouillon" not in request.POST
            try:
                if behalf_form is not None:
                    mission, code = services.mission_create_on_behalf(
                        by=request.user,
                        data=form.service_data(),
                        on_behalf_name=behalf_form.cleaned_data["on_behalf_name"],
                        consent_method=behalf_form.cleaned_data["consent_method"],
                        publish=publish,
                    )
                    request.session["volunteering_handover"] = {"mission": mission.pk, "code": code}
                    return redirect("volunteering:handover_code", pk=mission.pk)
                association = form.association()
                data = form.service_data()
                if form.cleaned_data.get("organiser") != GROUP:
                    data["group_name"] = ""
                mission = services.mission_create(
                    by=request.user, data=data, association=association, publish=publish
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                if behalf_form is not None:
                    apply_service_errors(behalf_form, exc)
            except PermissionDenied:
                form.add_error("organiser", "Vous ne pouvez pas publier au nom de cette association.")
            else:
                if publish:
                    messages.success(request, "Votre mission est publiée : les bénévoles peuvent la voir.")
                else:
                    messages.success(request, "Le brouillon est enregistré. Publiez-le quand il est prêt.")
                return redirect(mission)
    return render(
        request,
        "volunteering/form.html",
        {"form": form, "behalf_form": behalf_form, "mission": None, "on_behalf": on_behalf},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def mission_create(request: HttpRequest) -> HttpResponse:
    return _post_mission(request, on_behalf=False)


@require_http_methods(["GET", "POST"])
def mission_create_on_behalf(request: HttpRequest) -> HttpResponse:
    return _post_mission(request, on_behalf=True)


def handover_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Shown once to the agent after posting on behalf: the code to give to the inhabitant."""
    if not request.user.is_authenticated:
        return _login(request)
    mission = get_object_or_404(Mission, pk=pk)
    if not _can(request, "volunteering.post_on_behalf"):
        return forbidden(request)
    stored = request.session.pop("volunteering_handover", None)
    code = stored["code"] if isinstance(stored, dict) and stored.get("mission") == mission.pk else ""
    return render(request, "volunteering/handover_code.html", {"mission": mission, "code": code})


@require_http_methods(["GET", "POST"])
def take_over(request: HttpRequest) -> HttpResponse:
    """/missions/reprendre/ — the inhabitant enters the code the agent gave them."""
    if not request.user.is_authenticated:
        return _login(request)
    if not _can(request, "volunteering.take_over_mission"):
        return forbidden(request, "Confirmez d'abord votre adresse e-mail, puis revenez saisir le code.")
    form = TakeOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_take_over(code=form.cleaned_data["code"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "C'est fait : la mission est à vous. Vous recevrez désormais les réponses."
            )
            return redirect(mission)
    return render(request, "volunteering/take_over.html", {"form": form}, status=400 if form.errors else 200)


def _changeable_or_403(request: HttpRequest, pk: int) -> Mission | HttpResponse:
    mission = selectors.mission_for_page(pk=pk)
    if mission is None:
        raise Http404
    if not _can(request, "volunteering.change_mission", mission):
        if not _can(request, "volunteering.view_mission", mission):
            raise Http404
        return forbidden(request, "Seules les personnes qui ont publié la mission peuvent la modifier.")
    return mission


@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    mission = _changeable_or_403(request, pk)
    if isinstance(mission, HttpResponse):
        return mission
    if mission.state in (MissionState.CLOSED, MissionState.EXPIRED):
        messages.warning(request, "Cette mission est terminée : elle ne peut plus être modifiée.")
        return redirect(mission)
    form = MissionForm(request.POST or None, user=request.user, mission=mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=mission, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(mission)
    return render(
        request,
        "volunteering/form.html",
        {"form": form, "mission": mission, "on_behalf": False},
        status=400 if form.errors else 200,
    )


_MISSION_MOVES: dict[str, dict[str, str]] = {
    "publier": {
        "title": "Publier la mission",
        "question": "Publier cette mission ? Elle sera visible par tout le monde sur la liste des missions.",
        "button": "Oui, publier",
        "done": "Votre mission est publiée.",
    },
    "cloturer": {
        "title": "Clore la mission",
        "question": "Clore cette mission ? Elle disparaîtra de la liste et personne ne pourra plus se proposer. "
        "Vous ne pourrez pas la rouvrir.",
        "button": "Oui, clore la mission",
        "done": "La mission est close. Merci !",
    },
}


@require_http_methods(["GET", "POST"])
def mission_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Confirmation page (GET) then the move (POST): publish or close."""
    if move not in _MISSION_MOVES:
        raise Http404
    if not request.user.is_authenticated:
        return _login(request)
    mission = _changeable_or_403(request, pk)
    if isinstance(mission, HttpResponse):
        return mission
    texts = _MISSION_MOVES[move]
    error = ""
    if request.method == "POST":
        try:
            if move == "publier":
                services.mission_publish(mission=mission, by=request.user)
            else:
                services.mission_close(mission=mission, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, texts["done"])
            return redirect(mission if move == "publier" else reverse("volunteering:mine"))
    return render(
        request,
        "volunteering/confirm.html",
        {"mission": mission, "texts": texts, "error": error, "danger": move == "cloturer"},
        status=400 if error else 200,
    )


def mission_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Old address of the report form (links in e-mails): reports go to the platform's queue
    now (decision 0828), through the generic page of the moderation app."""
    return redirect("moderation:report_content", kind="mission", pk=pk, permanent=True)


def mine(request: HttpRequest) -> HttpResponse:
    """ "Mes missions publiées"."""
    if not request.user.is_authenticated:
        return _login(request)
    missions = selectors.missions_of(request.user)
    from django.core.paginator import Paginator

    page = Paginator(missions, selectors.PER_PAGE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "volunteering/mine.html",
        {
            "page": page,
            "missions": [(m, schedule_lines(m)) for m in page.object_list],
            **_section_context(request),
        },
    )


# Saved searches -----------------------------------------------------------------------------


def saved_searches(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    searches = list(SavedSearch.objects.filter(user=request.user).order_by("-created_at", "-id"))
    return render(request, "volunteering/saved_searches.html", {"searches": searches})


@require_http_methods(["GET", "POST"])
def saved_search_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    filters = selectors.MissionFilters.from_query(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        filters = selectors.MissionFilters.from_query(_query_dict(request.POST.get("query", "")))
    query = filters.query_string()
    form = SavedSearchForm(request.POST or None, initial={"query": query, "alert": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_create(
                by=request.user,
                name=form.cleaned_data["name"],
                query_string=query,
                alert=form.cleaned_data["alert"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Votre recherche est enregistrée.")
            return redirect("volunteering:saved_searches")
    return render(
        request,
        "volunteering/saved_search_form.html",
        {"form": form, "query": query, "filters": filters},
        status=400 if form.errors else 200,
    )


def _query_dict(query: str) -> Any:
    from django.http import QueryDict

    return QueryDict(query[:1000])


@require_http_methods(["GET", "POST"])
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved, by=request.user)
        messages.success(request, "La recherche est supprimée.")
        return redirect("volunteering:saved_searches")
    return render(request, "volunteering/saved_search_delete.html", {"saved": saved})


@require_http_methods(["GET", "POST"])
def saved_search_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The stop link of an alert e-mail: one button (POST), no login needed."""
    if request.method == "POST":
        saved = services.saved_search_stop_alerts(token=token)
        if saved is None:
            raise Http404
        return render(request, "volunteering/saved_search_stop.html", {"saved": saved, "done": True})
    from django.core import signing

    try:
        signing.loads(token, salt=services.STOP_ALERT_SALT, max_age=400 * 86400)
    except signing.BadSignature:
        raise Http404 from None
    return render(request, "volunteering/saved_search_stop.html", {"token": token, "done": False})


# Volunteer offers ---------------------------------------------------------------------------


def _offer_lines(offer: VolunteerOffer) -> str:
    days = [schedule.WEEKDAYS[d] for d in sorted(offer.weekdays or []) if 0 <= d <= 6]
    parts = [str(DayPart(p).label) for p in offer.day_parts or [] if p in DayPart.values]
    text = schedule.join_fr(days).capitalize() if days else "Jours à convenir"
    if parts:
        text += ", " + schedule.join_fr(parts)
    return text


def offers(request: HttpRequest) -> HttpResponse:
    """/missions/propositions/ — for association members and agents, without names."""
    if not request.user.is_authenticated:
        return _login(request)
    if not _can(request, "volunteering.browse_offers"):
        return render(request, "volunteering/offers_forbidden.html", {}, status=403)
    filters = selectors.OfferFilters.from_query(request.GET)
    page = selectors.offer_search(filters=filters, page_number=request.GET.get("page", 1))
    themes, communes = selectors.filter_choices()
    return render(
        request,
        "volunteering/offers.html",
        {
            "page": page,
            "offers": [(o, _offer_lines(o)) for o in page.object_list],
            "filters": filters,
            "query": filters.query_string(),
            "theme_options": select_options(tuple(themes), filters.theme),
            "commune_options": select_options(tuple(communes), filters.commune),
            "radius_options": RADIUS_LABELS,
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    offer = selectors.offer_for_page(pk=pk)
    if offer is None or not _can(request, "volunteering.view_offer", offer):
        raise Http404
    is_owner = _can(request, "volunteering.change_offer", offer)
    propose_box = None if is_owner else _box("propose_box_context", request, offer)
    context: dict[str, Any] = {
        "offer": offer,
        "availability": _offer_lines(offer),
        "is_owner": is_owner,
        "propose_box": propose_box,
    }
    if propose_box:
        context.update(propose_box)
    return render(request, "volunteering/offer_detail.html", context)


@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    if not _can(request, "volunteering.add_offer"):
        return forbidden(
            request,
            "Confirmez d'abord votre adresse e-mail (le lien est dans l'e-mail reçu à l'inscription).",
        )
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Merci ! Votre proposition est en ligne. Les associations la voient sans votre nom ; "
                "vous choisirez de répondre ou non à leurs propositions.",
            )
            return redirect(offer)
    return render(
        request,
        "volunteering/offer_form.html",
        {"form": form, "offer": None},
        status=400 if form.errors else 200,
    )


def _own_offer_or_404(request: HttpRequest, pk: int) -> VolunteerOffer:
    offer = selectors.offer_for_page(pk=pk)
    if offer is None or not _can(request, "volunteering.change_offer", offer):
        raise Http404
    return offer


@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    offer = _own_offer_or_404(request, pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(offer)
    return render(
        request,
        "volunteering/offer_form.html",
        {"form": form, "offer": offer},
        status=400 if form.errors else 200,
    )


_OFFER_MOVES = {
    "pause": (
        "Mettre en pause",
        "Mettre votre proposition en pause ? Les associations ne la verront plus jusqu'à ce que vous la remettiez en ligne.",
        "Oui, mettre en pause",
        "Votre proposition est en pause.",
    ),
    "resume": (
        "Remettre en ligne",
        "Remettre votre proposition en ligne ? Les associations la verront de nouveau.",
        "Oui, remettre en ligne",
        "Votre proposition est de nouveau visible.",
    ),
    "close": (
        "Retirer la proposition",
        "Retirer définitivement votre proposition ? Vous pourrez en publier une nouvelle plus tard.",
        "Oui, la retirer",
        "Votre proposition est retirée.",
    ),
}
OFFER_MOVE_SLUGS = {"pause": "pause", "reprendre": "resume", "retirer": "close"}


@require_http_methods(["GET", "POST"])
def offer_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in OFFER_MOVE_SLUGS:
        raise Http404
    if not request.user.is_authenticated:
        return _login(request)
    offer = _own_offer_or_404(request, pk)
    name = OFFER_MOVE_SLUGS[move]
    title, question, button, done = _OFFER_MOVES[name]
    error = ""
    if request.method == "POST":
        try:
            services.offer_transition(offer=offer, by=request.user, move=name)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, done)
            return redirect("volunteering:my_offers")
    return render(
        request,
        "volunteering/offer_confirm.html",
        {
            "offer": offer,
            "title": title,
            "question": question,
            "button": button,
            "error": error,
            "danger": name == "close",
        },
        status=400 if error else 200,
    )


def my_offers(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login(request)
    mine_offers = list(selectors.offers_of(request.user))
    return render(
        request,
        "volunteering/my_offers.html",
        {"offers": [(o, _offer_lines(o)) for o in mine_offers]},
    )
