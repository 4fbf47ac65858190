"""Writes of final reports (bilans): submission, approval, rejection, reminders; closing a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from solidaires.core import audit
from solidaires.grants.applications.models import Application, ApplicationState
from solidaires.grants.instruction.models import FinalReport, Payment, PaymentState, ReportPhoto
from solidaires.grants.instruction.services.common import (
    actor_or_none,
    lock_application,
    move_application,
    require_perm,
    timeline_add,
)
from solidaires.grants.instruction.services.payments import maybe_close

S = ApplicationState


MAX_REMINDERS = 4


REMINDER_EVERY_DAYS = 14


REMINDER_BEFORE_DAYS = 30


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
    require_perm("grants.report_submit", by, report)
    application = lock_application(report.application)
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
    report.submitted_by = actor_or_none(by)
    report.full_clean()
    report.save()
    for image, caption in photos:
        photo = ReportPhoto(report=report, caption=(caption or "").strip()[:200])
        photo.image.save(image.name or "photo.jpg", image, save=False)
        photo.save()
    move_application(application, "submit_report", by=by, action="submit_report")
    return report


@transaction.atomic
def final_report_approve(*, report: FinalReport, by: Any) -> FinalReport:
    """The agent approves the report: the last payment becomes due; closed once everything is paid."""
    report = FinalReport.objects.select_for_update().select_related("application").get(pk=report.pk)
    require_perm("grants.report_review", by, report)
    application = lock_application(report.application)
    report.approved_at = timezone.now()
    report.approved_by = actor_or_none(by)
    report.save(update_fields=["approved_at", "approved_by", "updated_at"])
    Payment.objects.filter(application=application, state=PaymentState.PLANNED, due_on__isnull=True).update(
        due_on=timezone.localdate()
    )
    timeline_add(
        application, by=by, action="report_approved", note="Bilan validé : le solde peut être versé."
    )
    maybe_close(application, by)
    return report


@transaction.atomic
def final_report_reject(*, report: FinalReport, reason: str, by: Any) -> FinalReport:
    report = FinalReport.objects.select_for_update().select_related("application").get(pk=report.pk)
    require_perm("grants.report_review", by, report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Dites au porteur de projet ce qu'il faut compléter."})
    application = lock_application(report.application)
    report.submitted_at = None
    report.save(update_fields=["submitted_at", "updated_at"])
    move_application(application, "reject_report", by=by, action="reject_report", note=reason)
    return report


@transaction.atomic
def application_close(*, application: Application, by: Any) -> Application:
    """Close by hand a granted file with nothing more to pay (e.g. in-kind support, report approved)."""
    require_perm("grants.committee_manage", by)
    application = lock_application(application)
    if application.payments.filter(state=PaymentState.PLANNED).exists():
        raise ValidationError("Des versements restent à faire : le dossier ne peut pas encore être clos.")
    move_application(application, "close", by=by, action="close")
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
