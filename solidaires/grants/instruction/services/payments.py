"""Writes of payments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.instruction.models import FinalReport, Payment, PaymentState
from solidaires.grants.instruction.services.common import (
    actor_or_none,
    lock_application,
    move_application,
    require_perm,
    timeline_add,
)

S = ApplicationState


def maybe_close(application: Application, by: Any) -> None:
    report = FinalReport.objects.filter(application=application).first()
    if (
        application.state == S.REPORT_RECEIVED
        and report is not None
        and report.approved_at is not None
        and not application.payments.filter(state=PaymentState.PLANNED).exists()
    ):
        move_application(application, "close", by=by, action="close")


@transaction.atomic
def payment_mark_paid(*, payment: Payment, paid_on: dt.date | None = None, by: Any) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    require_perm("grants.payment_mark_paid", by, payment)
    application = lock_application(payment.application)
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "La date de versement ne peut pas être dans le futur."})
    # Issue 11 (as hours before an application): no payment before the subsidy was granted.
    granted_on = timezone.localdate(application.decided_at) if application.decided_at else None
    if granted_on is not None and paid_on < granted_on:
        raise ValidationError(
            {
                "paid_on": f"La subvention a été accordée le {granted_on:%d/%m/%Y} : "
                "indiquez une date de versement à partir de ce jour."
            }
        )
    if not can_proceed(payment.mark_paid):  # already paid, or not due yet
        raise ValidationError("Ce versement n'est pas encore dû ou a déjà été fait.")
    payment.mark_paid(paid_on=paid_on, by=actor_or_none(by))
    payment.full_clean()
    payment.save(update_fields=["state", "paid_on", "paid_by"])
    from solidaires.grants.applications.budget import euros

    timeline_add(
        application,
        by=by,
        action="payment_paid",
        note=f"{payment.label} : {euros(payment.amount_cents)} versés le {paid_on:%d/%m/%Y}",
        audit_before={"payment": payment.pk, "state": PaymentState.PLANNED},
        audit_after={"payment": payment.pk, "state": PaymentState.PAID, "paid_on": paid_on.isoformat()},
    )
    if application.state == S.GRANTED:
        move_application(application, "await_report", by=by, action="await_report")
    maybe_close(application, by)
    return payment
