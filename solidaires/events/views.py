"""Thin views of the agenda: parse, check access, call a service or selector, answer."""

from __future__ import annotations

import base64
import contextlib
import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from solidaires.core.caching import cache_anonymous
from solidaires.core.fragments import cached_fragments, select_options, template_renderer
from solidaires.core.pagination import keyset_paginate
from solidaires.events.apps import AGENDA_DATA_VERSION

from . import formatting, selectors, services
from .event_calendar import event_ics
from .forms import CancelEventForm, EventForm
from .models import Event, EventCategory, Registration

CAFE_SESSION_KEY = "events_cafe_id"


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """A French 403 page (anonymous visitors are sent to the login page instead)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "events/forbidden.html", {"message": message}, status=403)


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def _visible_event(request: HttpRequest, pk: int) -> Event:
    event = selectors.event_for_page(pk=pk)
    if event is None or not _can(request, "events.view_event", event):
        raise Http404
    return event


def _manageable_event(request: HttpRequest, pk: int) -> Event | HttpResponse:
    event = _visible_event(request, pk)
    if not _can(request, "events.change_event", event):
        return forbidden(request, "Seuls les organisateurs de l'événement et les agents y ont accès.")
    return event


def qr_svg_data_uri(text: str) -> str:
    """A QR code as an SVG data URI for an <img> (no inline script or style: CSP-safe)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


def _filters(request: HttpRequest) -> selectors.AgendaFilters:
    get = request.GET
    category = get.get("categorie", "").strip()
    return selectors.AgendaFilters(
        q=get.get("q", "").strip()[:200],
        commune=get.get("commune", "").strip()[:5],
        category=category if category in EventCategory.values else "",
        association=get.get("association", "").strip()[:220],
        place=get.get("lieu", "").strip()[:220],
        date_from=_parse_date(get.get("du", "")),
        date_to=_parse_date(get.get("au", "")),
    )


AGENDA_CACHE_SECONDS = 60

# Cached HTML of the agenda's cards and of the week/month views' lines (decision 0902).
CARD_TEMPLATE = "events/includes/event_item.html"
CARD_TEMPLATE_VERSION = 1  # bump when event_item.html changes
LINE_TEMPLATE = "events/includes/calendar_line.html"
LINE_TEMPLATE_VERSION = 1  # bump when calendar_line.html changes
FRAGMENT_CACHE_SECONDS = 15 * 60
# In a cached card, the place of the places left (they change with each registration).
PLACES_SLOT = "<!--places-left-->"
_FULL_TAG = '<p class="tag-list"><span class="tag tag-full">Complet, liste d\'attente</span></p>'


def _places_tag(row: selectors.CardKey) -> str:
    """The places left of a card, from the page query's ``confirmed_count`` (not cached)."""
    if not row.capacity:
        return ""
    left = max(row.capacity - row.confirmed_count, 0)
    if not left:
        return _FULL_TAG
    plural = "" if left == 1 else "s"
    return f'<p class="tag-list"><span class="tag">{left} place{plural} restante{plural}</span></p>'


def _card_key(row: selectors.CardKey) -> tuple[object, ...]:
    # The event's own edits (every write goes through save(): publishing, cancelling, capacity,
    # organisers), its place's and its organisers' edits. Commune names: the territory version,
    # part of every fragment key. The places left are not in the cached HTML.
    # (The versions are text from the database: no space in a cache key.)
    versions = f"{row.place_version or ''}/{row.organisers_version or ''}".replace(" ", "T")
    return (row.id, row.updated_at.isoformat(), versions)


def _render_each(template_name: str, events: list[Event | None]) -> list[str]:
    """The fragment of each event; empty for an event deleted since the page query."""
    rendered = iter(template_renderer(template_name, "event")([e for e in events if e is not None]))
    return [next(rendered) if event is not None else "" for event in events]


