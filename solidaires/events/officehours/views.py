"""Thin views of permanences and appointment bookings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from solidaires.core.fragments import choices_with
from solidaires.core.guards import Refused, login_required
from solidaires.core.pagination import NEXT_PARAM, PREVIOUS_PARAM
from solidaires.core.search import sort_key
from solidaires.events.ical import CONTENT_TYPE
from solidaires.territory.models import Commune
from solidaires.territory.params import commune_param

from . import ical, selectors, services
from .forms import BookingForm, ExceptionForm, OfficeHoursForm, apply_service_errors
from .models import (
    Booking,
    OfficeHours,
    OfficeHoursException,
    OfficeHoursKind,
)

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


def _visible_or_404(request: HttpRequest, pk: int) -> OfficeHours:
    office_hours = selectors.officehours_for_page(pk=pk)
    if office_hours is None or not _can(request, "events.officehours_view", office_hours):
        raise Http404
    return office_hours


def _editable(request: HttpRequest, pk: int) -> OfficeHours | HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not _can(request, "events.officehours_change", office_hours):
        raise Refused(
            "Seuls les responsables de l'association et les agents peuvent modifier cette permanence."
        )
    return office_hours


# -- Public pages ------------------------------------------------------------------------------


@require_GET
def officehours_list(request: HttpRequest) -> HttpResponse:
    # A commune outside the territory: the page says so and shows every commune.
    chosen = commune_param(request.GET.get("commune"))
    commune = chosen.insee
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
            # The communes with permanences, and the one in force even without any.
            "communes": choices_with(
                tuple(
                    Commune.objects.filter(places__office_hours__state="active")
                    .distinct()
                    .order_by("name")
                    .values_list("insee", "name")
                ),
                chosen.insee,
                chosen.name,
                order=lambda c: sort_key(c[1]),
            ),
            "outside_commune": chosen.outside,
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
    response = HttpResponse(ical.officehours_ics(office_hours), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="permanence-{office_hours.pk}.ics"'
    return response


@require_POST
def officehours_book(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not request.user.is_authenticated:  # back to the permanence's page (this URL is POST-only)
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


@login_required
@require_GET
def booking_list(request: HttpRequest) -> HttpResponse:
    coming, past = selectors.my_bookings(request.user)
    return render(request, "events/officehours/my_bookings.html", {"coming": coming, "past": past})


def _booking_or_404(request: HttpRequest, pk: int) -> Booking:
    booking = selectors.booking_for_user(pk=pk)
    if booking is None or not _can(request, "events.booking_cancel", booking):
        raise Http404
    return booking


@login_required
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


@login_required
@require_GET
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)  # 404 for whoever may not know the appointment
    if booking.user_id != request.user.pk:
        # Decision 1102: organisers see the appointment, but its calendar file is the person's.
        raise Refused("Ce fichier d'agenda est celui de la personne qui a pris le rendez-vous.")
    if not booking.is_booked:
        raise Http404
    response = HttpResponse(ical.booking_ics(booking), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{booking.pk}.ics"'
    return response


# -- Organisers --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def officehours_create(request: HttpRequest) -> HttpResponse:
    if not _can(request, "events.officehours_add"):
        raise Refused(
            "Seuls les responsables d'une association et les agents de l'Agglo peuvent créer une permanence."
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


@login_required
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


@login_required
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


@login_required
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


@login_required
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


@login_required
@require_GET
def officehours_bookings(request: HttpRequest, pk: int) -> HttpResponse:
    office_hours = _visible_or_404(request, pk)
    if not _can(request, "events.officehours_view_bookings", office_hours):
        raise Refused("Seuls les responsables de l'association et les agents voient les rendez-vous.")
    bookings = selectors.bookings_for_organiser(office_hours)
    return render(
        request,
        "events/officehours/bookings.html",
        {"office_hours": office_hours, "groups": sorted(selectors.bookings_by_occurrence(bookings).items())},
    )


@login_required
@require_GET
def officehours_manage(request: HttpRequest) -> HttpResponse:
    if not _can(request, "events.officehours_add"):
        raise Refused("Seuls les responsables d'une association et les agents gèrent des permanences.")
    page = selectors.managed_page(
        request.user, after=request.GET.get(NEXT_PARAM), before=request.GET.get(PREVIOUS_PARAM)
    )
    return render(request, "events/officehours/manage.html", {"page": page, "query": ""})
