"""Thin views of the instruction side: agents' inbox and file pages, committee, decisions,
payments, final reports, budget; the public funded-projects page; committee members' pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from solidaires.core.caching import data_version
from solidaires.core.fragments import DEFAULT_TIMEOUT as FRAGMENT_TIMEOUT
from solidaires.core.fragments import cached_fragments, fragment_prefix, select_options
from solidaires.core.models import AuditEntry
from solidaires.core.pagination import keyset_paginate
from solidaires.core.pdf import pdf_filename
from solidaires.territory.selectors import commune_choices

from . import instruction_selectors as selectors
from . import instruction_services as services
from . import letters
from .instruction_forms import (
    AssignForm,
    BulkAssignForm,
    ConflictForm,
    DecisionForm,
    FinalReportForm,
    FundedFilterForm,
    InboxFilterForm,
    NoteForm,
    PaidForm,
    PieceRequestForm,
    ReasonForm,
    ScoreForm,
    SendToCommitteeForm,
    SessionForm,
)
from .models import (
    ApplicantKind,
    Application,
    ApplicationState,
    ChecklistItem,
    CommitteeMember,
    CommitteeSession,
    CommitteeSessionState,
    Decision,
    FinalReport,
    Payment,
)
from .selectors import SCHEMES_DATA_VERSION

S = ApplicationState
INBOX_PER_PAGE = 50


def agents_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; everyone but agents gets the 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not rules.has_perm("grants.instruction_access", request.user):
            return render(request, "associations/agents/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else str(error))
    else:
        form.add_error(None, exc.messages)


def _communes() -> list[tuple[str, str]]:
    from solidaires.territory.models import Commune

    return list(Commune.objects.order_by("name").values_list("insee", "name"))


def _file_url(application: Application) -> str:
    return reverse("grants_agents:file", kwargs={"pk": application.pk})


# --- Inbox --------------------------------------------------------------------------------


# The filter form and each row's cells (but its checkbox and its age) are rendered once and
# cached as HTML (decision 1024). Bump these when _inbox_filters.html / _inbox_row.html change.
INBOX_FILTERS_TEMPLATE_VERSION = 1
INBOX_ROW_TEMPLATE_VERSION = 1
INBOX_FILTER_FIELDS = ("scheme", "year", "state", "commune", "assigned", "older_than")
_ROW = (
    "\n        <tr>\n"
    '          <td><input type="checkbox" name="applications" value="{pk}" id="choix-{pk}"'
    ' aria-label="Sélectionner le dossier {number}"></td>\n'
    "          {cells}\n"
    '          <td class="number">{age} j</td>\n'
    "        </tr>\n      "
)


def _digest(values: tuple[Any, ...]) -> str:
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def _inbox_filters(request: HttpRequest) -> tuple[selectors.InboxFilters, SafeString]:
    """The filters asked for and the filter fields' HTML (with their error summary): the same
    for every agent who asks for the same values, so both are cached, keyed on those values,
    the schemes' version and (in the prefix) the territory's. The form is only built, checked
    and rendered when they are not cached yet."""
    values = tuple(request.GET.get(name) for name in INBOX_FILTER_FIELDS)
    prefix = fragment_prefix("grants-inbox-filters", INBOX_FILTERS_TEMPLATE_VERSION)
    key = f"{prefix}:{data_version(SCHEMES_DATA_VERSION)}:{_digest(values)}"
    cached: tuple[selectors.InboxFilters, str] | None = cache.get(key)
    if cached is None:
        form = InboxFilterForm(request.GET or None, communes=commune_choices())
        filters = selectors.InboxFilters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = selectors.InboxFilters(
                scheme=data["scheme"] or "",
                year=data["year"],
                state=data["state"] or "",
                commune=data["commune"] or "",
                assigned=data["assigned"] or "",
                older_than=data["older_than"],
            )
        html = get_template("grants/instruction/_inbox_filters.html").render({"form": form})
        cached = (filters, html.rstrip("\n"))  # the page's template puts the line break
        cache.set(key, cached, FRAGMENT_TIMEOUT)
    filters, html = cached
    return filters, mark_safe(html)  # our template's output, escaped when rendered


def _row_key(row: Any) -> tuple[Any, ...]:
    """Everything a row's cached cells show, so that no write can leave them stale: a
    ``QuerySet.update()`` that skips ``updated_at`` (e.g. a bulk assignment in the demo data),
    a renamed applicant, scheme or agent, the clock paused by a piece request."""
    shown = (
        row.number,
        row.title,
        row.state,
        row.amount_requested_cents,
        row.clock_paused_at is not None,
        row.applicant__name,
        row.applicant__kind,
        row.applicant__commune__name,
        row.scheme__name,
        row.assigned_agent_id,
        row.assigned_agent__display_name,
        row.assigned_agent__email,
    )
    return (row.id, row.updated_at.isoformat(), _digest(shown))


def _render_rows(rows: list[Any]) -> list[str]:
    template = get_template("grants/instruction/_inbox_row.html")
    states = {value: str(label) for value, label in ApplicationState.choices}
    kinds = {value: str(label) for value, label in ApplicantKind.choices}
    rendered = []
    for row in rows:
        agent = ""
        if row.assigned_agent_id is not None:
            agent = row.assigned_agent__display_name or row.assigned_agent__email.split("@")[0]
        context = {
            "row": row,
            "state_label": states.get(row.state, row.state),
            "kind_label": kinds.get(row.applicant__kind, ""),
            "agent": agent,
        }
        rendered.append(template.render(context).strip())
    return rendered


def _inbox_rows_html(rows: list[Any]) -> SafeString:
    """The table's rows: the cells of each file from the cache; its checkbox and its age
    (which changes with the time of day, not only with the file) are added here."""
    cells = cached_fragments(
        rows,
        namespace="grants-inbox-row",
        template_version=INBOX_ROW_TEMPLATE_VERSION,
        key_parts=_row_key,
        render_missing=_render_rows,
    )
    now = timezone.now()
    return mark_safe(  # the cells are our template's escaped output; the number is escaped here
        "".join(
            _ROW.format(pk=row.id, number=escape(row.number), cells=html, age=selectors.age_days(row, now))
            for row, html in zip(rows, cells, strict=True)
        )
    )


def _agent_options(user: Any) -> SafeString:
    return select_options(selectors.agent_choices(), str(user.pk))


@agents_only
def inbox(request: HttpRequest) -> HttpResponse:
    filters, filters_html = _inbox_filters(request)
    page = selectors.inbox_page(
        user=request.user,
        filters=filters,
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=INBOX_PER_PAGE,
    )
    query = urlencode(
        [(k, v) for k, v in request.GET.items() if k not in {"apres", "avant"} and v], doseq=False
    )
    return render(
        request,
        "grants/instruction/inbox.html",
        {
            "filters_html": filters_html,
            "page": page,
            "rows_html": _inbox_rows_html(page.items) if page.items else "",
            "query": query,
            "agent_options": _agent_options(request.user),
            "filtered": bool(query),
        },
    )


@agents_only
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    form = BulkAssignForm(request.POST, agents=selectors.agents())
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("grants_agents:inbox")
    chosen = Application.objects.filter(pk__in=form.cleaned_data["applications"][:200]).exclude(state=S.DRAFT)
    done = services.applications_assign(
        applications=list(chosen), agent=form.cleaned_data["agent"], by=request.user
    )
    messages.success(request, f"{done} dossier{'s' if done > 1 else ''} réassigné{'s' if done > 1 else ''}.")
    return redirect(request.POST.get("next") or reverse("grants_agents:inbox"))


# --- One file -----------------------------------------------------------------------------


def _get_file(pk: int) -> Application:
    try:
        return selectors.instruction_file(pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


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


@agents_only
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_file(pk)
    return render(request, "grants/instruction/file.html", _file_context(request, application))


@agents_only
@require_POST
def file_start(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    try:
        services.application_start_instruction(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, "L'examen du dossier commence. La liste de complétude est prête.")
    return redirect(_file_url(application))


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return "Cette action n'est pas possible pour ce dossier."


@agents_only
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
    return redirect(_file_url(application))


@agents_only
@require_POST
def file_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_file(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.internal_note_add(
                application=application, body=form.cleaned_data["body"], by=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Note interne enregistrée.")
            return redirect(_file_url(application) + "#notes")
    return render(
        request,
        "grants/instruction/file.html",
        _file_context(request, application, note_form=form),
        status=400,
    )


@agents_only
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
    return redirect(_file_url(item.application) + "#completude")


@agents_only
@require_http_methods(["GET", "POST"])
def pieces_request(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_file(pk)
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
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Des pièces ne peuvent plus être demandées à ce stade du dossier.")
        else:
            messages.success(request, "La demande est envoyée au porteur de projet ; le délai est suspendu.")
            return redirect(_file_url(application))
    return render(
        request,
        "grants/instruction/pieces_request.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


@agents_only
@require_http_methods(["GET", "POST"])
def declare_ineligible(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_file(pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_declare_ineligible(
                application=application, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Ce dossier ne peut plus être déclaré non recevable.")
        else:
            messages.success(
                request, "Le dossier est déclaré non recevable ; le porteur de projet est prévenu."
            )
            return redirect(_file_url(application))
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


@agents_only
@require_POST
def send_to_committee(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get_file(pk)
    form = SendToCommitteeForm(request.POST, sessions=selectors.open_sessions_for(application))
    if not form.is_valid():
        messages.error(request, "Choisissez une séance du comité ouverte pour ce dispositif.")
        return redirect(_file_url(application))
    try:
        services.application_send_to_committee(
            application=application, session=form.cleaned_data["session"], by=request.user
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Le dossier est inscrit à « {form.cleaned_data['session']} ».")
    return redirect(_file_url(application))


@agents_only
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


@agents_only
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
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, "Ce versement n'est pas encore dû ou a déjà été fait.")
        else:
            messages.success(request, f"{payment.label} : versement enregistré.")
            return redirect(_file_url(payment.application) + "#versements")
    return render(
        request,
        "grants/instruction/payment_paid.html",
        {"payment": payment, "application": payment.application, "form": form},
        status=400 if form.errors else 200,
    )


@agents_only
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
                return redirect(_file_url(report.application) + "#versements")
            if form.is_valid():
                services.final_report_reject(
                    report=report, reason=form.cleaned_data["reason"], by=request.user
                )
                messages.success(request, "Le porteur de projet est invité à compléter son bilan.")
                return redirect(_file_url(report.application))
        except ValidationError as exc:
            _apply_errors(form, exc)
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


@agents_only
@require_POST
def file_close(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    try:
        services.application_close(application=application, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, "Le dossier est clos.")
    return redirect(_file_url(application))


def _letter_response(decision: Decision) -> HttpResponse:
    pdf = letters.decision_letter(decision)
    services.decision_letter_mark(decision)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = pdf_filename(f"decision-{decision.application.number or decision.application_id}")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@agents_only
def agent_letter(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("application__scheme", "application__applicant"),
        pk=decision_pk,
        application_id=pk,
    )
    return _letter_response(decision)


# --- Committee (agents) -------------------------------------------------------------------


@agents_only
def sessions(request: HttpRequest) -> HttpResponse:
    page = keyset_paginate(
        CommitteeSession.objects.select_related("scheme"),
        ordering=("meets_on", "id"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=30,
    )
    return render(request, "grants/instruction/sessions.html", {"page": page, "query": ""})


@agents_only
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
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Séance « {session.name} » créée.")
            return redirect("grants_agents:session", pk=session.pk)
    return render(
        request, "grants/instruction/session_form.html", {"form": form}, status=400 if form.errors else 200
    )


@agents_only
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


@agents_only
@require_POST
def session_state(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    try:
        services.session_set_state(session=session, state=request.POST.get("state", ""), by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"Séance : {session.get_state_display()}.")
    return redirect("grants_agents:session", pk=session.pk)


@agents_only
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, pk: int, application_pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    application = get_object_or_404(session.applications.select_related("applicant"), pk=application_pk)
    data = selectors.session_ranking(session, request.user)
    row = next((r for r in data["rows"] if r.application.pk == application.pk), None)
    proposed = row.ranked.proposed_cents if row and row.ranked else None
    initial: dict[str, Any] = {}
    if proposed is not None and 0 < proposed < application.amount_requested_cents:
        from .budget import euros

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
            _apply_errors(form, exc)
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


def _summary_response(session: CommitteeSession, user: Any) -> HttpResponse:
    from .budget import euros

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


@agents_only
def session_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession.objects.select_related("scheme"), pk=pk)
    return _summary_response(session, request.user)


# --- Budget -------------------------------------------------------------------------------


@agents_only
def budget(request: HttpRequest) -> HttpResponse:
    years = selectors.budget_years()
    return render(
        request,
        "grants/instruction/budget.html",
        {
            "years": years,
            "schemes": selectors.budget_by_scheme(years),
            "communes": selectors.budget_by_commune(years),
            "themes": selectors.budget_by_theme(years),
        },
    )


# --- Committee members (agents or elected officials), under /projets/commissions/ ----------


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
    from .instruction_rules import has_conflict

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
            _apply_errors(score_form, exc)
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
    return _summary_response(session, request.user)


# --- Applicants: final report and decision letter (under /projets/dossiers/<pk>/) ------------


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
            raise Http404
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
                _apply_errors(form, exc)
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
    return _letter_response(decision)


# --- Public: funded projects ----------------------------------------------------------------


def funded(request: HttpRequest) -> HttpResponse:
    form = FundedFilterForm(request.GET or None, communes=_communes())
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


# --- Committee members (agents manage a session's seats) --------------------------------------


@agents_only
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
            messages.error(request, _message(exc))
        else:
            messages.success(request, f"{user} siège désormais à cette séance.")
    return redirect("grants_agents:session", pk=session.pk)


@agents_only
@require_http_methods(["GET", "POST"])
def session_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    session = get_object_or_404(CommitteeSession, pk=pk)
    member = get_object_or_404(CommitteeMember.objects.select_related("user"), pk=member_pk, session=session)
    error = ""
    if request.method == "POST":
        try:
            services.session_member_remove(member=member, by=request.user)
        except ValidationError as exc:
            error = _message(exc)
        else:
            messages.success(request, f"{member.user} ne siège plus à cette séance.")
            return redirect("grants_agents:session", pk=session.pk)
    return render(
        request,
        "grants/instruction/member_remove.html",
        {"session": session, "member": member, "error": error},
        status=400 if error else 200,
    )