def agenda_cards(rows: Sequence[selectors.CardKey]) -> list[SafeString]:
    """The HTML of each card of the list, in order: cached, the missing ones rendered (their
    events loaded in two queries for those only); the places left filled in per request."""

    def render_missing(missing: list[selectors.CardKey]) -> list[str]:
        events = selectors.events_for_cards([row.id for row in missing])
        return _render_each(CARD_TEMPLATE, [events.get(row.id) for row in missing])

    cards = cached_fragments(
        rows,
        namespace="events:card",
        template_version=CARD_TEMPLATE_VERSION,
        key_parts=_card_key,
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )
    return [
        mark_safe(card.replace(PLACES_SLOT, _places_tag(row), 1))  # our markup and numbers
        for card, row in zip(cards, rows, strict=True)
    ]


def calendar_lines(entries: list[selectors.CalendarEntry]) -> list[SafeString]:
    """The HTML of each line of the week and month views, in order (cached like the cards)."""

    def render_missing(missing: list[selectors.CalendarEntry]) -> list[str]:
        events = selectors.events_for_lines([entry.id for entry in missing])
        return _render_each(LINE_TEMPLATE, [events.get(entry.id) for entry in missing])

    return cached_fragments(
        entries,
        namespace="events:line",
        template_version=LINE_TEMPLATE_VERSION,
        key_parts=lambda entry: (entry.id, entry.updated_at.isoformat()),
        render_missing=render_missing,
        timeout=FRAGMENT_CACHE_SECONDS,
    )


def _by_day(starts: list[datetime], fragments: list[SafeString]) -> list[tuple[date, list[SafeString]]]:
    """Fragments grouped by the local day of their event's start, in order."""
    zone = timezone.get_current_timezone()
    groups: dict[date, list[SafeString]] = defaultdict(list)
    for start, fragment in zip(starts, fragments, strict=True):
        groups[start.astimezone(zone).date()].append(fragment)
    return sorted(groups.items())


# The day sections and the month table are built here rather than by template loops (which
# cost ~4 ms for the month's 35 cells and a third of the list's rendering), from values that
# need no escaping: numbers, day names from formatting, our classes and cached fragments.


