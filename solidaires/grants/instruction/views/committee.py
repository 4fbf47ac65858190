"""Committee sessions managed by agents: creation, state, members, decisions, summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import agent_required
from solidaires.core.pagination import keyset_paginate
from solidaires.core.pdf import pdf_filename
from solidaires.grants.instruction import letters, selectors, services
from solidaires.grants.instruction.forms import (
    DecisionForm,
    SessionForm,
)
from solidaires.grants.instruction.models import CommitteeMember, CommitteeSession, CommitteeSessionState
from solidaires.grants.instruction.views.common import apply_errors, error_message


@agent_required
def sessions(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        CommitteeSession.objects.select_related("scheme"),
        ordering=("meets_on", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=30,
    )
    return render(request, "grants/instruction/sessions.html", {"page": page, "query": ""})


@agent_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    form = SessionForm(
        request.POST or None,
        candidates=selectors.committee_candidates(),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                scheme=data["scheme"],
                year=data["year"],
                meets_on=data["meets_on"],
                name=data["name"],
                members=list(data["members"]),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Séance « {session.name} » créée.")
            return redirect("grants_agents:session", pk=session.pk)
    return render(
        request, "grants/instruction/session_form.html", {"form": form}, status=400 if form.errors else 200
    )


@agent_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    data = selectors.session_ranking(session, request.user)
    seated = {m.user_id for m in data["members"]}
    return render(
        request,
        "grants/instruction/session.html",
        {
            "session": session,
            "data": data,
            "agent_view": True,
            "states": CommitteeSessionState,
            "candidates": [u for u in selectors.committee_candidates() if u.pk not in seated],
        },
    )


@agent_required
@require_POST
def session_state(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    try:
        services.session_set_state(session=session, state=request.POST.get("state", ""), by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, f"Séance : {session.get_state_display()}.")
    return redirect("grants_agents:session", pk=session.pk)


@agent_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    application = get_object_or_404(session.applications.select_related("applicant"), pk=application_pk)
    data = selectors.session_ranking(session, request.user)
    row = next((r for r in data["rows"] if r.application.pk == application.pk), None)
    proposed = row.ranked.proposed_cents if row and row.ranked else None
    initial: dict[str, Any] = {}
    if proposed is not None and 0 < proposed < application.amount_requested_cents:
        from solidaires.grants.applications.budget import euros

        initial = {"outcome": "granted_partial", "amount": euros(proposed).replace("\u00a0€", "")}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(
                application=application,
                session=session,
                outcome=form.cleaned_data["outcome"],
                amount_cents=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Cette séance est clôturée : la décision ne peut plus être enregistrée.")
        else:
            messages.success(
                request, f"Décision enregistrée : {decision.get_outcome_display()}. Le courrier est envoyé."
            )
            return redirect("grants_agents:session", pk=session.pk)
    return render(
        request,
        "grants/instruction/decision_form.html",
        {
            "session": session,
            "application": application,
            "form": form,
            "row": row,
            "figures": data["figures"],
        },
        status=400 if form.errors else 200,
    )


def summary_response(session: CommitteeSession, user: Any) -> HttpResponse:
    from solidaires.grants.applications.budget import euros

    data = selectors.session_ranking(session, user)
    figures = data["figures"]
    envelope = {
        "envelope": euros(figures["envelope"]) if figures["envelope"] is not None else None,
        "committed": euros(figures["committed"] or 0),
        "left": euros(figures["left"]) if figures["left"] is not None else None,
        "after": euros(data["after"]) if data["after"] is not None else None,
    }
    pdf = letters.session_summary(session, selectors.summary_rows(data), envelope)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename("synthese-" + session.name)}"'
    return response


@agent_required
def session_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    return summary_response(session, request.user)


@agent_required
@require_POST
def session_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    user = selectors.committee_candidates().filter(pk=request.POST.get("user") or 0).first()
    if user is None:
        messages.error(request, "Choisissez un agent ou un élu dans la liste.")
    else:
        try:
            services.session_member_add(session=session, user=user, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, f"{user} siège désormais à cette séance.")
    return redirect("grants_agents:session", pk=session.pk)


@agent_required
@require_http_methods(["GET", "POST"])
def session_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    member = get_object_or_404(CommitteeMember.objects.select_related("user"), pk=member_pk, session=session)
    error = ""
    if request.method == "POST":
        try:
            services.session_member_remove(member=member, by=request.user)
        except ValidationError as exc:
            error = error_message(exc)
        else:
            messages.success(request, f"{member.user} ne siège plus à cette séance.")
            return redirect("grants_agents:session", pk=session.pk)
    return render(
        request,
        "grants/instruction/member_remove.html",
        {"session": session, "member": member, "error": error},
        status=400 if error else 200,
    )
