"""An event's page, its .ics, and what organisers do with it: create, edit, publish, cancel."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from solidaires.core.guards import Refused, login_required
from solidaires.core.links import absolute_url
from solidaires.core.pagination import keyset_paginate

from .. import feeds, selectors, services
from ..forms import CancelEventForm, EventForm
from ..models import Event
from .base import apply_errors, can, manageable_event, visible_event


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
        "url": absolute_url(event.get_absolute_url()),
        "inLanguage": "fr",
        "isAccessibleForFree": event.is_free,
        "organizer": [
            {"@type": "Organization", "name": a.name, "url": absolute_url(a.get_absolute_url())}
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
    event = visible_event(request, pk)
    if slug != event.slug:
        return redirect(event, permanent=True)
    registration = selectors.active_registration(event, request.user)
    can_manage = can(request, "events.change_event", event)
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
    event = visible_event(request, pk)
    response = HttpResponse(
        feeds.event_ics(event),
        content_type=feeds.CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug or "evenement"}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not can(request, "events.add_event"):
        raise Refused(
            "Seuls les responsables d'une association et les agents de l'Agglo peuvent proposer un événement."
        )
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                by=request.user, data=form.service_data(), association=form.cleaned_data.get("association")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, "L'événement est enregistré comme brouillon. Relisez-le puis publiez-le."
            )
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": None})


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(event)
    return render(request, "events/form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = manageable_event(request, pk)
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
    event = manageable_event(request, pk)
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


@login_required
@require_safe
def my_events(request: HttpRequest) -> HttpResponse:
    if not can(request, "events.add_event"):
        raise Refused("Cette page est réservée aux organisateurs d'événements.")
    qs = selectors.with_counts(selectors.managed_events(request.user).select_related("place", "commune"))
    page = keyset_paginate(
        qs.filter(ends_at__gte=timezone.now() - timedelta(days=30)),
        ordering=("starts_at", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
    )
    return render(request, "events/my_events.html", {"page": page})
