"""Saved searches of the missions list and the stop link of their alerts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import login_required
from solidaires.volunteering.missions import selectors, services
from solidaires.volunteering.missions.forms import (
    SavedSearchForm,
    apply_service_errors,
)
from solidaires.volunteering.missions.models import (
    SavedSearch,
)

# Saved searches -----------------------------------------------------------------------------


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = selectors.saved_searches_of(request.user)
    return render(request, "volunteering/saved_searches.html", {"searches": searches})


@require_http_methods(["GET", "POST"])
@login_required
def saved_search_create(request: HttpRequest) -> HttpResponse:
    filters = selectors.MissionFilters.from_query(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        filters = selectors.MissionFilters.from_query(_query_dict(request.POST.get("query", "")))
    query = filters.query_string()
    form = SavedSearchForm(request.POST or None, initial={"query": query, "alert": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_create(
                by=request.user,
                name=form.cleaned_data["name"],
                query_string=query,
                alert=form.cleaned_data["alert"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Votre recherche est enregistrée.")
            return redirect("volunteering:saved_searches")
    return render(
        request,
        "volunteering/saved_search_form.html",
        {"form": form, "query": query, "filters": filters},
        status=400 if form.errors else 200,
    )


def _query_dict(query: str) -> Any:
    from django.http import QueryDict

    return QueryDict(query[:1000])


@require_http_methods(["GET", "POST"])
@login_required
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved, by=request.user)
        messages.success(request, "La recherche est supprimée.")
        return redirect("volunteering:saved_searches")
    return render(request, "volunteering/saved_search_delete.html", {"saved": saved})


@require_http_methods(["GET", "POST"])
def saved_search_stop(request: HttpRequest, token: str) -> HttpResponse:
    """The stop link of an alert e-mail: one button (POST), no login needed."""
    if request.method == "POST":
        saved = services.saved_search_stop_alerts(token=token)
        if saved is None:
            raise Http404
        return render(request, "volunteering/saved_search_stop.html", {"saved": saved, "done": True})
    from django.core import signing

    try:
        signing.loads(token, salt=services.STOP_ALERT_SALT, max_age=400 * 86400)
    except signing.BadSignature:
        raise Http404 from None
    return render(request, "volunteering/saved_search_stop.html", {"token": token, "done": False})
