"""Thin views of permanences, appointment bookings and calendar feeds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solidaires.associations.models import Association, AssociationStatus
from solidaires.core.pagination import NEXT_PARAM, PREVIOUS_PARAM
from solidaires.territory.models import Commune, Place, PlaceStatus

from . import feeds
from . import officehours_selectors as selectors
from . import officehours_services as services
from .models import (
    Booking,
    EventCategory,
    OfficeHours,
    OfficeHoursException,
    OfficeHoursKind,
)
from .officehours_forms import BookingForm, ExceptionForm, OfficeHoursForm, apply_service_errors

FEED_CACHE_SECONDS = 15 * 60
FEED_CACHE_VERSION = 1
# The feed's fingerprint (two aggregate queries) is reused this long: a change shows in the
# feeds within a minute (decision 0922).
FEED_STATE_SECONDS = 60
STATE_ACTIONS = {
    "suspend": {
        "title": "Suspendre la permanence",
        "text": "La permanence n'apparaîtra plus dans les agendas et personne ne pourra réserver "
        "de rendez-vous tant qu'elle est suspendue. Les rendez-vous déjà pris sont gardés.",
        "button": "Suspendre",
        "done": "La permanence est suspendue.",
        "danger": False,
    },
    "resume": {
        "title": "Reprendre la permanence",
        "text": "La permanence réapparaîtra dans les agendas et les réservations rouvriront.",
        "button": "Reprendre",
        "done": "La permanence a repris.",
        "danger": False,
    },
    "end": {
        "title": "Terminer la permanence",
        "text": "C'est définitif : la permanence disparaît des agendas et les rendez-vous à venir "
        "sont annulés (les personnes sont prévenues par e-mail).",
        "button": "Terminer la permanence",
        "done": "La permanence est terminée.",
        "danger": True,
    },
}


def _can(request: HttpRequest, perm: str, obj: Any = None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "events/officehours/forbidden.html", {"message": message}, status=403)


def login_required_here(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _visible_or_404(request: HttpRequest, pk: int) -> OfficeHours:
    office_hours = selectors.officehours_for_page(pk=pk)
    if office_hours is None or not _can(request, "events.officehours_view", office_hours):
        raise Http404
    return office_hours


def _editable(request: HttpRequest, pk: int) -> OfficeHours | HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not _can(request, "events.officehours_change", office_hours):
        return _forbidden(
            request,
            "Seuls les responsables de l'association et les agents peuvent modifier cette permanence.",
        )
    return office_hours


# -- Public pages ------------------------------------------------------------------------------


@require_GET
def officehours_list(request: HttpRequest) -> HttpResponse:
    commune = request.GET.get("commune", "").strip()[:5]
    kind = request.GET.get("type", "").strip()[:24]
    if kind not in OfficeHoursKind.values:
        kind = ""
    page = selectors.officehours_list(
        commune=commune, kind=kind, after=request.GET.get(NEXT_PARAM), before=request.GET.get(PREVIOUS_PARAM)
    )
    items = [(oh, selectors.describe(oh)) for oh in page.items]
    query = urlencode([(k, v) for k, v in (("commune", commune), ("type", kind)) if v])
    return render(
        request,
        "events/officehours/list.html",
        {
            "page": page,
            "items": items,
            "query": query,
            "commune": commune,
            "kind": kind,
            "kinds": OfficeHoursKind.choices,
            "communes": Commune.objects.filter(places__office_hours__state="active")
            .distinct()
            .only("insee", "name")
            .order_by("name"),
            "can_add": _can(request, "events.officehours_add"),
        },
    )


def _detail_context(request: HttpRequest, office_hours: OfficeHours, **extra: Any) -> dict[str, Any]:
    return {
        "office_hours": office_hours,
        "description": selectors.describe(office_hours),
        "occurrences": selectors.upcoming(office_hours, user=request.user),
        "skipped": selectors.skipped_dates(office_hours),
        "can_change": _can(request, "events.officehours_change", office_hours),
        "can_book": _can(request, "events.booking_add", office_hours),
        **extra,
    }


@require_GET
def officehours_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if slug != office_hours.slug:
        return redirect(office_hours, permanent=True)
    return render(request, "events/officehours/detail.html", _detail_context(request, office_hours))


@require_GET
def officehours_ics(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not office_hours.is_active:
        raise Http404
    cal = feeds.new_calendar(office_hours.title)
    for component in feeds.officehours_components(office_hours, stamp=office_hours.updated_at):
        cal.add_component(component)
    response = HttpResponse(feeds.to_ical(cal), content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="permanence-{office_hours.pk}.ics"'
    return response


@require_POST
def officehours_book(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(office_hours.get_absolute_url())
    form = BookingForm(request.POST)
    error = ""
    if not _can(request, "events.booking_add", office_hours):
        error = "Cette permanence ne prend pas de rendez-vous en ce moment."
    elif form.is_valid():
        try:
            booking = services.booking_create(
                office_hours=office_hours, slot_start=form.cleaned_data["slot"], by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                "Votre rendez-vous est réservé. Vous allez recevoir un e-mail de confirmation avec le fichier pour votre agenda.",
            )
            return redirect(reverse("events:booking_list") + f"#rdv-{booking.pk}")
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return render(
        request,
        "events/officehours/detail.html",
        _detail_context(request, office_hours, booking_error=error, chosen_slot=request.POST.get("slot", "")),
        status=400,
    )


# -- My appointments ---------------------------------------------------------------------------


@login_required_here
@require_GET
def booking_list(request: HttpRequest) -> HttpResponse:
    coming, past = selectors.my_bookings(request.user)
    return render(request, "events/officehours/my_bookings.html", {"coming": coming, "past": past})


def _booking_or_404(request: HttpRequest, pk: int) -> Booking:
    booking = selectors.booking_for_user(pk=pk)
    if booking is None or not _can(request, "events.booking_cancel", booking):
        raise Http404
    return booking


@login_required_here
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Le rendez-vous est annulé.")
            if booking.user_id == request.user.pk:
                return redirect("events:booking_list")
            return redirect("events:officehours_bookings", pk=booking.office_hours_id)
    return render(
        request,
        "events/officehours/booking_cancel.html",
        {"booking": booking, "error": error, "is_mine": booking.user_id == request.user.pk},
        status=400 if error else 200,
    )


@login_required_here
@require_GET
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_for_user(pk=pk)
    if booking is None or booking.user_id != request.user.pk or not booking.is_booked:
        raise Http404
    response = HttpResponse(feeds.booking_ics(booking), content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{booking.pk}.ics"'
    return response


# -- Organisers --------------------------------------------------------------------------------


@login_required_here
@require_http_methods(["GET", "POST"])
def officehours_create(request: HttpRequest) -> HttpResponse:
    if not _can(request, "events.officehours_add"):
        return _forbidden(
            request,
            "Seuls les responsables d'une association et les agents de l'Agglo peuvent créer une permanence.",
        )
    form = OfficeHoursForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            office_hours = services.officehours_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "La permanence est créée. Elle apparaît dans l'agenda et sur la page du lieu."
            )
            return redirect(office_hours)
    return render(request, "events/officehours/form.html", {"form": form, "office_hours": None})


@login_required_here
@require_http_methods(["GET", "POST"])
def officehours_edit(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _editable(request, pk)
    if isinstance(office_hours, HttpResponse):
        return office_hours
    form = OfficeHoursForm(request.POST or None, user=request.user, instance=office_hours)
    if request.method == "POST" and form.is_valid():
        try:
            office_hours = services.officehours_update(
                office_hours=office_hours, by=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(office_hours)
    return render(request, "events/officehours/form.html", {"form": form, "office_hours": office_hours})


@login_required_here
@require_http_methods(["GET", "POST"])
def officehours_state(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STATE_ACTIONS:
        raise Http404
    office_hours = _editable(request, pk)
    if isinstance(office_hours, HttpResponse):
        return office_hours
    error = ""
    if request.method == "POST":
        try:
            services.officehours_transition(office_hours=office_hours, by=request.user, action=action)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, str(STATE_ACTIONS[action]["done"]))
            return redirect(office_hours)
    return render(
        request,
        "events/officehours/state_confirm.html",
        {"office_hours": office_hours, "action": action, "step": STATE_ACTIONS[action], "error": error},
        status=400 if error else 200,
    )


@login_required_here
@require_http_methods(["GET", "POST"])
def officehours_exceptions(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _editable(request, pk)
    if isinstance(office_hours, HttpResponse):
        return office_hours
    form = ExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.officehours_exception_add(
                office_hours=office_hours,
                by=request.user,
                day=data["day"],
                kind=data["kind"],
                reason=data.get("reason", ""),
                new_day=data.get("new_day"),
                new_start_time=data.get("new_start_time"),
                new_end_time=data.get("new_end_time"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "C'est noté : la date est modifiée dans l'agenda.")
            return redirect("events:officehours_exceptions", pk=office_hours.pk)
    return render(
        request,
        "events/officehours/exceptions.html",
        {
            "office_hours": office_hours,
            "form": form,
            "exceptions": list(office_hours.exceptions.all()),
            "holidays": [o for o in selectors.skipped_dates(office_hours, days=370) if o.status == "holiday"],
        },
        status=400 if form.errors else 200,
    )


@login_required_here
@require_http_methods(["GET", "POST"])
def officehours_exception_remove(request: HttpRequest, pk: int, exception_pk: int) -> HttpResponse:
    office_hours = _editable(request, pk)
    if isinstance(office_hours, HttpResponse):
        return office_hours
    exception = get_object_or_404(OfficeHoursException, pk=exception_pk, office_hours=office_hours)
    if request.method == "POST":
        services.officehours_exception_remove(exception=exception, by=request.user)
        messages.success(request, "La date est rétablie.")
        return redirect("events:officehours_exceptions", pk=office_hours.pk)
    return render(
        request,
        "events/officehours/exception_remove.html",
        {"office_hours": office_hours, "exception": exception},
    )


@login_required_here
@require_GET
def officehours_bookings(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not _can(request, "events.officehours_view_bookings", office_hours):
        return _forbidden(
            request, "Seuls les responsables de l'association et les agents voient les rendez-vous."
        )
    bookings = selectors.bookings_for_organiser(office_hours)
    return render(
        request,
        "events/officehours/bookings.html",
        {"office_hours": office_hours, "groups": sorted(selectors.bookings_by_occurrence(bookings).items())},
    )


@login_required_here
@require_GET
def officehours_manage(request: HttpRequest) -> HttpResponse:
    if not _can(request, "events.officehours_add"):
        return _forbidden(
            request, "Seuls les responsables d'une association et les agents gèrent des permanences."
        )
    page = selectors.managed_page(
        request.user, after=request.GET.get(NEXT_PARAM), before=request.GET.get(PREVIOUS_PARAM)
    )
    return render(request, "events/officehours/manage.html", {"page": page, "query": ""})


# -- Calendar feeds ----------------------------------------------------------------------------


def _feed_response(request: HttpRequest, scope: selectors.FeedScope, filename: str) -> HttpResponse:
    """A public feed: ETag / Last-Modified (304 when unchanged), body cached under its ETag."""
    state_key = f"events:feedstate:{FEED_CACHE_VERSION}:{hashlib.sha256(request.path.encode()).hexdigest()}"
    state = cache.get(state_key)
    if state is None:
        state = selectors.feed_state(scope)
        cache.set(state_key, state, FEED_STATE_SECONDS)
    signature, last_modified = state
    digest = hashlib.sha256(
        f"{FEED_CACHE_VERSION}|{scope.name}|{request.path}|{signature}".encode()
    ).hexdigest()
    etag = f'"{digest[:32]}"'
    not_modified = request.headers.get("If-None-Match") == etag
    if not not_modified and last_modified is not None and "If-None-Match" not in request.headers:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        not_modified = since is not None and int(last_modified.timestamp()) <= since
    if not_modified:
        response: HttpResponse = HttpResponseNotModified()
    else:
        key = f"events:feed:{digest}"
        body = cache.get(key)
        if body is None:
            body = feeds.public_feed(
                name=scope.name,
                events=selectors.feed_events(scope),
                officehours=selectors.feed_officehours(scope),
            )
            cache.set(key, body, FEED_CACHE_SECONDS)
        response = HttpResponse(body, content_type=feeds.CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def feed_all(request: HttpRequest) -> HttpResponse:
    scope = selectors.FeedScope(events=Q(), officehours=Q(), name="Agenda solidaire de l'Agglo")
    return _feed_response(request, scope, "agenda.ics")


@require_GET
def feed_place(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Place.objects.only("id", "name"), slug=slug, status=PlaceStatus.VERIFIED)
    scope = selectors.FeedScope(
        events=Q(place_id=place.pk), officehours=Q(place_id=place.pk), name=f"Agenda : {place.name}"
    )
    return _feed_response(request, scope, f"lieu-{slug}.ics")


@require_GET
def feed_association(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(
        Association.objects.only("id", "name"), slug=slug, status=AssociationStatus.VERIFIED
    )
    scope = selectors.FeedScope(
        events=Q(organiser_associations=association.pk),
        officehours=Q(association_id=association.pk),
        name=f"Agenda : {association.name}",
    )
    return _feed_response(request, scope, f"association-{slug}.ics")


@require_GET
def feed_commune(request: HttpRequest, insee: str) -> HttpResponse:
    commune = get_object_or_404(Commune.objects.only("insee", "name"), insee=insee)
    scope = selectors.FeedScope(
        events=Q(commune_id=commune.pk) | Q(place__commune_id=commune.pk),
        officehours=Q(place__commune_id=commune.pk),
        name=f"Agenda : {commune.name}",
    )
    return _feed_response(request, scope, f"commune-{insee}.ics")


@require_GET
def feed_category(request: HttpRequest, category: str) -> HttpResponse:
    """An event category (events only) or a kind of permanence (those permanences only)."""
    if category in EventCategory.values:
        label = EventCategory(category).label
        scope = selectors.FeedScope(
            events=Q(category=category), officehours=Q(pk__in=[]), name=f"Agenda : {label}"
        )
    elif category in OfficeHoursKind.values:
        label = OfficeHoursKind(category).label
        scope = selectors.FeedScope(
            events=Q(pk__in=[]), officehours=Q(kind=category), name=f"Permanences : {label}"
        )
    else:
        raise Http404
    return _feed_response(request, scope, f"categorie-{category}.ics")


@require_GET
def feeds_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/feeds/index.html",
        {
            "categories": EventCategory.choices,
            "kinds": OfficeHoursKind.choices,
            "communes": Commune.objects.only("insee", "name").order_by("name"),
        },
    )


@login_required_here
@require_http_methods(["GET", "POST"])
def personal_feed_page(request: HttpRequest) -> HttpResponse:
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(by=request.user)
            messages.success(request, "Le lien de votre agenda personnel est désactivé.")
            return redirect("events:personal_feed_page")
        token = services.calendar_token_regenerate(by=request.user)
    url = (
        request.build_absolute_uri(reverse("events:personal_feed", kwargs={"token": token})) if token else ""
    )
    has_token = bool(token) or selectors.has_calendar_token(request.user)
    webcal_url = "webcal://" + url.split("://", 1)[1] if url else ""
    response = render(
        request, "events/feeds/personal.html", {"url": url, "webcal_url": webcal_url, "has_token": has_token}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = services.calendar_token_user(token)
    if user is None:
        raise Http404
    registrations, bookings = selectors.personal_feed_items(user)
    body = feeds.personal_feed(name="Mon agenda solidaire", registrations=registrations, bookings=bookings)
    response = HttpResponse(body, content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="mon-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
