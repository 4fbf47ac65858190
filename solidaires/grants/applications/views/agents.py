"""Agents' pages of the applicant side (/espace-agents/subventions/): schemes, calls,
envelopes, and files started on behalf of an inhabitant met at a permanence."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import agent_required
from solidaires.core.links import absolute_url
from solidaires.grants.applications import selectors, services
from solidaires.grants.applications.forms import (
    CallForm,
    EnvelopeForm,
    OnBehalfForm,
    SchemeForm,
    apply_service_errors,
)
from solidaires.grants.applications.models import Applicant, Call, Scheme

SESSION_CODE_KEY = "grants_handover_code"


@agent_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/agents/schemes.html",
        {"schemes": list(selectors.schemes_for_agents()), "now": timezone.now()},
    )


@agent_required
@require_http_methods(["GET", "POST"])
def scheme_create(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Le dispositif « {scheme.name} » est créé.")
            return redirect("grants_agents:schemes")
    return render(request, "grants/agents/scheme_form.html", {"form": form, "scheme": None})


@agent_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, pk=pk)
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(scheme=scheme, by=request.user, data=form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect("grants_agents:schemes")
    return render(request, "grants/agents/scheme_form.html", {"form": form, "scheme": scheme})


@agent_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, pk=pk)
    form = CallForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            services.call_create(scheme=scheme, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "L'appel à projets est créé.")
            return redirect("grants_agents:schemes")
    return render(request, "grants/agents/call_form.html", {"form": form, "scheme": scheme, "call": None})


@agent_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("scheme"), pk=pk)
    initial = {
        "name": call.name,
        "year": call.year,
        "opens_at": timezone.localtime(call.opens_at),
        "closes_at": timezone.localtime(call.closes_at),
        "committee_on": call.committee_on,
    }
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_update(call=call, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "L'appel à projets est modifié.")
            return redirect("grants_agents:schemes")
    return render(
        request, "grants/agents/call_form.html", {"form": form, "scheme": call.scheme, "call": call}
    )


@agent_required
@require_http_methods(["GET", "POST"])
def envelope_set(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme, pk=pk)
    form = EnvelopeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        services.scheme_year_set(
            scheme=scheme,
            by=request.user,
            year=form.cleaned_data["year"],
            envelope_cents=form.cleaned_data["envelope"],
        )
        messages.success(request, "L'enveloppe est enregistrée.")
        return redirect("grants_agents:schemes")
    return render(
        request,
        "grants/agents/envelope_form.html",
        {"form": form, "scheme": scheme, "years": list(scheme.years.order_by("-year"))},
    )


@agent_required
@require_http_methods(["GET", "POST"])
def on_behalf_start(request: HttpRequest) -> HttpResponse:
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scheme, call = form.fields["offer"].scheme_and_call(data["offer"])  # type: ignore[attr-defined]
        try:
            application, code = services.on_behalf_start(
                by=request.user,
                kind=data["kind"],
                name=data["name"] or (data["association"].name if data["association"] else ""),
                email=data["email"],
                commune=data["commune"],
                association=data["association"],
                consent_method=data["consent_method"],
                scheme=scheme,
                call=call,
                title=data["title"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            # Shown once on the next page, never stored in clear.
            request.session[SESSION_CODE_KEY] = {"applicant": application.applicant_id, "code": code}
            messages.success(request, "Le dossier est créé. Remettez le code à la personne.")
            return redirect("grants_agents:handover_sheet", pk=application.applicant_id)
    return render(request, "grants/agents/on_behalf_form.html", {"form": form})


@agent_required
@require_http_methods(["GET", "POST"])
def handover_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    applicant = get_object_or_404(Applicant, pk=pk)
    if request.method == "POST":
        if not rules.has_perm("grants.hand_over", request.user, applicant):
            messages.error(request, "Ce dossier a déjà été remis à la personne.")
            return redirect("grants_agents:handover_sheet", pk=pk)
        new_code = services.handover_new_code(applicant=applicant, by=request.user)
        request.session[SESSION_CODE_KEY] = {"applicant": applicant.pk, "code": new_code}
        return redirect("grants_agents:handover_sheet", pk=pk)
    shown = request.session.pop(SESSION_CODE_KEY, None)
    code: str | None = shown["code"] if shown and shown.get("applicant") == applicant.pk else None
    link = None
    if code:
        link = absolute_url(reverse("grants:handover_claim_code", kwargs={"code": code}))
    applications = list(applicant.applications.select_related("scheme").order_by("-created_at"))
    return render(
        request,
        "grants/agents/handover_sheet.html",
        {"applicant": applicant, "code": code, "link": link, "applications": applications},
    )


__all__ = ["require_POST"]
