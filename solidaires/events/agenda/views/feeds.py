"""Calendar feeds (iCalendar): the public feeds (whole agenda, a place, an association, a
commune, a category) with ETag / Last-Modified, and a person's private feed (decisions 0921–0922)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET, require_http_methods

from solidaires.associations.models import Association, AssociationStatus
from solidaires.core.guards import login_required
from solidaires.core.links import absolute_url, webcal_url_of
from solidaires.events.officehours import selectors as officehours_selectors
from solidaires.events.officehours import services as officehours_services
from solidaires.events.officehours.models import OfficeHoursKind
from solidaires.territory.models import Commune, Place, PlaceStatus

from .. import feeds, selectors
from ..models import EventCategory

FEED_CACHE_SECONDS = 15 * 60
FEED_CACHE_VERSION = 1
# The feed's fingerprint (two aggregate queries) is reused this long: a change shows in the
# feeds within a minute (decision 0922).
FEED_STATE_SECONDS = 60


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


@login_required
@require_http_methods(["GET", "POST"])
def personal_feed_page(request: HttpRequest) -> HttpResponse:
    token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            officehours_services.calendar_token_revoke(by=request.user)
            messages.success(request, "Le lien de votre agenda personnel est désactivé.")
            return redirect("events:personal_feed_page")
        token = officehours_services.calendar_token_regenerate(by=request.user)
    url = absolute_url(reverse("events:personal_feed", kwargs={"token": token})) if token else ""
    has_token = bool(token) or officehours_selectors.has_calendar_token(request.user)
    webcal_url = webcal_url_of(url) if url else ""
    response = render(
        request, "events/feeds/personal.html", {"url": url, "webcal_url": webcal_url, "has_token": has_token}
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = officehours_services.calendar_token_user(token)
    if user is None:
        raise Http404
    registrations, bookings = selectors.personal_feed_items(user)
    body = feeds.personal_feed(name="Mon agenda solidaire", registrations=registrations, bookings=bookings)
    response = HttpResponse(body, content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="mon-agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
