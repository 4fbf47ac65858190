"""Every write of the instruction side: instruction, committee, decision, payments, final report.

Each service: keyword-only arguments, one transaction, a permission check (PermissionDenied), the
Application state machine moved only through its transition methods, a timeline line
(``ApplicationEvent``) and an audit entry, e-mails enqueued on commit (decision 1020).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import rules
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_fsm import can_proceed

from solidaires.core import audit

from . import (
    instruction_rules,  # noqa: F401  (registers the permissions)
    payment_schedule,
)
from .models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    ChecklistItem,
    ChecklistKind,
    CommitteeMember,
    CommitteeSession,
    CommitteeSessionState,
    ConflictOfInterest,
    Decision,
    DecisionOutcome,
    DocumentKind,
    FinalReport,
    InternalNote,
    Payment,
    PaymentRule,
    PaymentState,
    PieceRequest,
    PieceRequestStatus,
    ReportPhoto,
    SchemeYear,
    Score,
)

S = ApplicationState
GRANTED_OUTCOMES = (DecisionOutcome.GRANTED_FULL, DecisionOutcome.GRANTED_PARTIAL)
MAX_REMINDERS = 4
REMINDER_EVERY_DAYS = 14
REMINDER_BEFORE_DAYS = 30


def _require(perm: str, user: Any, obj: Any = None) -> None:
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


def _actor(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _timeline(
    application: Application,
    *,
    by: Any,
    action: str,
    from_state: str = "",
    note: str = "",
    visible: bool = True,
    audit_before: dict[str, Any] | None = None,
    audit_after: dict[str, Any] | None = None,
) -> ApplicationEvent:
    event = ApplicationEvent(
        application=application,
        actor=_actor(by),
        action=action,
        from_state=from_state,
        to_state=application.state if from_state else "",
        note=note,
        visible_to_applicant=visible,
    )
    event.save()
    audit.record(
        actor=by,
        action=f"application.{action}",
        target=application,
        before=audit_before if audit_before is not None else ({"state": from_state} if from_state else {}),
        after=audit_after
        if audit_after is not None
        else ({"state": application.state} if from_state else {}),
    )
    return event


def _move(
    application: Application,
    transition: str,
    *args: Any,
    by: Any,
    action: str,
    note: str = "",
    visible: bool = True,
) -> Application:
    """Move the file through one transition of its state machine (illegal moves raise)."""
    method = getattr(application, transition)
    if not can_proceed(method):
        raise ValidationError(
            f"Cette action n'est pas possible pour un dossier « {application.get_state_display()} »."
        )
    before = application.state
    method(*args)
    application.full_clean()
    application.save()
    _timeline(application, by=by, action=action, from_state=before, note=note, visible=visible)
    return application


def _locked(application: Application) -> Application:
    """Reload the file under a row lock (two agents acting at once)."""
    return Application.objects.select_for_update().get(pk=application.pk)


# --- Instruction --------------------------------------------------------------------------


def _ensure_checklist(application: Application) -> None:
    """One line per required document of the scheme, then the eligibility points."""
    existing = set(application.checklist_items.values_list("key", flat=True))
    items: list[ChecklistItem] = []
    position = 0
    for kind in application.scheme.required_documents.all():
        position += 1
        key = f"doc:{kind.code}"
        if key not in existing:
            items.append(
                ChecklistItem(
                    application=application,
                    key=key,
                    label=f"Pièce : {kind.label}",
                    kind=ChecklistKind.DOCUMENT,
                    document_kind=kind,
                    position=position,
                )
            )
    for key, label in (
        ("applicant", "Le porteur de projet peut déposer sur ce dispositif"),
        ("commune", "Le projet se déroule sur une commune éligible"),
        ("budget", "Le budget est équilibré et respecte le plafond et la part maximale"),
        ("project", "Le projet répond à l'objet du dispositif"),
    ):
        position += 1
        if f"crit:{key}" not in existing:
            items.append(
                ChecklistItem(
                    application=application,
                    key=f"crit:{key}",
                    label=label,
                    kind=ChecklistKind.CRITERION,
                    position=position,
                )
            )
    ChecklistItem.objects.bulk_create(items)


@transaction.atomic
def application_start_instruction(*, application: Application, by: Any) -> Application:
    _require("grants.instruction_decide_eligibility", by, application)
    application = _locked(application)
    if application.assigned_agent_id is None:
        application.assigned_agent = by
    _move(application, "start_instruction", by=by, action="start_instruction")
    _ensure_checklist(application)
    return application


@transaction.atomic
def applications_assign(*, applications: Iterable[Application], agent: Any | None, by: Any) -> int:
    """Assign files to an agent (``None``: unassign). Returns how many changed."""
    _require("grants.instruction_assign", by)
    if agent is not None and not getattr(agent, "is_agent", False):
        raise ValidationError({"agent": "Choisissez un agent ou une agente de l'Agglo."})
    changed = 0
    for application in applications:
        application = _locked(application)
        before = application.assigned_agent_id
        if before == (agent.pk if agent else None):
            continue
        application.assigned_agent = agent
        application.save(update_fields=["assigned_agent", "updated_at"])
        _timeline(
            application,
            by=by,
            action="assigned",
            note=f"Suivi par {agent}" if agent else "Plus d'agent référent",
            visible=True,
            audit_before={"assigned_agent": before},
            audit_after={"assigned_agent": agent.pk if agent else None},
        )
        changed += 1
    return changed


@transaction.atomic
def internal_note_add(*, application: Application, body: str, by: Any) -> InternalNote:
    _require("grants.instruction_note", by, application)
    note = InternalNote(application=application, author=_actor(by), body=(body or "").strip())
    if not note.body:
        raise ValidationError({"body": "Écrivez la note avant de l'enregistrer."})
    note.full_clean()
    note.save()
    audit.record(actor=by, action="application.internal_note_added", target=application)
    return note


@transaction.atomic
def checklist_item_set(*, item: ChecklistItem, is_ok: bool | None, by: Any) -> ChecklistItem:
    _require("grants.instruction_checklist", by, item.application)
    before = item.is_ok
    item.is_ok = is_ok
    item.checked_by = _actor(by) if is_ok is not None else None
    item.checked_at = timezone.now() if is_ok is not None else None
    item.save(update_fields=["is_ok", "checked_by", "checked_at"])
    audit.record(
        actor=by,
        action="application.checklist_checked",
        target=item.application,
        before={item.key: before},
        after={item.key: is_ok},
    )
    return item


@transaction.atomic
def pieces_request(
    *,
    application: Application,
    message: str,
    due_on: dt.date,
    document_kinds: Sequence[DocumentKind] = (),
    by: Any,
) -> PieceRequest:
    """Ask the applicant for missing pieces: the file waits, its clock is paused, they get an e-mail."""
    _require("grants.instruction_request_pieces", by, application)
    application = _locked(application)
    message = (message or "").strip()
    errors: dict[str, str] = {}
    if not message:
        errors["message"] = "Dites au porteur de projet ce qui manque."
    if due_on is None or due_on <= timezone.localdate():
        errors["due_on"] = "Choisissez une date après aujourd'hui."
    if errors:
        raise ValidationError(errors)
    if application.state == S.SUBMITTED:
        _ensure_checklist(application)
    request = PieceRequest(application=application, requested_by=_actor(by), message=message, due_on=due_on)
    request.full_clean(exclude=["application"])
    _move(application, "request_pieces", by=by, action="pieces_requested", note=message)
    request.save()
    if document_kinds:
        request.document_kinds.set(document_kinds)
    request_id = request.pk
    from .instruction_tasks import send_pieces_requested_email

    transaction.on_commit(lambda: send_pieces_requested_email.enqueue(request_id))
    return request


@transaction.atomic
def pieces_answer(*, application: Application, answer: str = "", by: Any) -> Application:
    """The applicant (or an agent for them) says the pieces are there: back to instruction.

    Also called by the applicant side once their pieces are uploaded; safe to call when the
    applicant-side service already moved the file (it then only closes the waiting request).
    """
    application = _locked(application)
    if application.state == S.WAITING_PIECES:
        _require("grants.supply_piece", by, application)
        _move(application, "pieces_supplied", by=by, action="pieces_supplied", note=(answer or "").strip())
    PieceRequest.objects.filter(application=application, status=PieceRequestStatus.WAITING).update(
        status=PieceRequestStatus.ANSWERED,
        answered_at=timezone.now(),
        answered_by=_actor(by),
        answer=(answer or "").strip()[:3000],
    )
    return application


@transaction.atomic
def application_declare_ineligible(*, application: Application, reason: str, by: Any) -> Application:
    _require("grants.instruction_decide_eligibility", by, application)
    application = _locked(application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Expliquez au porteur de projet pourquoi le dossier n'est pas recevable."}
        )
    _move(application, "declare_ineligible", by=by, action="declare_ineligible", note=reason)
    PieceRequest.objects.filter(application=application, status=PieceRequestStatus.WAITING).update(
        status=PieceRequestStatus.CANCELLED
    )
    application_id = application.pk
    from .instruction_tasks import send_ineligible_email

    transaction.on_commit(lambda: send_ineligible_email.enqueue(application_id))
    return application


@transaction.atomic
def application_send_to_committee(
    *, application: Application, session: CommitteeSession, by: Any
) -> Application:
    """Put an instructed (or postponed) file on a committee session's agenda."""
    _require("grants.committee_manage", by, session)
    application = _locked(application)
    if session.state == CommitteeSessionState.CLOSED:
        raise ValidationError({"session": "Cette séance est clôturée : choisissez une autre séance."})
    if session.scheme_id != application.scheme_id:
        raise ValidationError({"session": "Cette séance ne concerne pas le dispositif du dossier."})
    if application.state == S.POSTPONED:
        _move(application, "back_to_committee", by=by, action="back_to_committee", note=str(session))
    else:
        _move(application, "send_to_committee", by=by, action="send_to_committee", note=str(session))
    session.applications.add(application)
    return application


