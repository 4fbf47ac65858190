"""Applicants' final report and decision letters; the public page of funded projects."""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import Refused, login_required
from solidaires.core.pagination import keyset_paginate
from solidaires.grants.applications.models import Application
from solidaires.grants.instruction import selectors, services
from solidaires.grants.instruction.forms import (
    FinalReportForm,
    FundedFilterForm,
)
from solidaires.grants.instruction.models import Decision, FinalReport
from solidaires.grants.instruction.views.common import apply_errors, commune_list
from solidaires.grants.instruction.views.files import letter_response


def _applicant_file(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("scheme", "applicant"), pk=pk)
    if not rules.has_perm("grants.view_application", request.user, application):
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def final_report(request: HttpRequest, pk: int) -> HttpResponse:
    application = _applicant_file(request, pk)
    report = get_object_or_404(FinalReport.objects.select_related("application"), application=application)
    if not rules.has_perm("grants.report_view", request.user, report):
        raise Http404
    can_submit = rules.has_perm("grants.report_submit", request.user, report)
    initial = {
        "lines": "\n".join(
            f"{line.get('label', '')} ; {int(line.get('amount_cents', 0)) / 100:.2f}".replace(".", ",")
            for line in report.realised_budget or []
        ),
        "participants": report.participants,
        "outcomes": report.outcomes,
    }
    form = FinalReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if not can_submit:
            # Decision 1102: the person sees the report, so 403 says why.
            raise Refused(
                "Ce bilan ne peut pas être envoyé : il a déjà été envoyé, ou seul le porteur du "
                "dossier peut le remplir."
            )
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.final_report_submit(
                    report=report,
                    realised_budget=data["lines"],
                    participants=data["participants"],
                    outcomes=data["outcomes"],
                    photos=[(photo, "") for photo in data["photos"]],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Merci ! Votre bilan est envoyé : un agent va le relire.")
                return redirect("grants:report", pk=application.pk)
    return render(
        request,
        "grants/instruction/final_report.html",
        {"application": application, "report": report, "form": form, "can_submit": can_submit},
        status=400 if form.errors else 200,
    )


@login_required
def applicant_letter(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    application = _applicant_file(request, pk)
    decision = get_object_or_404(
        Decision.objects.select_related("application__scheme", "application__applicant"),
        pk=decision_pk,
        application=application,
    )
    return letter_response(decision)


def funded(request: HttpRequest) -> HttpResponse:
    form = FundedFilterForm(request.GET or None, communes=commune_list())
    scheme, year, commune = "", None, ""
    if form.is_bound and form.is_valid():
        scheme = form.cleaned_data["scheme"] or ""
        year = form.cleaned_data["year"]
        commune = form.cleaned_data["commune"] or ""
    page = keyset_paginate(
        selectors.funded_projects(scheme=scheme, year=year, commune=commune).filter(~Q(amount_cents=0)),
        ordering=("decided_at", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=30,
    )
    query = urlencode([(k, v) for k, v in request.GET.items() if k not in {"apres", "avant"} and v])
    return render(request, "grants/instruction/funded.html", {"form": form, "page": page, "query": query})
