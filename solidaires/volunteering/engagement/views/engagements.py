"""Applying to a mission and one engagement's page and moves (thin views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import Refused, login_required
from solidaires.messaging.selectors import threads_about
from solidaires.volunteering.engagement import selectors, services
from solidaires.volunteering.engagement.forms import (
    ApplyForm,
    ReasonForm,
    apply_service_errors,
)
from solidaires.volunteering.engagement.hours_summary import (
    AGE_TOO_YOUNG,
    age_in_days,
    format_minutes,
)
from solidaires.volunteering.engagement.models import (
    Engagement,
    EngagementState,
    HoursState,
)
from solidaires.volunteering.engagement.rules import is_own_mission
from solidaires.volunteering.engagement.views.common import (
    T,
    _can,
    _engagement_or_404,
    _next_url,
    _self_ref,
)
from solidaires.volunteering.missions.models import Mission, MissionState

# Applying ------------------------------------------------------------------------------------


def apply_box_context(
    request: HttpRequest, mission: Mission, form: ApplyForm | None = None
) -> dict[str, Any]:
    """Context of ``volunteering/engagements/apply_box.html`` on the mission page (as ``apply_box``)."""
    user = request.user
    box: dict[str, Any] = {"mission": mission, "status": "open", "form": None, "engagement": None}
    if mission.state != MissionState.PUBLISHED or mission.hidden_at is not None:
        box["status"] = "closed"
        box["closed_reason"] = {
            MissionState.FULL: "Cette mission a trouvé tous ses bénévoles.",
            MissionState.CLOSED: "Cette mission est terminée.",
            MissionState.EXPIRED: "Cette mission est passée.",
        }.get(mission.state, "Cette mission n'accepte pas de candidatures.")
    if not user.is_authenticated:
        box["status"] = "anonymous" if box["status"] == "open" else box["status"]
        return _self_ref(box, "apply_box")
    engagement = selectors.open_engagement(mission=mission, user=user)
    if engagement is not None:
        box.update(status="engaged", engagement=engagement)
        return _self_ref(box, "apply_box")
    if box["status"] != "open":
        return _self_ref(box, "apply_box")
    if is_own_mission(user, mission):
        box["status"] = "own"
        return _self_ref(box, "apply_box")
    requirement = services.apply_checks(mission=mission, volunteer=user)
    if requirement == AGE_TOO_YOUNG:
        box.update(status="too_young")
        return _self_ref(box, "apply_box")
    box["form"] = form or ApplyForm(requirement=requirement, mission=mission)
    return _self_ref(box, "apply_box")


@require_http_methods(["GET", "POST"])
@login_required
def apply(request: HttpRequest, mission_pk: int) -> HttpResponse:
    mission = get_object_or_404(Mission.objects.select_related("association"), pk=mission_pk)
    if not mission.is_public and not is_own_mission(request.user, mission):
        raise Http404
    requirement = services.apply_checks(mission=mission, volunteer=request.user)
    form = ApplyForm(request.POST or None, requirement=requirement, mission=mission)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                engagement = services.engagement_apply(
                    mission=mission,
                    volunteer=request.user,
                    message=form.cleaned_data["message"],
                    parental_consent=bool(form.cleaned_data.get("parental_consent")),
                    age_confirmed=bool(form.cleaned_data.get("age_confirmed")),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Merci ! Votre candidature est envoyée. L'association vous répondra sur la plateforme.",
                )
                return redirect(engagement)
        status = 400
    box = apply_box_context(request, mission, form=form)
    return render(request, T + "apply.html", {"mission": mission, "apply_box": box}, status=status)


# One engagement --------------------------------------------------------------------------------


def _threads(engagement: Engagement, user: Any) -> list[Any]:
    try:
        return list(threads_about(engagement, user)[:5])
    except Exception:  # noqa: BLE001 - the thread list is a convenience, never a failure
        return []


@login_required
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    hours = selectors.engagement_hours(engagement)
    validated = sum(h.minutes for h in hours if h.state == HoursState.VALIDATED)
    pending = sum(h.minutes for h in hours if h.state == HoursState.PENDING)
    is_volunteer = engagement.volunteer_id == request.user.pk
    can_decide = _can(request, "volunteering.engagement_decide", engagement)
    context = {
        "engagement": engagement,
        "mission": engagement.mission,
        "history": selectors.engagement_history(engagement),
        "hours": hours,
        "validated_label": format_minutes(validated),
        "pending_label": format_minutes(pending),
        "is_volunteer": is_volunteer,
        "can_decide": can_decide and engagement.state == EngagementState.APPLIED,
        "can_decide_hours": can_decide,
        "can_withdraw": is_volunteer and engagement.state == EngagementState.APPLIED,
        "can_end": _can(request, "volunteering.engagement_end", engagement)
        and engagement.state == EngagementState.ACTIVE,
        "can_log": is_volunteer and engagement.state in (EngagementState.ACTIVE, EngagementState.ENDED),
        "threads": _threads(engagement, request.user),
        "age_days": age_in_days(engagement.created_at, timezone.now()),
    }
    return render(request, T + "detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def engagement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.engagement_decide", engagement):
        raise Refused("Seuls les responsables de la mission peuvent répondre aux candidatures.")
    if request.method == "POST":
        try:
            services.engagement_accept(engagement=engagement, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"La candidature de {engagement.volunteer} est acceptée. Elle est prévenue."
            )
        return redirect(_next_url(request, engagement))
    return render(request, T + "confirm.html", _confirm_context(engagement, "accept"))


def _confirm_context(engagement: Engagement, action: str) -> dict[str, Any]:
    texts = {
        "accept": (
            f"Accepter la candidature de {engagement.volunteer} ?",
            "La personne est prévenue et pourra déclarer ses heures.",
            "Oui, accepter",
            "button",
        ),
        "withdraw": (
            "Retirer votre candidature ?",
            "L'association ne la verra plus comme une candidature à traiter. Vous pourrez proposer votre aide à nouveau.",
            "Oui, retirer ma candidature",
            "button-danger",
        ),
        "end": (
            "Terminer cet engagement ?",
            "Les heures déjà déclarées restent comptées. Vous pourrez encore déclarer des heures passées.",
            "Oui, terminer l'engagement",
            "button-danger",
        ),
    }
    title, text, label, css = texts[action]
    return {"engagement": engagement, "title": title, "text": text, "label": label, "css": css}


@require_http_methods(["GET", "POST"])
@login_required
def engagement_decline(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    if not _can(request, "volunteering.engagement_decide", engagement):
        raise Refused("Seuls les responsables de la mission peuvent répondre aux candidatures.")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_decline(
                engagement=engagement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"La candidature de {engagement.volunteer} n'est pas retenue. Elle est prévenue."
            )
            return redirect(_next_url(request, engagement))
    return render(
        request,
        T + "reason.html",
        {
            "engagement": engagement,
            "form": form,
            "title": f"Refuser la candidature de {engagement.volunteer}",
            "lead": "Dites en quelques mots pourquoi : la personne verra ce motif.",
            "label": "Refuser la candidature",
            "back": engagement.get_absolute_url(),
            "next": "tableau" if (request.POST.get("next") or request.GET.get("next")) == "tableau" else "",
        },
        status=400 if form.errors else 200,
    )


def _confirmed_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    engagement = _engagement_or_404(request, pk)
    perm = {"withdraw": "volunteering.engagement_withdraw", "end": "volunteering.engagement_end"}[action]
    if not _can(request, perm, engagement):
        raise Refused("Vous ne pouvez pas faire cette action sur cet engagement.")
    error = ""
    if request.method == "POST":
        try:
            if action == "withdraw":
                services.engagement_withdraw(engagement=engagement, by=request.user)
                messages.success(request, "Votre candidature est retirée.")
            else:
                services.engagement_end(engagement=engagement, by=request.user)
                messages.success(request, "L'engagement est terminé. Merci pour le temps donné !")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(engagement)
    context = _confirm_context(engagement, action)
    context["error"] = error
    return render(request, T + "confirm.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
@login_required
def engagement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_move(request, pk, "withdraw")


@require_http_methods(["GET", "POST"])
@login_required
def engagement_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirmed_move(request, pk, "end")
