"""The agents' budget dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from solidaires.core.guards import agent_required
from solidaires.grants.instruction import selectors


@agent_required
def budget(request: HttpRequest) -> HttpResponse:
    years = selectors.budget_years()
    return render(
        request,
        "grants/instruction/budget.html",
        {
            "years": years,
            "schemes": selectors.budget_by_scheme(years),
            "communes": selectors.budget_by_commune(years),
            "themes": selectors.budget_by_theme(years),
        },
    )