# --- Committee ----------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *, scheme: Any, year: int, meets_on: dt.date, name: str, members: Iterable[Any], by: Any
) -> CommitteeSession:
    _require("grants.committee_manage", by)
    session = CommitteeSession(
        scheme=scheme,
        year=year,
        meets_on=meets_on,
        name=(name or "").strip() or f"Comité {scheme} du {meets_on:%d/%m/%Y}",
        created_by=_actor(by),
    )
    session.full_clean()
    session.save()
    for user in members:
        _member_add(session, user)
    audit.record(
        actor=by,
        action="committee.session_created",
        target=session,
        after={"members": sorted(session.members.values_list("user_id", flat=True))},
    )
    return session


def _member_add(session: CommitteeSession, user: Any) -> CommitteeMember:
    if not (getattr(user, "is_agent", False) or getattr(user, "is_elected", False)):
        raise ValidationError({"members": f"{user} n'est ni agent ni élu : il ne peut pas siéger au comité."})
    member, _created = CommitteeMember.objects.get_or_create(session=session, user=user)
    return member


@transaction.atomic
def session_member_add(*, session: CommitteeSession, user: Any, by: Any) -> CommitteeMember:
    _require("grants.committee_manage", by, session)
    member = _member_add(session, user)
    audit.record(actor=by, action="committee.member_added", target=session, after={"user": user.pk})
    return member


