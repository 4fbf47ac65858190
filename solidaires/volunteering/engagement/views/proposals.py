"""Proposals: an association proposes a mission to a volunteer offer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import Refused, login_required
from solidaires.volunteering.engagement import selectors, services
from solidaires.volunteering.engagement.forms import (
    ProposalForm,
    apply_service_errors,
)
from solidaires.volunteering.engagement.models import (
    MissionProposal,
)
from solidaires.volunteering.engagement.views.common import (
    T,
    _can,
    _self_ref,
)
from solidaires.volunteering.missions.models import VolunteerOffer

# Proposals ------------------------------------------------------------------------------------


def propose_box_context(
    request: HttpRequest, offer: VolunteerOffer, form: ProposalForm | None = None
) -> dict[str, Any]:
    """Context of ``volunteering/engagements/propose_box.html`` on an offer's page (as ``propose_box``)."""
    box: dict[str, Any] = {"offer": offer, "form": None, "sent": [], "missions_count": 0}
    user = request.user
    if not user.is_authenticated or offer.person_id == user.pk:
        return _self_ref(box, "propose_box")
    missions = selectors.proposable_missions(user)
    sent = selectors.offer_proposals_by(offer, user)
    box["sent"] = sent
    already = {p.mission_id for p in sent}
    available = missions.exclude(pk__in=already)
    if not selectors.managed_associations(user):
        return _self_ref(box, "propose_box")
    box["is_manager"] = True
    box["missions_count"] = available.count()
    if box["missions_count"]:
        box["form"] = form or ProposalForm(missions=available)
    return _self_ref(box, "propose_box")


@require_http_methods(["GET", "POST"])
@login_required
def proposal_create(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(VolunteerOffer.objects.visible(), pk=offer_pk)
    if not selectors.managed_associations(request.user) or offer.person_id == request.user.pk:
        raise Refused("Seuls les responsables d'une association peuvent proposer une mission.")
    missions = selectors.proposable_missions(request.user)
    form = ProposalForm(request.POST or None, missions=missions)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_create(
                offer=offer,
                mission=form.cleaned_data["mission"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except PermissionDenied:
            raise Refused("Vous ne pouvez proposer que les missions de vos associations.") from None
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                "Votre proposition est envoyée. La personne vous répondra ; écrivez-vous par la messagerie.",
            )
            return redirect(offer)
    box = propose_box_context(request, offer, form=form)
    return render(
        request, T + "propose.html", {"offer": offer, "propose_box": box}, status=400 if form.errors else 200
    )


def _proposal_or_404(request: HttpRequest, pk: int) -> MissionProposal:
    proposal = get_object_or_404(
        MissionProposal.objects.select_related("offer", "mission", "mission__association"), pk=pk
    )
    if _can(request, "volunteering.proposal_decide", proposal):
        return proposal
    if _can(request, "volunteering.proposal_create", proposal.mission):
        # Decision 1102: the association that made the proposal knows it exists.
        raise Refused("Seule la personne à qui la mission est proposée peut l'accepter ou la décliner.")
    raise Http404


@require_POST
@login_required
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    try:
        engagement = services.proposal_accept(proposal=proposal, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("volunteering:engagement_volunteer_dashboard")
    messages.success(request, f"Vous participez à « {proposal.mission.title} ». Merci !")
    return redirect(engagement)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.proposal_decline(proposal=proposal, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, "Proposition déclinée. L'association en est informée sur la plateforme."
            )
            return redirect("volunteering:engagement_volunteer_dashboard")
    return render(
        request,
        T + "proposal_decline.html",
        {"proposal": proposal, "error": error},
        status=400 if error else 200,
    )