def _month_rows(weeks: list[list[tuple[date, list[SafeString], bool]]]) -> SafeString:
    """The month table's rows: one cell per day, with the number of its events linking to them."""
    rows = []
    for week in weeks:
        cells = []
        for day, lines, in_month in week:
            if not in_month:
                cells.append('<td class="other-month"></td>')
            elif lines:
                count = len(lines)
                cells.append(
                    f'<td><span class="day-number">{day.day}</span> <a href="#jour-{day:%Y%m%d}">{count} '
                    f'<span class="visually-hidden">événement{"" if count == 1 else "s"} le '
                    f"{formatting.day(day)}</span></a></td>"
                )
            else:
                cells.append(f'<td><span class="day-number">{day.day}</span></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>\n  ")
    return mark_safe("".join(rows))  # numbers and formatting's day names only


def _day_sections(days: list[tuple[date, str]], list_class: str) -> SafeString:
    """One section per day: its heading, then the list of its events (``days`` gives each
    day's cached fragments joined)."""
    return mark_safe(  # dates, formatting's day names, our class names and cached fragments
        "".join(
            f'\n<section class="agenda-day" aria-labelledby="jour-{day:%Y%m%d}">\n'
            f'  <h3 id="jour-{day:%Y%m%d}" class="agenda-day-title">{capfirst(formatting.day(day))}</h3>\n'
            f'  <ul class="{list_class}">\n'
            f"    {items}\n"
            "  </ul>\n"
            "</section>\n"
            for day, items in days
        )
    )


def _filter_options(
    choices: selectors.FilterChoices, filters: selectors.AgendaFilters
) -> dict[str, SafeString]:
    return {
        "communes": select_options(choices.communes, filters.commune),
        "categories": select_options(choices.categories, filters.category),
        "associations": select_options(choices.associations, filters.association),
        "places": select_options(choices.places, filters.place),
    }


@require_safe
@cache_anonymous(AGENDA_CACHE_SECONDS, version_keys=(AGENDA_DATA_VERSION,))
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    view = request.GET.get("vue", "liste")
    today = timezone.localdate()
    query_pairs = filters.as_query()
    context: dict[str, Any] = {
        "filters": filters,
        "options": _filter_options(selectors.filter_choices(), filters),
        "view": view,
        "filter_query": urlencode(query_pairs),
        "open_filters": bool(
            filters.commune
            or filters.category
            or filters.association
            or filters.place
            or filters.date_from
            or filters.date_to
        ),
        "map_tiles": settings.SOLIDAIRES_MAP_TILE_URL,
        "map_attribution": settings.SOLIDAIRES_MAP_TILE_ATTRIBUTION,
        "can_create": _can(request, "events.add_event"),
    }
    if view in ("semaine", "mois"):
        if view == "semaine":
            start = formatting.iso_week_bounds(request.GET.get("semaine", "")) or today - timedelta(
                days=today.weekday()
            )
            end = start + timedelta(days=7)
        else:
            start = formatting.month_start(request.GET.get("mois", "")) or today.replace(day=1)
            end = formatting.add_months(start, 1)
        entries = selectors.calendar_entries(filters, start, end)
        by_day = dict(_by_day([entry.starts_at for entry in entries], calendar_lines(entries)))
        context["events"] = entries
    if view == "semaine":
        days = [(start + timedelta(days=i), by_day.get(start + timedelta(days=i), [])) for i in range(7)]
        context.update(
            days=days,
            week_label=f"semaine du {formatting.day(start, with_year=True)}",
            previous_url=_view_url(
                "semaine", "semaine", formatting.iso_week(start - timedelta(days=7)), query_pairs
            ),
            next_url=_view_url("semaine", "semaine", formatting.iso_week(end), query_pairs),
        )
        template = "events/week.html"
    elif view == "mois":
        weeks = [
            [(d, by_day.get(d, []), d.month == start.month) for d in week]
            for week in formatting.month_grid(start)
        ]
        context.update(
            month_rows=_month_rows(weeks),
            day_sections=_day_sections(
                [(day, "".join(lines)) for day, lines in sorted(by_day.items())], "event-list"
            ),
            month_label=formatting.month(start.year, start.month),
            previous_url=_view_url(
                "mois", "mois", formatting.add_months(start, -1).strftime("%Y-%m"), query_pairs
            ),
            next_url=_view_url("mois", "mois", end.strftime("%Y-%m"), query_pairs),
        )
        template = "events/month.html"
    else:
        context["view"] = "liste"
        page = selectors.agenda_page(filters, after=request.GET.get("apres"), before=request.GET.get("avant"))
        days = _by_day([row.starts_at for row in page.items], agenda_cards(page.items))
        context.update(
            page=page,
            events=page.items,
            day_sections=_day_sections(
                [(day, "".join(f"\n{card}\n" for card in cards)) for day, cards in days],
                "card-list event-results",
            ),
        )
        template = "events/index.html"
    context["week_url"] = _view_url("semaine", "", "", query_pairs)
    context["month_url"] = _view_url("mois", "", "", query_pairs)
    context["list_url"] = "?" + urlencode(query_pairs) if query_pairs else reverse("events:index")
    return render(request, template, context)


def _view_url(view: str, key: str, value: str, pairs: list[tuple[str, str]]) -> str:
    extra = [(key, value)] if key else []
    return "?" + urlencode([("vue", view), *extra, *pairs])


def _jsonld(request: HttpRequest, event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description[:500],
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": "fr",
        "isAccessibleForFree": event.is_free,
        "organizer": [
            {"@type": "Organization", "name": a.name, "url": request.build_absolute_uri(a.get_absolute_url())}
            for a in event.organiser_associations.all()
        ]
        or [{"@type": "Organization", "name": settings.SOLIDAIRES_SITE_NAME}],
    }
    locations: list[dict[str, Any]] = []
    if event.place is not None:
        locations.append(
            {
                "@type": "Place",
                "name": event.place.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": event.place.address,
                    "addressLocality": event.place.commune.name,
                    "addressCountry": "FR",
                },
            }
        )
    elif event.commune is not None:
        locations.append(
            {
                "@type": "Place",
                "name": event.commune.name,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": event.commune.name,
                    "addressCountry": "FR",
                },
            }
        )
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    data["eventAttendanceMode"] = (
        "https://schema.org/MixedEventAttendanceMode"
        if len(locations) > 1
        else "https://schema.org/OnlineEventAttendanceMode"
        if event.online_url
        else "https://schema.org/OfflineEventAttendanceMode"
    )
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = max(event.capacity - event.confirmed_count, 0)  # type: ignore[attr-defined]
    return data