@transaction.atomic
def session_member_remove(*, member: CommitteeMember, by: Any) -> None:
    _require("grants.committee_manage", by, member.session)
    if member.scores.exists():
        raise ValidationError("Ce membre a déjà noté des dossiers : il ne peut plus être retiré.")
    audit.record(
        actor=by, action="committee.member_removed", target=member.session, before={"user": member.user_id}
    )
    member.delete()


@transaction.atomic
def session_set_state(*, session: CommitteeSession, state: str, by: Any) -> CommitteeSession:
    """planned → scoring → closed (a closed session does not reopen)."""
    _require("grants.committee_manage", by, session)
    allowed = {
        CommitteeSessionState.PLANNED: {CommitteeSessionState.SCORING},
        CommitteeSessionState.SCORING: {CommitteeSessionState.PLANNED, CommitteeSessionState.CLOSED},
        CommitteeSessionState.CLOSED: set(),
    }
    if state not in allowed.get(CommitteeSessionState(session.state), set()):
        raise ValidationError("Ce changement d'état de la séance n'est pas possible.")
    if state == CommitteeSessionState.CLOSED and session.applications.filter(state=S.COMMITTEE).exists():
        raise ValidationError("Chaque dossier de la séance doit avoir une décision avant la clôture.")
    before = session.state
    session.state = state
    session.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=by,
        action="committee.session_state",
        target=session,
        before={"state": before},
        after={"state": state},
    )
    return session


@transaction.atomic
def conflict_declare(
    *, session: CommitteeSession, application: Application, note: str = "", by: Any
) -> ConflictOfInterest:
    """A member declares a link with a file: their scores on it are removed, they cannot score it."""
    _require("grants.committee_declare_conflict", by, session)
    if not session.applications.filter(pk=application.pk).exists():
        raise PermissionDenied
    member = CommitteeMember.objects.get(session=session, user=by)
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        member=member, application=application, defaults={"note": (note or "").strip()[:300]}
    )
    Score.objects.filter(member=member, application=application).delete()
    session.__dict__.pop("_grants_seats", None)
    audit.record(
        actor=by, action="committee.conflict_declared", target=application, after={"session": session.pk}
    )
    return conflict


