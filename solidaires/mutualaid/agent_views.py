"""The agents' moderation queue (/espace-agents/entraide/) and posts made for inhabitants."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import OnBehalfForm, ReasonForm, apply_service_errors
from .models import MutualAidPost, ReportState


def _data(request: HttpRequest) -> Any:
    """The POST data on a POST (even empty, so the form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def agents_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; everyone but agents and admins gets a 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not rules.has_perm("mutualaid.moderate", request.user):
            return render(
                request,
                "mutualaid/forbidden.html",
                {"message": "Cette page est réservée aux agents de l'Agglo."},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


@agents_only
def queue(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("etat", ReportState.OPEN)
    if state not in ReportState.values:
        state = ReportState.OPEN
    page = selectors.report_queue(
        state=state, after=request.GET.get("apres"), before=request.GET.get("avant")
    )
    return render(
        request,
        "mutualaid/agents/queue.html",
        {
            "page": page,
            "state": state,
            "states": ReportState.choices,
            "state_label": ReportState(state).label,
            "query": f"etat={state}" if state != ReportState.OPEN else "",
        },
    )


def _report_or_404(pk: int) -> Any:
    report = selectors.report_for_page(pk)
    if report is None:
        raise Http404
    return report


@agents_only
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    target = selectors.report_target(report)
    context = {
        "report": report,
        "target": target,
        "target_kind": report.target_type.app_label + "." + report.target_type.model,
        "history": selectors.report_history(report),
        "can_hide": target is not None and hasattr(target, "hidden_at") and target.hidden_at is None,
    }
    return render(request, "mutualaid/agents/report.html", context)


ACTIONS: dict[str, dict[str, str]] = {
    "masquer": {
        "title": "Masquer le contenu",
        "label": "Motif du masquage",
        "help": "L'auteur ou l'autrice le verra sur sa page et le recevra par e-mail.",
        "button": "Masquer le contenu",
        "done": "Le contenu est masqué ; son auteur ou autrice voit le motif.",
    },
    "avertir": {
        "title": "Avertir la personne",
        "label": "Texte de l'avertissement",
        "help": "Envoyé par e-mail à la personne, sans dire qui l'a signalée.",
        "button": "Envoyer l'avertissement",
        "done": "L'avertissement est envoyé et noté dans l'historique.",
    },
    "suspendre": {
        "title": "Suspendre le compte",
        "label": "Motif de la suspension",
        "help": "La personne ne pourra plus se connecter. Un agent pourra rétablir le compte.",
        "button": "Suspendre le compte",
        "done": "Le compte est suspendu.",
    },
    "classer": {
        "title": "Classer sans suite",
        "label": "Note (facultative)",
        "help": "Pour l'historique : pourquoi rien n'est à faire.",
        "button": "Classer sans suite",
        "done": "Le signalement est classé sans suite.",
    },
}


@agents_only
@require_http_methods(["GET", "POST"])
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One page per action: it explains, asks for the reason, and is the confirmation."""
    if action not in ACTIONS:
        raise Http404
    report = _report_or_404(pk)
    target = selectors.report_target(report)
    spec = ACTIONS[action]
    form = ReasonForm(
        _data(request), label=spec["label"], help_text=spec["help"], required=action != "classer"
    )
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == "masquer":
                if target is None:
                    raise ValidationError("Ce contenu n'existe plus.")
                services.content_hide(target=target, by=request.user, reason=reason, report=report)
            elif action == "avertir":
                services.user_warn(user=report.reported_user, by=request.user, message=reason, report=report)
            elif action == "suspendre":
                services.user_suspend(
                    user=report.reported_user, by=request.user, reason=reason, report=report
                )
            else:
                services.report_dismiss(report=report, by=request.user, note=reason)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for errors in exc.error_dict.values():
                    form.add_error("reason", errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, spec["done"])
            return redirect("mutualaid_agents:report", pk=report.pk)
    return render(
        request,
        "mutualaid/agents/action.html",
        {"report": report, "target": target, "form": form, "spec": spec, "action": action},
        status=400 if form.errors else 200,
    )


@agents_only
def suspended(request: HttpRequest) -> HttpResponse:
    from solidaires.core.pagination import keyset_paginate

    page = keyset_paginate(
        selectors.suspended_users(),
        ordering=("email",),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=50,
    )
    return render(request, "mutualaid/agents/suspended.html", {"page": page, "query": ""})


@agents_only
@require_http_methods(["GET", "POST"])
def reinstate(request: HttpRequest, user_pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=user_pk, is_active=False)
    form = ReasonForm(
        _data(request),
        label="Pourquoi rétablir ce compte ?",
        help_text="Noté dans l'historique et envoyé par e-mail à la personne.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_reinstate(user=person, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Le compte de {person} est rétabli.")
            return redirect("mutualaid_agents:suspended")
    return render(
        request,
        "mutualaid/agents/reinstate.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@agents_only
@require_http_methods(["GET", "POST"])
def unhide_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(MutualAidPost.objects.select_related("commune"), pk=pk, hidden_at__isnull=False)
    form = ReasonForm(
        _data(request), label="Pourquoi rétablir cette annonce ?", help_text="Pour l'historique."
    )
    if request.method == "POST" and form.is_valid():
        services.content_unhide(target=post, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "L'annonce est de nouveau visible.")
        return redirect(post)
    return render(
        request,
        "mutualaid/agents/unhide.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


@agents_only
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