def _jsonld_script(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: '<', '>' and '&' escaped as in json_script."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@require_safe
def detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    event = _visible_event(request, pk)
    if slug != event.slug:
        return redirect(event, permanent=True)
    registration = selectors.active_registration(event, request.user)
    can_manage = _can(request, "events.change_event", event)
    places_left = None
    if event.capacity is not None:
        places_left = max(event.capacity - event.confirmed_count, 0)  # type: ignore[attr-defined]
    context = {
        "event": event,
        "registration": registration,
        "position": selectors.waiting_position(registration) if registration else None,
        "refusal": services.registration_refusal(event),
        "places_left": places_left,
        "can_manage": can_manage,
        "counts": selectors.attendance_counts(event) if can_manage else None,
        "jsonld": _jsonld_script(_jsonld(request, event)) if event.state != "draft" else "",
        "organisers": list(event.organiser_associations.all()),
    }
    return render(request, "events/detail.html", context)


@require_safe
def ics(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    event = _visible_event(request, pk)
    response = HttpResponse(
        event_ics(event, request.build_absolute_uri(event.get_absolute_url())),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug or "evenement"}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _can(request, "events.add_event"):
        return forbidden(
            request,
            "Seuls les responsables d'une association et les agents de l'Agglo peuvent proposer un événement.",
        )
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                by=request.user, data=form.service_data(), association=form.cleaned_data.get("association")
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, "L'événement est enregistré comme brouillon. Relisez-le puis publiez-le."
            )
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": None})


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, by=request.user, data=form.service_data())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    error = ""
    if request.method == "POST":
        try:
            services.event_publish(event=event, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "L'événement est publié dans l'agenda.")
            return redirect(event)
    return render(request, "events/publish.html", {"event": event, "error": error})


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    form = CancelEventForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, "L'événement est annulé. Les personnes inscrites sont prévenues par e-mail."
            )
            return redirect(event)
    counts = selectors.attendance_counts(event)
    return render(
        request, "events/cancel.html", {"event": event, "form": form, "counts": counts, "error": error}
    )


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    try:
        registration = services.registration_create(event=event, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(event)
    if registration.is_waiting:
        messages.warning(request, "L'événement est complet : vous êtes sur la liste d'attente.")
    else:
        messages.success(request, "Vous êtes inscrit·e. Un rappel vous sera envoyé la veille.")
    return redirect(registration)


def _registration_or_404(
    request: HttpRequest, pk: int, perm: str = "events.view_registration"
) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related(
            "event", "event__place", "event__place__commune", "event__commune", "user"
        ),
        pk=pk,
    )
    if not request.user.is_authenticated or not _can(request, perm, registration):
        raise Http404
    return registration


@require_safe
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _registration_or_404(request, pk)
    qr = ""
    if registration.is_confirmed:
        qr = qr_svg_data_uri(
            request.build_absolute_uri(reverse("events:presence", args=[registration.checkin_token]))
        )
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waiting_position(registration),
            "qr": qr,
            "is_owner": registration.user_id == request.user.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = _registration_or_404(request, pk, "events.cancel_registration")
    if not registration.is_active:
        messages.info(request, "Cette inscription est déjà annulée.")
        return redirect(registration.event)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                "Vous avez quitté la liste d'attente."
                if registration.is_waiting
                else "Votre inscription est annulée.",
            )
        return redirect(registration.event)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "event": registration.event},
    )


