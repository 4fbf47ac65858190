"""The agents' workspace (/espace-agents/): dashboard and the association queues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import agent_required
from solidaires.core.pagination import keyset_paginate

from . import selectors, services
from .forms import RejectForm
from .models import Association, AssociationStatus, Claim

QUEUE_PREVIEW = 10


def _age_days(items: list[Any], attr: str = "created_at") -> None:
    today = timezone.localdate()
    for item in items:
        item.age_days = (today - timezone.localdate(getattr(item, attr))).days


@agent_required
def dashboard(request: HttpRequest) -> HttpResponse:
    pending = list(selectors.pending_associations()[: QUEUE_PREVIEW + 1])
    claims = list(selectors.pending_claims()[: QUEUE_PREVIEW + 1])
    managerless = list(selectors.managerless_associations()[: QUEUE_PREVIEW + 1])
    places_qs = selectors.pending_places()
    places = list(places_qs[: QUEUE_PREVIEW + 1])
    _age_days(pending)
    _age_days(claims)
    _age_days(places)
    context = {
        # The queues are small by nature; count them exactly (one cheap indexed query each).
        "counts": {
            "associations": selectors.pending_associations().count()
            if len(pending) > QUEUE_PREVIEW
            else len(pending),
            "claims": selectors.pending_claims().count() if len(claims) > QUEUE_PREVIEW else len(claims),
            "places": (places_qs.count() if len(places) > QUEUE_PREVIEW else len(places)),
            "managerless": len(managerless),
        },
        "pending": pending[:QUEUE_PREVIEW],
        "claims": claims[:QUEUE_PREVIEW],
        "places": places[:QUEUE_PREVIEW],
        "managerless": managerless[:QUEUE_PREVIEW],
        "preview": QUEUE_PREVIEW,
    }
    return render(request, "associations/agents/dashboard.html", context)


@agent_required
def association_queue(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        selectors.pending_associations(),
        ordering=("created_at", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=50,
    )
    _age_days(page.items)
    return render(request, "associations/agents/associations.html", {"page": page, "query": ""})


@agent_required
@require_POST
def bulk_verify(request: HttpRequest) -> HttpResponse:
    ids = [int(v) for v in request.POST.getlist("associations") if v.isdigit()][:200]
    if not ids:
        messages.error(request, "Cochez au moins une association à vérifier.")
        return redirect("agents:associations")
    chosen = Association.objects.filter(pk__in=ids, status__in=[AssociationStatus.PENDING])
    done = services.associations_verify_bulk(associations=list(chosen), by=request.user)
    messages.success(
        request,
        f"{len(done)} association{'s' if len(done) > 1 else ''} vérifiée{'s' if len(done) > 1 else ''}.",
    )
    return redirect("agents:associations")


@agent_required
@require_POST
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    try:
        services.association_verify(association=association, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"« {association.name} » est vérifiée et visible dans l'annuaire.")
    if request.POST.get("next") == "page":
        return redirect(association)
    return redirect("agents:associations")


@agent_required
@require_http_methods(["GET", "POST"])
def reject(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association, slug=slug)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.association_reject(
                association=association, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error("reason", exc.error_dict.get("reason", exc.messages))
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"« {association.name} » est refusée ; ses responsables sont prévenus.")
            return redirect("agents:associations")
    return render(
        request,
        "associations/agents/reject.html",
        {"association": association, "form": form},
        status=400 if form.errors else 200,
    )


@agent_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    association = get_object_or_404(Association.objects.select_related("head_office_commune"), slug=slug)
    entries = selectors.association_history(association)
    return render(
        request, "associations/agents/history.html", {"association": association, "entries": entries}
    )


@agent_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        selectors.pending_claims(),
        ordering=("created_at", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=50,
    )
    _age_days(page.items)
    return render(request, "associations/agents/claims.html", {"page": page, "query": ""})


@agent_required
@require_POST
def claim_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("association", "user"), pk=pk)
    try:
        if decision == "approve":
            services.claim_approve(claim=claim, by=request.user)
            messages.success(
                request, f"{claim.user} est désormais responsable de « {claim.association.name} »."
            )
        else:
            services.claim_reject(claim=claim, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, f"La demande de {claim.user} est refusée.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("agents:claims")
