"""The agents' moderation queue (/espace-agents/entraide/) and the report page of any content
(/entraide/signaler/<kind>/<pk>/): thin views over the services and selectors."""

from __future__ import annotations

from typing import Any

import rules
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import Refused, agent_required, login_required
from solidaires.core.pagination import keyset_paginate

from . import selectors, services
from .forms import ContestDecisionForm, ContestForm, ReasonForm, ReportForm, apply_service_errors
from .models import ReportState
from .registry import Reportable, reportable_by_kind, reportable_for


def _data(request: HttpRequest) -> Any:
    """The POST data on a POST (even empty, so the form shows its errors), else None."""
    return request.POST if request.method == "POST" else None


# The report page of any content ------------------------------------------------------------


def report_page(request: HttpRequest, target: Any, what: str, back_url: str) -> HttpResponse:
    """Ask for the reason and send the report (domains' own report pages call it too)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.has_perm("moderation.add_report", request.user):
        raise Refused(back_url=back_url)
    responsible = services.responsible_user(target)
    if responsible is not None and responsible.pk == request.user.pk:
        raise Refused("Vous ne pouvez pas signaler votre propre contenu.", back_url=back_url)
    form = ReportForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                by=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, "Merci. Votre signalement est transmis aux agents de l'Agglo, qui vont l'examiner."
            )
            return redirect(back_url)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "what": what, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def report_content(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report anything a domain registered as reportable (messages, missions, offers…)."""
    reportable: Reportable | None = reportable_by_kind(kind)
    if reportable is None:
        raise Http404
    target: Any = apps.get_model(reportable.label)._default_manager.filter(pk=pk).first()
    if target is None:
        raise Http404
    own_page = reportable.report_url(target)
    if own_page:
        return redirect(own_page)
    if reportable.private and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not reportable.visible_to(request.user, target):
        raise Http404
    return report_page(request, target, reportable.what, reportable.link(target) or "/")


# The agents' queue ------------------------------------------------------------------------


@agent_required
def queue(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("etat", ReportState.OPEN)
    if state not in ReportState.values:
        state = ReportState.OPEN
    page = selectors.report_queue(
        state=state, after=request.GET.get("apres"), before=request.GET.get("avant")
    )
    return render(
        request,
        "moderation/agents/queue.html",
        {
            "page": page,
            "state": state,
            "states": ReportState.choices,
            "state_label": ReportState(state).label,
            "query": f"etat={state}" if state != ReportState.OPEN else "",
            "contests": selectors.open_contests(),
        },
    )


def _report_or_404(pk: int) -> Any:
    report = selectors.report_for_page(pk)
    if report is None:
        raise Http404
    return report


def _can_hide(target: Any) -> bool:
    reportable = reportable_for(target) if target is not None else None
    return bool(
        reportable is not None
        and reportable.hideable
        and hasattr(target, "hidden_at")
        and target.hidden_at is None
    )


@agent_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(pk)
    target = selectors.report_target(report)
    context = {
        "report": report,
        "target": target,
        "target_template": selectors.target_template(report),
        "history": selectors.report_history(report),
        "can_hide": _can_hide(target),
    }
    return render(request, "moderation/agents/report.html", context)


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


@agent_required
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
            return redirect("moderation_agents:report", pk=report.pk)
    return render(
        request,
        "moderation/agents/action.html",
        {
            "report": report,
            "target": target,
            "target_template": selectors.target_template(report),
            "form": form,
            "spec": spec,
            "action": action,
        },
        status=400 if form.errors else 200,
    )


@agent_required
def suspended(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        selectors.suspended_users(),
        ordering=("email",),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=50,
    )
    return render(request, "moderation/agents/suspended.html", {"page": page, "query": ""})


@agent_required
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
            return redirect("moderation_agents:suspended")
    return render(
        request,
        "moderation/agents/reinstate.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


# Contesting a decision (decision 1120) ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contest(request: HttpRequest, pk: int) -> HttpResponse:
    """The person a decision is about reads it, contests it, and later reads the outcome.
    Anybody else gets a 404: a decision about someone is private."""
    action = selectors.action_for_contest(pk, request.user)
    if action is None:
        raise Http404
    existing = selectors.contest_of(action)
    problem = "" if existing else services.contest_problem(action=action)
    form = ContestForm(_data(request)) if existing is None and not problem else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, problem or "Vous avez déjà contesté cette décision.")
            status = 400
        elif form.is_valid():
            try:
                services.contest_create(action=action, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    "Votre contestation est envoyée. Un agent de l'Agglo va réexaminer la décision ; "
                    "vous recevrez sa réponse par e-mail.",
                )
                return redirect("moderation:contest", pk=action.pk)
        if form is not None and form.errors:
            status = 400
    target = services.action_target(action)
    reportable = reportable_for(target) if target is not None else None
    return render(
        request,
        "moderation/contest.html",
        {
            "action": action,
            "contest": existing,
            "problem": problem,
            "form": form,
            "target": target,
            "target_link": reportable.link(target) if reportable is not None else None,
            "deadline": services.contest_deadline(action),
        },
        status=status,
    )


@agent_required
@require_http_methods(["GET", "POST"])
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent reads the contest with the author's text and upholds or reverses the decision."""
    item = selectors.contest_for_page(pk)
    if item is None:
        raise Http404
    form = ContestDecisionForm(_data(request)) if item.is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "Cette contestation a déjà reçu une réponse.")
        elif form.is_valid():
            try:
                services.contest_decide(
                    contest=item,
                    by=request.user,
                    reverse=form.cleaned_data["outcome"] == "annuler",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Votre réponse est enregistrée et envoyée à la personne.")
                return redirect("moderation_agents:contest", pk=item.pk)
    target = services.action_target(item.action)
    reportable = reportable_for(target) if target is not None else None
    return render(
        request,
        "moderation/agents/contest.html",
        {
            "contest": item,
            "form": form,
            "target": target,
            "target_template": reportable.template
            if reportable
            else "moderation/agents/_target_default.html",
        },
        status=400 if request.method == "POST" and (form is None or form.errors) else 200,
    )
