"""Cafés bénévolat: the café's link and poster (QR code), the agents' sign-up figures."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from solidaires.core.guards import AGENTS_ONLY_MESSAGE, Refused, login_required
from solidaires.core.links import absolute_url
from solidaires.core.params import query_int
from solidaires.events import formatting

from .. import selectors
from .base import can, manageable_event, qr_svg_data_uri

CAFE_SESSION_KEY = "events_cafe_id"


@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    event = manageable_event(request, pk)
    if isinstance(event, HttpResponse):
        return event
    if not event.is_cafe or not event.signup_code:
        raise Http404
    link = absolute_url(reverse("events:cafe", args=[event.signup_code]))
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


@login_required
def cafe_stats(request: HttpRequest) -> HttpResponse:
    """Agents: new volunteers per café and per month (the last 18 months by default)."""
    if not can(request, "events.view_cafe_stats"):
        raise Refused(AGENTS_ONLY_MESSAGE)
    months = query_int(request.GET.get("mois"), minimum=1, maximum=60, default=18) or 18
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
