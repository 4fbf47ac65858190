"""Thin views of the missions: parse, check access, call a service or selector, answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import Refused, login_required
from solidaires.messaging.services import thread_get_or_create
from solidaires.volunteering.engagement.views.engagements import apply_box_context
from solidaires.volunteering.missions import selectors, services
from solidaires.volunteering.missions.forms import (
    GROUP,
    MissionForm,
    OnBehalfForm,
    TakeOverForm,
    apply_service_errors,
)
from solidaires.volunteering.missions.models import (
    Mission,
    MissionState,
)
from solidaires.volunteering.missions.threads import mission_thread_subject
from solidaires.volunteering.missions.views.common import (
    _can,
    _section_context,
    schedule_lines,
)

# A mission's page ---------------------------------------------------------------------------


def _mission_or_404(request: HttpRequest, pk: int) -> Mission:
    mission = selectors.mission_for_page(pk=pk)
    if mission is None or not _can(request, "volunteering.view_mission", mission):
        raise Http404
    return mission


def mission_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    mission = _mission_or_404(request, pk)
    if slug != mission.slug:
        return redirect(mission.get_absolute_url(), permanent=True)
    can_change = _can(request, "volunteering.change_mission", mission)
    apply_box = apply_box_context(request, mission) or None
    context: dict[str, Any] = {
        "mission": mission,
        "schedule": schedule_lines(mission),
        "can_change": can_change,
        "can_moderate": _can(request, "volunteering.moderate_mission", mission),
        "can_report": _can(request, "volunteering.report_mission", mission) and mission.is_public,
        "can_contact": request.user.is_authenticated and not can_change and mission.is_public,
        "apply_box": apply_box,
        "places_taken": services.places_taken(mission) if can_change else None,
        **_section_context(request),
    }
    if apply_box:
        context.update(apply_box)
    return render(request, "volunteering/detail.html", context)


@require_POST
def mission_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or reopen) a conversation with the people behind the mission, on the platform."""
    if not request.user.is_authenticated:
        # Not login_required: this action is POST only, the visitor comes back to the mission.
        return redirect_to_login(reverse("volunteering:mission_detail_short", kwargs={"pk": pk}))
    mission = _mission_or_404(request, pk)
    try:
        thread = thread_get_or_create(
            about=mission,
            subject=mission_thread_subject(mission),
            people=[request.user, mission.contact],
            association=mission.association,
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else ""
        messages.error(request, text or "Vous ne pouvez pas écrire à propos de cette mission.")
        return redirect(mission)
    return redirect(thread.get_absolute_url())


def mission_detail_short(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _mission_or_404(request, pk)
    return redirect(mission)


# Posting and editing ------------------------------------------------------------------------


def _post_mission(request: HttpRequest, *, on_behalf: bool) -> HttpResponse:
    if on_behalf and not _can(request, "volunteering.post_on_behalf"):
        raise Refused("Seuls les agents de l'Agglo peuvent publier pour une autre personne.")
    if not _can(request, "volunteering.add_mission"):
        raise Refused(
            "Pour publier une mission, confirmez d'abord votre adresse e-mail "
            "(le lien est dans l'e-mail reçu à l'inscription)."
        )
    form = MissionForm(request.POST or None, user=request.user)
    behalf_form = OnBehalfForm(request.POST or None, prefix="pour") if on_behalf else None
    if on_behalf:
        # The agent posts for the person: no organiser to choose, no group name.
        del form.fields["organiser"]
        del form.fields["group_name"]
    if request.method == "POST":
        valid = form.is_valid()
        if behalf_form is not None:
            valid = behalf_form.is_valid() and valid
        if valid:
            publish = "brouillon" not in request.POST
            try:
                if behalf_form is not None:
                    mission, code = services.mission_create_on_behalf(
                        by=request.user,
                        data=form.service_data(),
                        on_behalf_name=behalf_form.cleaned_data["on_behalf_name"],
                        consent_method=behalf_form.cleaned_data["consent_method"],
                        publish=publish,
                    )
                    request.session["volunteering_handover"] = {"mission": mission.pk, "code": code}
                    return redirect("volunteering:handover_code", pk=mission.pk)
                association = form.association()
                data = form.service_data()
                if form.cleaned_data.get("organiser") != GROUP:
                    data["group_name"] = ""
                mission = services.mission_create(
                    by=request.user, data=data, association=association, publish=publish
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                if behalf_form is not None:
                    apply_service_errors(behalf_form, exc)
            except PermissionDenied:
                form.add_error("organiser", "Vous ne pouvez pas publier au nom de cette association.")
            else:
                if publish:
                    messages.success(request, "Votre mission est publiée : les bénévoles peuvent la voir.")
                else:
                    messages.success(request, "Le brouillon est enregistré. Publiez-le quand il est prêt.")
                return redirect(mission)
    return render(
        request,
        "volunteering/form.html",
        {"form": form, "behalf_form": behalf_form, "mission": None, "on_behalf": on_behalf},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def mission_create(request: HttpRequest) -> HttpResponse:
    return _post_mission(request, on_behalf=False)


@require_http_methods(["GET", "POST"])
@login_required
def mission_create_on_behalf(request: HttpRequest) -> HttpResponse:
    return _post_mission(request, on_behalf=True)


@login_required
def handover_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Shown once to the agent after posting on behalf: the code to give to the inhabitant."""
    mission = get_object_or_404(Mission, pk=pk)
    if not _can(request, "volunteering.post_on_behalf"):
        raise Refused()
    stored = request.session.pop("volunteering_handover", None)
    code = stored["code"] if isinstance(stored, dict) and stored.get("mission") == mission.pk else ""
    return render(request, "volunteering/handover_code.html", {"mission": mission, "code": code})


@require_http_methods(["GET", "POST"])
@login_required
def take_over(request: HttpRequest) -> HttpResponse:
    """/missions/reprendre/ — the inhabitant enters the code the agent gave them."""
    if not _can(request, "volunteering.take_over_mission"):
        raise Refused("Confirmez d'abord votre adresse e-mail, puis revenez saisir le code.")
    form = TakeOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_take_over(code=form.cleaned_data["code"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "C'est fait : la mission est à vous. Vous recevrez désormais les réponses."
            )
            return redirect(mission)
    return render(request, "volunteering/take_over.html", {"form": form}, status=400 if form.errors else 200)


def _changeable_or_403(request: HttpRequest, pk: int) -> Mission | HttpResponse:
    mission = selectors.mission_for_page(pk=pk)
    if mission is None:
        raise Http404
    if not _can(request, "volunteering.change_mission", mission):
        if not _can(request, "volunteering.view_mission", mission):
            raise Http404
        raise Refused("Seules les personnes qui ont publié la mission peuvent la modifier.")
    return mission


@require_http_methods(["GET", "POST"])
@login_required
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _changeable_or_403(request, pk)
    if isinstance(mission, HttpResponse):
        return mission
    if mission.state in (MissionState.CLOSED, MissionState.EXPIRED):
        messages.warning(request, "Cette mission est terminée : elle ne peut plus être modifiée.")
        return redirect(mission)
    form = MissionForm(request.POST or None, user=request.user, mission=mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=mission, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(mission)
    return render(
        request,
        "volunteering/form.html",
        {"form": form, "mission": mission, "on_behalf": False},
        status=400 if form.errors else 200,
    )


_MISSION_MOVES: dict[str, dict[str, str]] = {
    "publier": {
        "title": "Publier la mission",
        "question": "Publier cette mission ? Elle sera visible par tout le monde sur la liste des missions.",
        "button": "Oui, publier",
        "done": "Votre mission est publiée.",
    },
    "cloturer": {
        "title": "Clore la mission",
        "question": "Clore cette mission ? Elle disparaîtra de la liste et personne ne pourra plus se proposer. "
        "Vous ne pourrez pas la rouvrir.",
        "button": "Oui, clore la mission",
        "done": "La mission est close. Merci !",
    },
}


@require_http_methods(["GET", "POST"])
@login_required
def mission_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Confirmation page (GET) then the move (POST): publish or close."""
    if move not in _MISSION_MOVES:
        raise Http404
    mission = _changeable_or_403(request, pk)
    if isinstance(mission, HttpResponse):
        return mission
    texts = _MISSION_MOVES[move]
    error = ""
    if request.method == "POST":
        try:
            if move == "publier":
                services.mission_publish(mission=mission, by=request.user)
            else:
                services.mission_close(mission=mission, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, texts["done"])
            return redirect(mission if move == "publier" else reverse("volunteering:mine"))
    return render(
        request,
        "volunteering/confirm.html",
        {"mission": mission, "texts": texts, "error": error, "danger": move == "cloturer"},
        status=400 if error else 200,
    )


def mission_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Old address of the report form (links in e-mails): reports go to the platform's queue
    now (decision 0828), through the generic page of the moderation app."""
    return redirect("moderation:report_content", kind="mission", pk=pk, permanent=True)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """ "Mes missions publiées"."""
    missions = selectors.missions_of(request.user)
    from django.core.paginator import Paginator

    page = Paginator(missions, selectors.PER_PAGE).get_page(request.GET.get("page", 1))
    return render(
        request,
        "volunteering/mine.html",
        {
            "page": page,
            "missions": [(m, schedule_lines(m)) for m in page.object_list],
            **_section_context(request),
        },
    )
