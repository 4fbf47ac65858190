"""Agents' pages of mutual aid: put back a hidden post, publish for an inhabitant.

The moderation queue itself (/espace-agents/entraide/) is the moderation app's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import agent_required
from solidaires.moderation import services as moderation
from solidaires.moderation.forms import ReasonForm

from . import services
from .forms import OnBehalfForm, apply_service_errors
from .models import MutualAidPost


def _data(request: HttpRequest) -> Any:
    """The POST data on a POST (even empty, so the form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


@agent_required
@require_http_methods(["GET", "POST"])
def unhide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(MutualAidPost.objects.select_related("commune"), pk=pk, hidden_at__isnull=False)
    form = ReasonForm(
        _data(request), label="Pourquoi rétablir cette annonce ?", help_text="Pour l'historique."
    )
    if request.method == "POST" and form.is_valid():
        moderation.content_unhide(target=post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "L'annonce est de nouveau visible.")
        return redirect(post)
    return render(
        request,
        "mutualaid/agents/unhide.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


@agent_required
@require_http_methods(["GET", "POST"])
def on_behalf(request: HttpRequest) -> HttpResponse:
    """Publish for an inhabitant who came in person or phoned; shows the handover code once."""
    form = OnBehalfForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            post, code = services.post_create_on_behalf(
                by=request.user,
                data=form.service_data(),
                first_name=form.cleaned_data["first_name"],
                consent_method=form.cleaned_data["consent_method"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            response = render(request, "mutualaid/agents/on_behalf_done.html", {"post": post, "code": code})
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request, "mutualaid/agents/on_behalf.html", {"form": form}, status=400 if form.errors else 200
    )