@transaction.atomic
def scores_set(
    *, session: CommitteeSession, application: Application, values: Mapping[str, int], by: Any
) -> list[Score]:
    """Save a member's marks (0 to 5) per criterion of the scheme's grid for one file."""
    from .instruction_rules import has_conflict

    _require("grants.committee_score", by, session)
    if not session.applications.filter(pk=application.pk).exists():
        raise PermissionDenied
    if has_conflict(by, session, application):
        raise PermissionDenied
    if application.state != S.COMMITTEE:
        raise ValidationError("Ce dossier a déjà une décision : il ne se note plus.")
    keys = [str(c.get("key")) for c in (session.scheme.criteria or []) if isinstance(c, dict)]
    errors: dict[str, str] = {}
    for key in keys:
        value = values.get(key)
        if value is None or not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5:
            errors[key] = "Donnez une note entière entre 0 et 5."
    if errors:
        raise ValidationError(errors)
    member = CommitteeMember.objects.get(session=session, user=by)
    saved: list[Score] = []
    for key in keys:
        score, _created = Score.objects.update_or_create(
            member=member, application=application, criterion=key, defaults={"value": values[key]}
        )
        saved.append(score)
    audit.record(
        actor=by,
        action="committee.scored",
        target=application,
        after={"session": session.pk, "scores": {k: values[k] for k in keys}},
    )
    return saved


def committed_cents(scheme_id: int, year: int, *, exclude_application: int | None = None) -> int:
    qs = Decision.objects.filter(application__scheme_id=scheme_id, year=year, outcome__in=GRANTED_OUTCOMES)
    if exclude_application is not None:
        qs = qs.exclude(application_id=exclude_application)
    return int(qs.aggregate(total=Sum("amount_cents"))["total"] or 0)


def envelope_left_cents(scheme_id: int, year: int) -> int | None:
    """What is left of the scheme's yearly envelope (None when no envelope is set)."""
    envelope = (
        SchemeYear.objects.filter(scheme_id=scheme_id, year=year)
        .values_list("envelope_cents", flat=True)
        .first()
    )
    if envelope is None:
        return None
    return int(envelope) - committed_cents(scheme_id, year)


def _decision_reference(application: Application) -> str:
    count = Decision.objects.filter(application=application).count()
    base = application.number or f"DOSSIER-{application.pk}"
    return base if count == 0 else f"{base}-{count + 1}"


def _report_due_on(application: Application, rule: PaymentRule | None, today: dt.date) -> dt.date:
    months = rule.report_due_months if rule is not None else 3
    start = application.ends_on if application.ends_on and application.ends_on > today else today
    return start + relativedelta(months=months)


