"""Registrations: registering, one's registrations, cancelling, check-in and presence."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from solidaires.core.guards import login_required
from solidaires.core.links import absolute_url

from .. import selectors, services
from ..models import Registration
from .base import can, manageable_event, qr_svg_data_uri, visible_event


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = visible_event(request, pk)
    if not request.user.is_authenticated:  # back to the event's page (this URL is POST-only)
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
    if not can(request, perm, registration):
        raise Http404
    return registration


@login_required
@require_safe
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration_or_404(request, pk)
    qr = ""
    if registration.is_confirmed:
        qr = qr_svg_data_uri(absolute_url(reverse("events:presence", args=[registration.checkin_token])))
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


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
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


@login_required
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    coming, past = selectors.my_registrations(request.user)
    return render(request, "events/my_registrations.html", {"coming": coming, "past": past})


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    event = manageable_event(request, pk)
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
            name = registration.user.public_name
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


@login_required
@require_http_methods(["GET", "POST"])
def presence(request: HttpRequest, token: str) -> HttpResponse:
    """The URL in the QR code: opened by an organiser, confirms the person's presence."""
    registration = Registration.objects.select_related("event", "user").filter(checkin_token=token).first()
    if registration is None or not can(request, "events.view_registration", registration):
        raise Http404
    if not can(request, "events.mark_attendance", registration):
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
