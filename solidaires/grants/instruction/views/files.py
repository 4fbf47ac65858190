"""One file seen by agents: examination, pieces, committee, payments, final report, letters."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import agent_required
from solidaires.core.models import AuditEntry
from solidaires.core.pdf import pdf_filename
from solidaires.grants.applications.models import Application
from solidaires.grants.instruction import letters, selectors, services
from solidaires.grants.instruction.forms import (
    AssignForm,
    NoteForm,
    PaidForm,
    PieceRequestForm,
    ReasonForm,
    SendToCommitteeForm,
)
from solidaires.grants.instruction.models import ChecklistItem, Decision, FinalReport, Payment
from solidaires.grants.instruction.views.common import (
    agent_file_url,
    apply_errors,
    error_message,
    get_file,
)


def _file_context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    selectors.annotate_ages([application])
    budget = list(application.budget_lines.all())
    report = FinalReport.objects.filter(application=application).prefetch_related("photos").first()
    context = {
        "application": application,
        "checks": selectors.eligibility(application),
        "expenses": [line for line in budget if line.kind == "expense"],
        "income": [line for line in budget if line.kind == "income"],
        "notes": application.internal_notes.select_related("author").all()[:50],
        "checklist": list(application.checklist_items.all()),
        "piece_requests": list(application.piece_requests.all()),
        "payments": list(application.payments.all()),
        "decisions": list(application.decisions.all()),
        "report": report,
        "events": list(application.events.select_related("actor").order_by("-at", "-id")[:8]),
        "sessions": selectors.open_sessions_for(application),
        "note_form": NoteForm(),
        "assign_form": AssignForm(
            agents=selectors.agents(), initial={"agent": application.assigned_agent_id}
        ),
        "committee_form": SendToCommitteeForm(sessions=selectors.open_sessions_for(application)),
        "can_instruct": rules.has_perm("grants.instruction_checklist", request.user, application),
        "document_url_name": _document_url_name(),
    }
    context.update(extra)
    return context


def _document_url_name() -> str | None:
    """The applicant side's permission-checked download view, when it is mounted."""
    from django.urls import NoReverseMatch

    for name in ("grants:document_download", "grants:vault_download", "grants:document"):
        try:
            reverse(name, kwargs={"pk": 1})
        except NoReverseMatch:
            continue
        return name
    return None


@agent_required
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_file(pk)
    return render(request, "grants/instruction/file.html", _file_context(request, application))


