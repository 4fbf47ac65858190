"""Agents' moderation of missions: reported, hidden, posted on behalf; hide / unhide with a reason.

The reports are the platform's (``moderation.Report``) and every action calls the platform's
moderation services, as the queue /espace-agents/entraide/ does (decision 0828)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import AGENTS_ONLY_MESSAGE, Refused, login_required
from solidaires.moderation import services as moderation
from solidaires.volunteering.missions import selectors
from solidaires.volunteering.missions.forms import ReasonForm, apply_service_errors
from solidaires.volunteering.missions.models import Mission

TABS = [
    ("signalees", "Signalées"),
    ("masquees", "Masquées"),
    ("pour-autrui", "Publiées pour autrui"),
]


def _agent_or_response(request: HttpRequest) -> HttpResponse | None:
    """The French 403 page for a signed-in person who is not an agent (kept: it says why)."""
    if not rules.has_perm("volunteering.access_agent_space", request.user):
        raise Refused(AGENTS_ONLY_MESSAGE)
    return None


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    denied = _agent_or_response(request)
    if denied is not None:
        return denied
    show = request.GET.get("voir", "signalees")
    if show not in dict(TABS):
        show = "signalees"
    page = Paginator(selectors.agent_missions(show=show), 50).get_page(request.GET.get("page", 1))
    reports = selectors.open_reports_by_mission(list(page.object_list)) if show == "signalees" else {}
    rows = [(m, reports.get(m.pk, [])) for m in page.object_list]
    return render(
        request,
        "volunteering/agents/queue.html",
        {"rows": rows, "page": page, "show": show, "tabs": TABS, "query": f"voir={show}"},
    )


@require_http_methods(["GET", "POST"])
@login_required
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    denied = _agent_or_response(request)
    if denied is not None:
        return denied
    mission = get_object_or_404(Mission, pk=pk)
    form = ReasonForm(
        request.POST or None,
        label="Motif du masquage",
        help_text="La personne qui a publié la mission verra ce motif sur sa page et dans « Mes missions publiées ».",
    )
    if request.method == "POST" and form.is_valid():
        try:
            moderation.content_hide(target=mission, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "La mission est masquée. Son auteur voit le motif.")
            return redirect("volunteering_agents:queue")
    return render(
        request,
        "volunteering/agents/hide.html",
        {"form": form, "mission": mission, "reports": selectors.open_reports(mission)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def unhide(request: HttpRequest, pk: int) -> HttpResponse:
    denied = _agent_or_response(request)
    if denied is not None:
        return denied
    mission = get_object_or_404(Mission, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            moderation.content_unhide(target=mission, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "La mission est de nouveau visible.")
            return redirect(mission)
    return render(
        request,
        "volunteering/agents/unhide.html",
        {"mission": mission, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["POST"])
@login_required
def dismiss_report(request: HttpRequest, pk: int) -> HttpResponse:
    denied = _agent_or_response(request)
    if denied is not None:
        return denied
    report = selectors.mission_report(pk=pk)
    if report is None:
        raise Http404
    try:
        moderation.report_dismiss(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Le signalement est classé sans suite.")
    return redirect("volunteering_agents:queue")