@transaction.atomic
def decision_record(
    *,
    application: Application,
    session: CommitteeSession | None,
    outcome: str,
    amount_cents: int | None = None,
    reason: str = "",
    by: Any,
) -> Decision:
    """Record the committee's decision: grant in full or in part, refuse with a reason, postpone."""
    if session is not None:
        _require("grants.committee_decide", by, session)
    else:
        _require("grants.committee_manage", by)
    application = _locked(application)
    if session is not None and not session.applications.filter(pk=application.pk).exists():
        raise ValidationError("Ce dossier n'est pas à l'ordre du jour de cette séance.")
    reason = (reason or "").strip()
    requested = application.amount_requested_cents
    today = timezone.localdate()
    year = session.year if session is not None else today.year
    errors: dict[str, str] = {}
    amount = 0
    if outcome == DecisionOutcome.GRANTED_FULL:
        amount = requested
        if amount <= 0:
            errors["outcome"] = "Le dossier ne demande aucun montant : accordez une partie ou refusez."
    elif outcome == DecisionOutcome.GRANTED_PARTIAL:
        amount = int(amount_cents or 0)
        if amount <= 0 or amount >= requested:
            errors["amount"] = (
                "Pour un accord partiel, indiquez un montant supérieur à 0 € et inférieur au montant demandé."
            )
        if not reason:
            errors["reason"] = "Expliquez au porteur de projet pourquoi le montant est réduit."
    elif outcome == DecisionOutcome.REFUSED:
        if not reason:
            errors["reason"] = "Donnez le motif du refus : il figurera dans le courrier."
    elif outcome != DecisionOutcome.POSTPONED:
        errors["outcome"] = "Choisissez une décision."
    if not errors and amount:
        left = envelope_left_cents(application.scheme_id, year)
        if left is not None and amount > left:
            from .budget import euros

            errors["amount" if outcome == DecisionOutcome.GRANTED_PARTIAL else "outcome"] = (
                f"L'enveloppe {year} n'a plus que {euros(max(left, 0))} : réduisez le montant."
            )
    if errors:
        raise ValidationError(errors)

    decision = Decision(
        application=application,
        session=session,
        outcome=outcome,
        amount_cents=amount,
        reason=reason,
        reference=_decision_reference(application),
        year=year,
        decided_by=_actor(by),
    )
    decision.full_clean()
    if outcome in GRANTED_OUTCOMES:
        _move(application, "grant", amount, by=by, action="grant", note=reason)
        _plan_payments(application, decision, today)
        rule = PaymentRule.objects.filter(scheme_id=application.scheme_id).first()
        FinalReport.objects.update_or_create(
            application=application, defaults={"due_on": _report_due_on(application, rule, today)}
        )
    elif outcome == DecisionOutcome.REFUSED:
        _move(application, "refuse", by=by, action="refuse", note=reason)
    else:
        _move(application, "postpone", by=by, action="postpone", note=reason)
    decision.save()
    audit.record(
        actor=by,
        action=f"decision.{outcome}",
        target=application,
        after={
            "amount_cents": amount,
            "reference": decision.reference,
            "session": session.pk if session else None,
        },
    )
    if outcome != DecisionOutcome.POSTPONED:
        decision_id = decision.pk
        from .instruction_tasks import send_decision_email

        transaction.on_commit(lambda: send_decision_email.enqueue(decision_id))
    return decision


def _plan_payments(application: Application, decision: Decision, today: dt.date) -> list[Payment]:
    if application.scheme.is_in_kind:
        return []
    rule = PaymentRule.objects.filter(scheme_id=application.scheme_id).first()
    instalments = payment_schedule.parse_schedule(rule.instalments if rule else None)
    planned = payment_schedule.split(decision.amount_cents, instalments)
    start = (application.payments.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    payments = [
        Payment(
            application=application,
            label=part.label,
            position=start + index,
            trigger=part.trigger,
            year=decision.year,
            amount_cents=part.amount_cents,
            due_on=today if part.trigger == payment_schedule.AT_DECISION else None,
        )
        for index, part in enumerate(planned)
        if part.amount_cents > 0
    ]
    return Payment.objects.bulk_create(payments)


def decision_letter_mark(decision: Decision) -> None:
    """Remember the letter was generated (first time only)."""
    if decision.letter_generated_at is None:
        Decision.objects.filter(pk=decision.pk, letter_generated_at__isnull=True).update(
            letter_generated_at=timezone.now()
        )


# --- Payments -----------------------------------------------------------------------------


def _maybe_close(application: Application, by: Any) -> None:
    report = FinalReport.objects.filter(application=application).first()
    if (
        application.state == S.REPORT_RECEIVED
        and report is not None
        and report.approved_at is not None
        and not application.payments.filter(state=PaymentState.PLANNED).exists()
    ):
        _move(application, "close", by=by, action="close")


@transaction.atomic
def payment_mark_paid(*, payment: Payment, paid_on: dt.date | None = None, by: Any) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    _require("grants.payment_mark_paid", by, payment)
    application = _locked(payment.application)
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "La date de versement ne peut pas être dans le futur."})
    if payment.state != PaymentState.PLANNED or payment.due_on is None:
        raise ValidationError("Ce versement n'est pas encore dû ou a déjà été fait.")
    payment.state = PaymentState.PAID
    payment.paid_on = paid_on
    payment.paid_by = _actor(by)
    payment.full_clean()
    payment.save(update_fields=["state", "paid_on", "paid_by"])
    from .budget import euros

    _timeline(
        application,
        by=by,
        action="payment_paid",
        note=f"{payment.label} : {euros(payment.amount_cents)} versés le {paid_on:%d/%m/%Y}",
        audit_before={"payment": payment.pk, "state": PaymentState.PLANNED},
        audit_after={"payment": payment.pk, "state": PaymentState.PAID, "paid_on": paid_on.isoformat()},
    )
    if application.state == S.GRANTED:
        _move(application, "await_report", by=by, action="await_report")
    _maybe_close(application, by)
    return payment


# --- Final report -------------------------------------------------------------------------


