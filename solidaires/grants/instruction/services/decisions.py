"""Writes of the committee's decisions (envelope checks, planned payments, letters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from solidaires.core import audit
from solidaires.grants.applications.models import Application, SchemeYear
from solidaires.grants.instruction import payment_schedule
from solidaires.grants.instruction.models import (
    CommitteeSession,
    Decision,
    DecisionOutcome,
    FinalReport,
    Payment,
    PaymentRule,
)
from solidaires.grants.instruction.services.common import (
    GRANTED_OUTCOMES,
    actor_or_none,
    lock_application,
    move_application,
    require_perm,
)


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
        require_perm("grants.committee_decide", by, session)
    else:
        require_perm("grants.committee_manage", by)
    application = lock_application(application)
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
            from solidaires.grants.applications.budget import euros

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
        decided_by=actor_or_none(by),
    )
    decision.full_clean()
    if outcome in GRANTED_OUTCOMES:
        move_application(application, "grant", amount, by=by, action="grant", note=reason)
        _plan_payments(application, decision, today)
        rule = PaymentRule.objects.filter(scheme_id=application.scheme_id).first()
        FinalReport.objects.update_or_create(
            application=application, defaults={"due_on": _report_due_on(application, rule, today)}
        )
    elif outcome == DecisionOutcome.REFUSED:
        move_application(application, "refuse", by=by, action="refuse", note=reason)
    else:
        move_application(application, "postpone", by=by, action="postpone", note=reason)
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
        from solidaires.grants.instruction.tasks import send_decision_email

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
