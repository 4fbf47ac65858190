"""The agents' pages of matching: associations to introduce, campaign allocation."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.associations.models import Association
from solidaires.core.guards import agent_required
from solidaires.core.params import query_date
from solidaires.matching import selectors, services
from solidaires.matching.forms import OutcomeForm
from solidaires.matching.models import Introduction

CAMPAIGN_DEFAULT_DAYS = 14


@agent_required
@require_http_methods(["GET", "HEAD"])
def introductions(request: HttpRequest) -> HttpResponse:
    rows = selectors.introductions()
    return render(
        request,
        "matching/agents/introductions.html",
        {
            "pairs": selectors.proposed_pairs(),
            "introductions": [
                (i, OutcomeForm(initial={"outcome": i.outcome, "note": i.note}, prefix=f"i{i.pk}"))
                for i in rows
            ],
        },
    )


@agent_required
@require_POST
def introduction_record(request: HttpRequest) -> HttpResponse:
    try:
        first = get_object_or_404(Association.objects.verified(), pk=int(request.POST.get("first", "")))
        second = get_object_or_404(Association.objects.verified(), pk=int(request.POST.get("second", "")))
    except ValueError:
        messages.error(request, "Choisissez deux associations.")
        return redirect("matching_agents:introductions")
    try:
        services.introduction_record(
            first=first, second=second, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Mise en relation de {first.name} et {second.name} enregistrée.")
    return redirect("matching_agents:introductions")


@agent_required
@require_POST
def introduction_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = get_object_or_404(Introduction, pk=pk)
    form = OutcomeForm(request.POST, prefix=f"i{pk}")
    if form.is_valid():
        services.introduction_outcome(
            introduction=introduction,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        messages.success(request, "Suite enregistrée.")
    else:
        messages.error(request, "Choisissez une suite dans la liste.")
    return redirect("matching_agents:introductions")


@agent_required
@require_http_methods(["GET", "HEAD"])
def campaign(request: HttpRequest) -> HttpResponse:
    """After a recruiting event: the proposed placement of the people who offered their help
    since a date, for the agent to review (nothing is written)."""
    today = timezone.localdate()
    since = query_date(request.GET.get("depuis")) or today - timedelta(days=CAMPAIGN_DEFAULT_DAYS)
    since = min(since, today)
    rows, people = selectors.campaign_proposal(since=since)
    return render(
        request,
        "matching/agents/campaign.html",
        {
            "rows": rows,
            "people": people,
            "since": since,
            "total": round(sum(r.recommendation.score for r in rows), 2),
        },
    )