@transaction.atomic
def final_report_submit(
    *,
    report: FinalReport,
    realised_budget: list[dict[str, Any]],
    participants: int | None,
    outcomes: str,
    photos: Sequence[tuple[UploadedFile, str]] = (),
    by: Any,
) -> FinalReport:
    """The applicant sends the final report: realised budget, participants, outcomes, photos."""
    report = FinalReport.objects.select_for_update().select_related("application").get(pk=report.pk)
    _require("grants.report_submit", by, report)
    application = _locked(report.application)
    errors: dict[str, str] = {}
    if not realised_budget:
        errors["realised_budget"] = "Indiquez au moins une dépense réalisée."
    if participants is None or participants < 0:
        errors["participants"] = "Indiquez combien de personnes ont participé."
    if not (outcomes or "").strip():
        errors["outcomes"] = "Racontez en quelques lignes ce que le projet a permis."
    if errors:
        raise ValidationError(errors)
    report.realised_budget = realised_budget
    report.participants = participants
    report.outcomes = outcomes.strip()
    report.submitted_at = timezone.now()
    report.submitted_by = _actor(by)
    report.full_clean()
    report.save()
    for image, caption in photos:
        photo = ReportPhoto(report=report, caption=(caption or "").strip()[:200])
        photo.image.save(image.name or "photo.jpg", image, save=False)
        photo.save()
    _move(application, "submit_report", by=by, action="submit_report")
    return report


@transaction.atomic
def final_report_approve(*, report: FinalReport, by: Any) -> FinalReport:
    """The agent approves the report: the last payment becomes due; closed once everything is paid."""
    report = FinalReport.objects.select_for_update().select_related("application").get(pk=report.pk)
    _require("grants.report_review", by, report)
    application = _locked(report.application)
    report.approved_at = timezone.now()
    report.approved_by = _actor(by)
    report.save(update_fields=["approved_at", "approved_by", "updated_at"])
    Payment.objects.filter(application=application, state=PaymentState.PLANNED, due_on__isnull=True).update(
        due_on=timezone.localdate()
    )
    _timeline(application, by=by, action="report_approved", note="Bilan validé : le solde peut être versé.")
    _maybe_close(application, by)
    return report


@transaction.atomic
def final_report_reject(*, report: FinalReport, reason: str, by: Any) -> FinalReport:
    report = FinalReport.objects.select_for_update().select_related("application").get(pk=report.pk)
    _require("grants.report_review", by, report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Dites au porteur de projet ce qu'il faut compléter."})
    application = _locked(report.application)
    report.submitted_at = None
    report.save(update_fields=["submitted_at", "updated_at"])
    _move(application, "reject_report", by=by, action="reject_report", note=reason)
    return report


@transaction.atomic
def application_close(*, application: Application, by: Any) -> Application:
    """Close by hand a granted file with nothing more to pay (e.g. in-kind support, report approved)."""
    _require("grants.committee_manage", by)
    application = _locked(application)
    if application.payments.filter(state=PaymentState.PLANNED).exists():
        raise ValidationError("Des versements restent à faire : le dossier ne peut pas encore être clos.")
    _move(application, "close", by=by, action="close")
    return application


def final_reports_due_for_reminder(today: dt.date) -> list[int]:
    """Reports not sent yet, due within 30 days or late, not reminded in the last 14 days."""
    cutoff = timezone.now() - dt.timedelta(days=REMINDER_EVERY_DAYS)
    from django.db.models import Q

    return list(
        FinalReport.objects.filter(
            submitted_at__isnull=True,
            application__state__in=[S.GRANTED, S.REPORT_DUE],
            due_on__lte=today + dt.timedelta(days=REMINDER_BEFORE_DAYS),
            reminders_sent__lt=MAX_REMINDERS,
        )
        .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lte=cutoff))
        .values_list("pk", flat=True)
    )


@transaction.atomic
def final_report_remind(*, report_id: int) -> bool:
    """Count one reminder (idempotent within the 14-day window); True when an e-mail is due."""
    report = FinalReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.submitted_at is not None or report.reminders_sent >= MAX_REMINDERS:
        return False
    now = timezone.now()
    if report.last_reminder_at and report.last_reminder_at > now - dt.timedelta(days=REMINDER_EVERY_DAYS):
        return False
    report.reminders_sent += 1
    report.last_reminder_at = now
    report.save(update_fields=["reminders_sent", "last_reminder_at", "updated_at"])
    audit.record(actor=None, action="application.report_reminder", target=report.application)
    return True