@agent_required
@require_POST
def file_start(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    try:
        services.application_start_instruction(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, "L'examen du dossier commence. La liste de complétude est prête.")
    return redirect(agent_file_url(application))


@agent_required
@require_POST
def file_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    form = AssignForm(request.POST, agents=selectors.agents())
    if form.is_valid():
        services.applications_assign(
            applications=[application], agent=form.cleaned_data["agent"], by=request.user
        )
        messages.success(request, "Agent référent enregistré.")
    else:
        messages.error(request, "Choisissez un agent de la liste.")
    return redirect(agent_file_url(application))


@agent_required
@require_POST
def file_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_file(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.internal_note_add(
                application=application, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Note interne enregistrée.")
            return redirect(agent_file_url(application) + "#notes")
    return render(
        request,
        "grants/instruction/file.html",
        _file_context(request, application, note_form=form),
        status=400,
    )


@agent_required
@require_POST
def checklist_set(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(
        ChecklistItem.objects.select_related("application"), pk=item_pk, application_id=pk
    )
    value = {"oui": True, "non": False}.get(request.POST.get("is_ok", ""))
    try:
        services.checklist_item_set(item=item, is_ok=value, by=request.user)
    except PermissionDenied:
        messages.error(request, "La liste de complétude ne se modifie plus à ce stade du dossier.")
    return redirect(agent_file_url(item.application) + "#completude")


@agent_required
@require_http_methods(["GET", "POST"])
def pieces_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_file(pk)
    form = PieceRequestForm(request.POST or None)
    form.fields["document_kinds"].queryset = application.scheme.required_documents.all()  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            services.pieces_request(
                application=application,
                message=form.cleaned_data["message"],
                due_on=form.cleaned_data["due_on"],
                document_kinds=list(form.cleaned_data["document_kinds"]),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Des pièces ne peuvent plus être demandées à ce stade du dossier.")
        else:
            messages.success(request, "La demande est envoyée au porteur de projet ; le délai est suspendu.")
            return redirect(agent_file_url(application))
    return render(
        request,
        "grants/instruction/pieces_request.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


@agent_required
@require_http_methods(["GET", "POST"])
def declare_ineligible(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_file(pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_declare_ineligible(
                application=application, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Ce dossier ne peut plus être déclaré non recevable.")
        else:
            messages.success(
                request, "Le dossier est déclaré non recevable ; le porteur de projet est prévenu."
            )
            return redirect(agent_file_url(application))
    return render(
        request,
        "grants/instruction/confirm_reason.html",
        {
            "application": application,
            "form": form,
            "title": f"Déclarer le dossier {application.number} non recevable ?",
            "lead": "Le porteur de projet reçoit le motif par e-mail. Cette décision met fin à l'examen du dossier.",
            "button": "Déclarer non recevable",
        },
        status=400 if form.errors else 200,
    )


@agent_required
@require_POST
def send_to_committee(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_file(pk)
    form = SendToCommitteeForm(request.POST, sessions=selectors.open_sessions_for(application))
    if not form.is_valid():
        messages.error(request, "Choisissez une séance du comité ouverte pour ce dispositif.")
        return redirect(agent_file_url(application))
    try:
        services.application_send_to_committee(
            application=application, session=form.cleaned_data["session"], by=request.user
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, f"Le dossier est inscrit à « {form.cleaned_data['session']} ».")
    return redirect(agent_file_url(application))


@agent_required
def file_history(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("scheme", "applicant"), pk=pk)
    events = application.events.select_related("actor").order_by("at", "id")
    audit = AuditEntry.objects.filter(
        target_type="grants.application", target_id=str(application.pk)
    ).select_related("actor")[:300]
    return render(
        request,
        "grants/instruction/history.html",
        {"application": application, "events": events, "audit": audit},
    )


@agent_required
@require_http_methods(["GET", "POST"])
def payment_paid(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    payment = get_object_or_404(
        Payment.objects.select_related("application"), pk=payment_pk, application_id=pk
    )
    form = PaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_mark_paid(payment=payment, paid_on=form.cleaned_data["paid_on"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Ce versement n'est pas encore dû ou a déjà été fait.")
        else:
            messages.success(request, f"{payment.label} : versement enregistré.")
            return redirect(agent_file_url(payment.application) + "#versements")
    return render(
        request,
        "grants/instruction/payment_paid.html",
        {"payment": payment, "application": payment.application, "form": form},
        status=400 if form.errors else 200,
    )


@agent_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        FinalReport.objects.select_related("application__scheme", "application__applicant").prefetch_related(
            "photos"
        ),
        application_id=pk,
    )
    form = ReasonForm(request.POST or None) if request.POST.get("action") == "reject" else ReasonForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                services.final_report_approve(report=report, by=request.user)
                messages.success(request, "Bilan validé : le solde est à verser.")
                return redirect(agent_file_url(report.application) + "#versements")
            if form.is_valid():
                services.final_report_reject(
                    report=report, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, "Le porteur de projet est invité à compléter son bilan.")
                return redirect(agent_file_url(report.application))
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            if form.is_bound:
                form.add_error(None, "Ce bilan n'attend pas de validation.")
            else:  # approving sends no reason: the form is unbound and takes no error
                messages.error(request, "Ce bilan n'attend pas de validation.")
    spent = sum(int(line.get("amount_cents", 0)) for line in report.realised_budget or [])
    return render(
        request,
        "grants/instruction/report_review.html",
        {"report": report, "application": report.application, "form": form, "spent": spent},
        status=400 if form.errors else 200,
    )


@agent_required
@require_POST
def file_close(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    try:
        services.application_close(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, "Le dossier est clos.")
    return redirect(agent_file_url(application))


def letter_response(decision: Decision) -> HttpResponse:
    pdf = letters.decision_letter(decision)
    services.decision_letter_mark(decision)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = pdf_filename(f"decision-{decision.application.number or decision.application_id}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@agent_required
def agent_letter(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("application__scheme", "application__applicant"),
        pk=decision_pk,
        application_id=pk,
    )
    return letter_response(decision)