@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    coming, past = selectors.my_registrations(request.user)
    return render(request, "events/my_registrations.html", {"coming": coming, "past": past})


@require_safe
def my_events(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _can(request, "events.add_event"):
        return forbidden(request, "Cette page est réservée aux organisateurs d'événements.")
    qs = selectors.with_counts(selectors.managed_events(request.user).select_related("place", "commune"))
    page = keyset_paginate(
        qs.filter(ends_at__gte=timezone.now() - timedelta(days=30)),
        ordering=("starts_at", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
    )
    return render(request, "events/my_events.html", {"page": page})


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("inscription", "0") or 0, event=event
        )
        present = request.POST.get("present", "1") == "1"
        try:
            services.attendance_mark(registration=registration, by=request.user, present=present)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            name = registration.user.display_name or registration.user.email
            messages.success(request, f"{name} : {'présence notée' if present else 'présence retirée'}.")
        query = request.POST.get("q", "")
        return redirect(
            reverse("events:checkin", args=[event.pk]) + (f"?{urlencode({'q': query})}" if query else "")
        )
    q = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "registrations": selectors.checkin_list(event, q),
            "waiting": selectors.waiting_list(event) if not q else [],
            "q": q,
            "counts": selectors.attendance_counts(event),
        },
    )


@require_http_methods(["GET", "POST"])
def presence(request: HttpRequest, token: str) -> HttpResponse:
    """The URL in the QR code: opened by an organiser, confirms the person's presence."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = Registration.objects.select_related("event", "user").filter(checkin_token=token).first()
    if registration is None or not _can(request, "events.view_registration", registration):
        raise Http404
    if not _can(request, "events.mark_attendance", registration):
        # The person scanned their own code: show their registration.
        return redirect(registration)
    error = ""
    if request.method == "POST":
        try:
            services.attendance_mark(registration=registration, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Présence notée pour {registration.user}.")
            return redirect("events:checkin", pk=registration.event_id)
    return render(
        request,
        "events/presence.html",
        {"registration": registration, "event": registration.event, "error": error},
    )


@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    event = _manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    if not event.is_cafe or not event.signup_code:
        raise Http404
    link = request.build_absolute_uri(reverse("events:cafe", args=[event.signup_code]))
    return render(request, "events/poster.html", {"event": event, "link": link, "qr": qr_svg_data_uri(link)})


@require_safe
def cafe(request: HttpRequest, code: str) -> HttpResponse:
    """A café's link or QR code: remember the café, then lead to sign-up (or to the café's page)."""
    event = selectors.event_for_signup_code(code)
    if event is None:
        raise Http404
    if request.user.is_authenticated:
        return redirect(event)
    request.session[CAFE_SESSION_KEY] = event.pk
    return render(request, "events/cafe.html", {"event": event})


def cafe_stats(request: HttpRequest) -> HttpResponse:
    """Agents: new volunteers per café and per month (the last 18 months by default)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _can(request, "events.view_cafe_stats"):
        return forbidden(request, "Cette page est réservée aux agents de l'Agglo.")
    months = 18
    with contextlib.suppress(ValueError):
        months = max(1, min(int(request.GET.get("mois", 18)), 60))
    end = timezone.now()
    start = end - timedelta(days=round(months * 30.44))
    per_cafe = selectors.new_volunteers_per_cafe(start, end)
    per_month = selectors.cafe_signups_per_month(start, end)
    return render(
        request,
        "events/agents/cafes.html",
        {
            "per_cafe": per_cafe,
            "per_month": [
                {"label": formatting.month(r["month"].year, r["month"].month), "signups": r["signups"]}
                for r in per_month
            ],
            "total": sum(r["signups"] for r in per_cafe),
            "months": months,
        },
    )
