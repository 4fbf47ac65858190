"""An application: the steps of the draft, autosave, the file's page, its acknowledgement,
withdrawal, pieces supplied and messages."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.guards import Refused, login_required
from solidaires.grants.applications import selectors, services
from solidaires.grants.applications.budget import EXPENSE, INCOME, euros
from solidaires.grants.applications.forms import (
    AttachForm,
    BudgetRowFormSet,
    ProjectForm,
    RequestedAmountForm,
    StartForm,
    WithdrawForm,
    apply_service_errors,
)
from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.applications.pdf_ack import acknowledgement_pdf
from solidaires.grants.applications.views.common import (
    application_or_404,
)
from solidaires.grants.instruction.models import PieceRequest

STEPS = (
    (1, "Le projet"),
    (2, "Le budget"),
    (3, "Les pièces"),
    (4, "Vérifier et déposer"),
)


BUDGET_EXTRA_ROWS = 3


@require_http_methods(["GET", "POST"])
@login_required
def application_start(request: HttpRequest) -> HttpResponse:
    spaces = selectors.applicant_spaces(request.user)
    form = StartForm(
        request.POST or None,
        spaces=spaces,
        scheme_code=request.GET.get("dispositif", ""),
        space_ref=request.GET.get("espace", ""),
    )
    if request.method == "POST" and form.is_valid():
        scheme, call = form.fields["offer"].scheme_and_call(form.cleaned_data["offer"])  # type: ignore[attr-defined]
        try:
            if form.cleaned_data["space"] == "me":
                applicant = services.applicant_person_space(user=request.user)
            else:
                applicant = next(s for s in spaces if str(s.pk) == form.cleaned_data["space"])
            application = services.application_create(
                by=request.user,
                applicant=applicant,
                scheme=scheme,
                call=call,
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Le brouillon est créé. Il est enregistré à chaque étape.")
            return redirect("grants:application_step", pk=application.pk, step=1)
    return render(
        request,
        "grants/start.html",
        {"form": form, "has_offers": len(form.fields["offer"].choices) > 1},  # type: ignore[attr-defined]
    )


def _step_context(application: Application, step: int, **extra: Any) -> dict[str, Any]:
    return {
        "application": application,
        "steps": STEPS,
        "step": step,
        "step_label": dict(STEPS)[step],
        "autosave_url": reverse("grants:application_autosave", kwargs={"pk": application.pk}),
        **extra,
    }


def _editable_or_response(request: HttpRequest, pk: int) -> Application | HttpResponse:
    application = application_or_404(request, str(pk))
    if application.state != ApplicationState.DRAFT:
        messages.info(request, "Ce dossier est déposé : il ne peut plus être modifié.")
        return redirect(application)
    if not rules.has_perm("grants.change_application", request.user, application):
        raise Refused()
    return application


@require_http_methods(["GET", "POST"])
@login_required
def application_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    application = _editable_or_response(request, pk)
    if isinstance(application, HttpResponse):
        return application
    handler = {1: _step_project, 2: _step_budget, 3: _step_documents, 4: _step_review}.get(step)
    if handler is None:
        raise Http404
    return handler(request, application)


def _go_on(request: HttpRequest, application: Application, step: int) -> HttpResponse:
    if "enregistrer" in request.POST:
        messages.success(request, "Brouillon enregistré.")
        return redirect("grants:application_step", pk=application.pk, step=step)
    return redirect("grants:application_step", pk=application.pk, step=min(step + 1, 4))


def _step_project(request: HttpRequest, application: Application) -> HttpResponse:
    initial = {
        "title": application.title,
        "summary": application.summary,
        "audience": application.audience,
        "public_description": application.public_description,
        "communes": list(application.communes.values_list("pk", flat=True)),
        "themes": list(application.themes.values_list("pk", flat=True)),
        "starts_on": application.starts_on,
        "ends_on": application.ends_on,
    }
    draft = (application.draft_data or {}).get("projet")
    restored = False
    if request.method == "POST":
        form = ProjectForm(request.POST)
        if form.is_valid():
            try:
                services.application_update_project(
                    application=application, by=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return _go_on(request, application, 1)
    elif draft:
        form = ProjectForm(_draft_querydict(draft))
        restored = True
    else:
        form = ProjectForm(initial=initial)
    return render(
        request, "grants/step_project.html", _step_context(application, 1, form=form, restored=restored)
    )


def _draft_querydict(draft: dict[str, Any]) -> Any:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in draft.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def _budget_forms(request: HttpRequest, application: Application) -> tuple[Any, Any, Any, bool]:
    draft = (application.draft_data or {}).get("budget")
    if request.method == "POST":
        data: Any = request.POST
    elif draft:
        data = _draft_querydict(draft)
    else:
        data = None
    if data is not None:
        extra = BUDGET_EXTRA_ROWS if "ajouter" in data else 0
        expenses = BudgetRowFormSet(data, prefix="depenses")
        income = BudgetRowFormSet(data, prefix="recettes")
        requested = RequestedAmountForm(data)
        if extra and request.method == "POST":
            expenses = _with_extra_rows(expenses, data, "depenses")
            income = _with_extra_rows(income, data, "recettes")
        return expenses, income, requested, draft is not None and request.method != "POST"
    lines = list(application.budget_lines.all())
    expense_rows = [{"label": ln.label, "amount": ln.amount_cents} for ln in lines if ln.kind == EXPENSE]
    income_rows = [
        {"label": ln.label, "amount": ln.amount_cents}
        for ln in lines
        if ln.kind == INCOME and not ln.is_requested_grant
    ]
    requested_cents = next((ln.amount_cents for ln in lines if ln.is_requested_grant), None)
    expenses = BudgetRowFormSet(prefix="depenses", initial=expense_rows + [{}] * BUDGET_EXTRA_ROWS)
    income = BudgetRowFormSet(prefix="recettes", initial=income_rows + [{}] * BUDGET_EXTRA_ROWS)
    expenses.extra = 0
    income.extra = 0
    requested = RequestedAmountForm(initial={"requested": requested_cents})
    return expenses, income, requested, False


def _with_extra_rows(formset: Any, data: Any, prefix: str) -> Any:
    """Re-bind a formset with BUDGET_EXTRA_ROWS more empty rows (the "add lines" button)."""
    mutable = data.copy()
    total = int(mutable.get(f"{prefix}-TOTAL_FORMS", "0") or 0)
    mutable[f"{prefix}-TOTAL_FORMS"] = str(min(total + BUDGET_EXTRA_ROWS, 40))
    return BudgetRowFormSet(mutable, prefix=prefix)


def _rows(formset: Any, kind: str) -> list[tuple[str, str, int]]:
    rows = []
    for form in formset.forms:
        label = (form.cleaned_data.get("label") or "").strip()
        amount = form.cleaned_data.get("amount")
        if label and amount:
            rows.append((kind, label, amount))
    return rows


def _step_budget(request: HttpRequest, application: Application) -> HttpResponse:
    expenses, income, requested, restored = _budget_forms(request, application)
    rule_errors: list[str] = []
    if request.method == "POST" and "ajouter" not in request.POST:
        if expenses.is_valid() and income.is_valid() and requested.is_valid():
            lines = services.vault_budget_lines_from_form(
                _rows(expenses, EXPENSE) + _rows(income, INCOME), requested.cleaned_data.get("requested")
            )
            rule_errors = services.application_set_budget(
                application=application, by=request.user, lines=lines
            )
            if not rule_errors and "enregistrer" not in request.POST:
                return redirect("grants:application_step", pk=application.pk, step=3)
            messages.success(request, "Budget enregistré.") if not rule_errors else None
            return redirect(
                reverse("grants:application_step", kwargs={"pk": application.pk, "step": 2})
                + ("?verifier=1" if rule_errors else "")
            )
    elif request.method == "GET" and application.budget_lines.exists():
        rule_errors = services.budget_errors(application)
    scheme = application.scheme
    return render(
        request,
        "grants/step_budget.html",
        _step_context(
            application,
            2,
            expenses=expenses,
            income=income,
            requested=requested,
            rule_errors=rule_errors,
            restored=restored,
            ceiling=euros(scheme.ceiling_cents) if scheme.ceiling_cents else "",
            share=scheme.max_share_percent,
            field_errors=any(f.errors for fs in (expenses, income) for f in fs.forms)
            or bool(requested.errors),
        ),
    )


def _step_documents(request: HttpRequest, application: Application) -> HttpResponse:
    applicant = application.applicant
    documents = list(selectors.vault_documents(applicant))
    attached = {a.kind_id: a for a in application.attachments.select_related("vault_document", "kind")}
    if request.method == "POST":
        form = AttachForm(request.POST, documents=documents)
        if form.is_valid():
            document = next(d for d in documents if d.pk == form.cleaned_data["document"])
            if "retirer" in request.POST:
                services.application_detach(application=application, by=request.user, document=document)
                messages.success(request, "Le document n'est plus joint au dossier.")
            else:
                services.application_attach(application=application, by=request.user, document=document)
                messages.success(request, f"« {document.kind.label} » est joint au dossier.")
            return redirect("grants:application_step", pk=application.pk, step=3)
    today = timezone.localdate()
    required: list[dict[str, Any]] = []
    for kind in application.scheme.required_documents.all():
        current = attached.get(kind.pk)
        required.append(
            {
                "kind": kind,
                "attached": current.vault_document if current else None,
                "expired": bool(current and current.vault_document.is_expired(today)),
                "candidates": [d for d in documents if d.kind_id == kind.pk and not d.is_expired(today)],
            }
        )
    required_ids = {r["kind"].pk for r in required}
    extras = [a.vault_document for a in attached.values() if a.kind_id not in required_ids]
    return render(
        request,
        "grants/step_documents.html",
        _step_context(
            application,
            3,
            required=required,
            extras=extras,
            others=[d for d in documents if d.kind_id not in required_ids and d not in extras],
            # From here, an uploaded document is joined to this draft at once (issue 11).
            upload_url=reverse("grants:vault_upload", kwargs={"pk": applicant.pk})
            + f"?dossier={application.pk}&next="
            + reverse("grants:application_step", kwargs={"pk": application.pk, "step": 3}),
        ),
    )


def _step_review(request: HttpRequest, application: Application) -> HttpResponse:
    if request.method == "POST":
        try:
            services.application_submit(application=application, by=request.user)
        except ValidationError as exc:
            messages.error(request, "Le dossier n'a pas pu être déposé : " + " ".join(exc.messages))
        else:
            application.refresh_from_db()
            messages.success(
                request,
                f"Votre dossier est déposé sous le numéro {application.number}. "
                "Un accusé de réception vous est envoyé par e-mail.",
            )
            return redirect(application)
    problems = services.submission_problems(application)
    lines = list(application.budget_lines.all())
    return render(
        request,
        "grants/step_review.html",
        _step_context(
            application,
            4,
            problems=problems,
            expenses=[ln for ln in lines if ln.kind == EXPENSE],
            income=[ln for ln in lines if ln.kind == INCOME],
            attachments=list(application.attachments.select_related("vault_document", "kind")),
            communes=list(application.communes.all()),
            themes=list(application.themes.all()),
            step_of={"projet": 1, "budget": 2, "pieces": 3, "depot": 4},
        ),
    )


@require_POST
def application_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The JS enhancement POSTs the current step's fields here every 20 s (CSRF checked)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Connectez-vous."}, status=401)  # decision 1102: JSON, not a redirect
    application = selectors.application_for_user(ref=str(pk), user=request.user)
    if application is None:
        raise Http404
    step = request.POST.get("_step", "")
    data = {
        key: request.POST.getlist(key)
        if len(request.POST.getlist(key)) > 1 or key in ("communes", "themes")
        else request.POST.get(key)
        for key in request.POST
        if key not in ("_step", "csrfmiddlewaretoken")
    }
    try:
        services.application_autosave(application=application, by=request.user, step=step, data=data)
    except PermissionDenied:
        return JsonResponse({"error": "Vous ne pouvez pas modifier ce dossier."}, status=403)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    saved = timezone.localtime(application.last_saved_at)
    return JsonResponse({"saved_at": saved.isoformat(), "label": f"Enregistré à {saved:%H} h {saved:%M}"})


@login_required
def application_detail(request: HttpRequest, ref: str) -> HttpResponse:
    application = application_or_404(request, ref)
    if application.number and ref != application.number:
        return redirect(application)
    is_agent = rules.has_perm("grants.act_on_behalf", request.user)
    piece_requests = list(PieceRequest.objects.filter(application=application))
    documents = list(selectors.vault_documents(application.applicant))
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "events": selectors.timeline(application, for_agent=is_agent),
            "next_step": selectors.NEXT_STEP.get(application.state, ""),
            "attachments": list(application.attachments.select_related("vault_document", "kind")),
            "can_edit": rules.has_perm("grants.change_application", request.user, application),
            "can_withdraw": rules.has_perm("grants.withdraw_application", request.user, application),
            "can_supply": rules.has_perm("grants.supply_piece", request.user, application),
            "piece_requests": piece_requests,
            "piece_form": AttachForm(documents=documents) if documents else None,
            "is_agent": is_agent,
            "upload_url": reverse("grants:vault_upload", kwargs={"pk": application.applicant_id})
            + "?next="
            + application.get_absolute_url(),
        },
    )


@login_required
def application_ack_pdf(request: HttpRequest, ref: str) -> HttpResponse:
    application = application_or_404(request, ref)
    if application.number is None:
        raise Http404
    response = HttpResponse(acknowledgement_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="accuse-reception-{application.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def application_withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    application = application_or_404(request, ref)
    if not rules.has_perm("grants.withdraw_application", request.user, application):
        raise Refused("Ce dossier ne peut plus être retiré.")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Le dossier est retiré.")
            return redirect(application)
    return render(request, "grants/withdraw.html", {"application": application, "form": form})


@require_POST
@login_required
def application_supply_piece(request: HttpRequest, ref: str) -> HttpResponse:
    application = application_or_404(request, ref)
    documents = list(selectors.vault_documents(application.applicant))
    form = AttachForm(request.POST, documents=documents)
    if not form.is_valid():
        messages.error(request, "Choisissez un document de votre coffre-fort.")
        return redirect(application)
    document = next(d for d in documents if d.pk == form.cleaned_data["document"])
    try:
        services.application_supply_piece(application=application, by=request.user, document=document)
    except PermissionDenied:
        raise Refused("Aucune pièce n'est demandée pour ce dossier.") from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Merci, la pièce est transmise à l'agent.")
    return redirect(application)


@require_POST
@login_required
def application_message(request: HttpRequest, ref: str) -> HttpResponse:
    application = application_or_404(request, ref)
    try:
        thread = services.application_thread(application=application, by=request.user)
    except PermissionDenied:
        raise Refused() from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(application)
    return redirect(thread.get_absolute_url())
