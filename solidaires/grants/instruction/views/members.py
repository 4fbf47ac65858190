"""Committee members' pages (agents or elected officials), under /projets/commissions/."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from solidaires.core.guards import login_required
from solidaires.core.pagination import keyset_paginate
from solidaires.grants.instruction import selectors, services
from solidaires.grants.instruction.forms import (
    ConflictForm,
    ScoreForm,
)
from solidaires.grants.instruction.models import CommitteeSession, CommitteeSessionState
from solidaires.grants.instruction.views.committee import summary_response
from solidaires.grants.instruction.views.common import apply_errors


def _member_session(request: HttpRequest, pk: int) -> CommitteeSession:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    if not rules.has_perm("grants.committee_sit", request.user, session):
        raise Http404
    return session


@login_required
def member_sessions(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        selectors.sessions_for_member(request.user).order_by(),
        ordering=("meets_on", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=30,
    )
    return render(request, "grants/instruction/member_sessions.html", {"page": page, "query": ""})


@login_required
def member_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = _member_session(request, pk)
    data = selectors.session_ranking(session, request.user)
    return render(
        request,
        "grants/instruction/session.html",
        {"session": session, "data": data, "agent_view": False, "states": CommitteeSessionState},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_file(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    from solidaires.grants.instruction.rules import has_conflict

    session = _member_session(request, pk)
    application = get_object_or_404(
        session.applications.select_related("applicant", "applicant__commune", "scheme").prefetch_related(
            "budget_lines", "communes"
        ),
        pk=application_pk,
    )
    criteria = selectors.criteria_of(session.scheme)
    conflicted = has_conflict(request.user, session, application)
    data = selectors.session_ranking(session, request.user)
    row = next(r for r in data["rows"] if r.application.pk == application.pk)
    initial = {f"c_{k}": v for k, v in row.my_scores.items()}
    action = request.POST.get("action")
    score_form = ScoreForm(request.POST if action == "score" else None, criteria=criteria, initial=initial)
    conflict_form = ConflictForm(request.POST if action == "conflict" else None)
    if request.method == "POST" and action == "score" and score_form.is_valid():
        try:
            services.scores_set(
                session=session, application=application, values=score_form.values(), by=request.user
            )
        except ValidationError as exc:
            apply_errors(score_form, exc)
        except PermissionDenied:
            score_form.add_error(
                None, "Vous ne pouvez pas noter ce dossier (conflit d'intérêts ou notation fermée)."
            )
        else:
            messages.success(request, f"Vos notes sur « {application.title} » sont enregistrées.")
            return redirect("grants:committee_session", pk=session.pk)
    if request.method == "POST" and action == "conflict" and conflict_form.is_valid():
        try:
            services.conflict_declare(
                session=session,
                application=application,
                note=conflict_form.cleaned_data["note"],
                by=request.user,
            )
        except PermissionDenied:
            conflict_form.add_error(None, "La séance est clôturée.")
        else:
            messages.success(
                request, "Votre conflit d'intérêts est enregistré : vous ne noterez pas ce dossier."
            )
            return redirect("grants:committee_session", pk=session.pk)
    errors = bool(score_form.errors or conflict_form.errors)
    return render(
        request,
        "grants/instruction/member_file.html",
        {
            "session": session,
            "application": application,
            "score_form": score_form,
            "conflict_form": conflict_form,
            "conflicted": conflicted,
            "can_score": rules.has_perm("grants.committee_score", request.user, session) and not conflicted,
            "row": row,
            "expenses": [b for b in application.budget_lines.all() if b.kind == "expense"],
        },
        status=400 if errors else 200,
    )


@login_required
def member_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = _member_session(request, pk)
    return summary_response(session, request.user)
