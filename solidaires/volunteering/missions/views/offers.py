"""Volunteer offers ("Je propose mon aide"): list for associations, pages, moves."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.fragments import offered, select_options
from solidaires.core.guards import Refused, login_required
from solidaires.volunteering.engagement.views.proposals import propose_box_context
from solidaires.volunteering.missions import schedule, selectors, services
from solidaires.volunteering.missions.forms import (
    OfferForm,
    apply_service_errors,
)
from solidaires.volunteering.missions.models import (
    DayPart,
    VolunteerOffer,
)
from solidaires.volunteering.missions.views.common import (
    _can,
    radius_options,
)

# Volunteer offers ---------------------------------------------------------------------------


def _offer_lines(offer: VolunteerOffer) -> str:
    days = [schedule.WEEKDAYS[d] for d in sorted(offer.weekdays or []) if 0 <= d <= 6]
    parts = [str(DayPart(p).label) for p in offer.day_parts or [] if p in DayPart.values]
    text = schedule.join_fr(days).capitalize() if days else "Jours à convenir"
    if parts:
        text += ", " + schedule.join_fr(parts)
    return text


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    """/missions/propositions/ — for association members and agents, without names."""
    if not _can(request, "volunteering.browse_offers"):
        return render(request, "volunteering/offers_forbidden.html", {}, status=403)
    filters = selectors.OfferFilters.from_query(request.GET)
    themes, communes = selectors.filter_choices()
    filters.theme = offered(filters.theme, themes)  # the theme select shows what filters
    page = selectors.offer_search(filters=filters, page_number=request.GET.get("page", 1))
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
            "radius_options": radius_options(filters.rayon),
        },
    )


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_page(pk=pk)
    if offer is None or not _can(request, "volunteering.view_offer", offer):
        raise Http404
    is_owner = _can(request, "volunteering.change_offer", offer)
    propose_box = None if is_owner else propose_box_context(request, offer) or None
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
@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    if not _can(request, "volunteering.add_offer"):
        raise Refused(
            "Confirmez d'abord votre adresse e-mail (le lien est dans l'e-mail reçu à l'inscription)."
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
    """Decision 1102: 404 for an offer the person may not see; 403 (saying why) for one they
    see but did not publish."""
    offer = selectors.offer_for_page(pk=pk)
    if offer is None or not _can(request, "volunteering.view_offer", offer):
        raise Http404
    if not _can(request, "volunteering.change_offer", offer):
        raise Refused(
            "Seule la personne qui a publié cette proposition peut la modifier, la suspendre ou la retirer."
        )
    return offer


@require_http_methods(["GET", "POST"])
@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
@login_required
def offer_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    if move not in OFFER_MOVE_SLUGS:
        raise Http404
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


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    mine_offers = list(selectors.offers_of(request.user))
    return render(
        request,
        "volunteering/my_offers.html",
        {"offers": [(o, _offer_lines(o)) for o in mine_offers]},
    )
