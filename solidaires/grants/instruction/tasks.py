"""Background work of the instruction side: e-mails to applicants and final-report reminders.

Tasks take ids, are idempotent, and are enqueued on commit by the services.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from solidaires.grants.applications.models import Applicant, Application
from solidaires.grants.applications.tasks import absolute_url
from solidaires.grants.instruction.models import Decision, FinalReport, PieceRequest


def applicant_emails(applicant: Applicant) -> list[str]:
    """Who hears about a file: the person / group contact, members, the association's managers."""
    from solidaires.associations.models import Membership, MembershipRole

    emails: set[str] = set()
    if applicant.person_id is not None and applicant.person is not None:
        emails.add(applicant.person.email)
    if applicant.email:
        emails.add(applicant.email)
    emails.update(applicant.members.values_list("email", flat=True))
    if applicant.association_id is not None:
        emails.update(
            Membership.objects.filter(
                association_id=applicant.association_id, role=MembershipRole.MANAGER
            ).values_list("user__email", flat=True)
        )
    return sorted(e for e in emails if e)


def _file_url(application: Application) -> str:
    return absolute_url(application.get_absolute_url())


def _send(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict[str, object],
    attachment: tuple[str, bytes] | None = None,
) -> None:
    if not to:
        return
    body = render_to_string(template, {"SITE_NAME": settings.SOLIDAIRES_SITE_NAME, **context})
    message = EmailMessage(f"[Solidaires] {subject}", body, settings.DEFAULT_FROM_EMAIL, to)
    if attachment is not None:
        message.attach(attachment[0], attachment[1], "application/pdf")
    message.send()


@task()
def send_pieces_requested_email(piece_request_id: int) -> None:
    request = (
        PieceRequest.objects.select_related("application__applicant", "application__scheme")
        .filter(pk=piece_request_id)
        .first()
    )
    if request is None:
        return
    application = request.application
    _send(
        to=applicant_emails(application.applicant),
        subject=f"Dossier {application.number} : des pièces manquent",
        template="grants/instruction/emails/pieces_requested.txt",
        context={"request": request, "application": application, "link": _file_url(application)},
    )


@task()
def send_ineligible_email(application_id: int) -> None:
    application = Application.objects.select_related("applicant", "scheme").filter(pk=application_id).first()
    if application is None:
        return
    reason = (
        application.events.filter(action="declare_ineligible")
        .order_by("-at")
        .values_list("note", flat=True)
        .first()
    )
    _send(
        to=applicant_emails(application.applicant),
        subject=f"Dossier {application.number} : non recevable",
        template="grants/instruction/emails/ineligible.txt",
        context={"application": application, "reason": reason or "", "link": _file_url(application)},
    )


@task()
def send_decision_email(decision_id: int) -> None:
    from solidaires.grants.applications.budget import euros
    from solidaires.grants.instruction import letters
    from solidaires.grants.instruction.services import decision_letter_mark

    decision = (
        Decision.objects.select_related("application__applicant", "application__scheme", "session")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return
    application = decision.application
    pdf = letters.decision_letter(decision)
    decision_letter_mark(decision)
    _send(
        to=applicant_emails(application.applicant),
        subject=f"Dossier {application.number} : la décision du comité",
        template="grants/instruction/emails/decision.txt",
        context={
            "decision": decision,
            "application": application,
            "link": _file_url(application),
            "amount": euros(decision.amount_cents) if decision.amount_cents else "",
        },
        attachment=(f"decision-{application.number or application.pk}.pdf", pdf),
    )


@task()
def send_report_reminder_email(report_id: int) -> None:
    from solidaires.grants.instruction.services import final_report_remind

    if not final_report_remind(report_id=report_id):
        return
    report = FinalReport.objects.select_related("application__applicant").get(pk=report_id)
    application = report.application
    link = absolute_url(reverse("grants:report", kwargs={"pk": application.pk}))
    _send(
        to=applicant_emails(application.applicant),
        subject=f"Dossier {application.number} : votre bilan est attendu",
        template="grants/instruction/emails/report_reminder.txt",
        context={
            "report": report,
            "application": application,
            "link": link,
            "late": report.due_on < timezone.localdate(),
        },
    )


def send_grant_reminders() -> int:
    """Enqueue one reminder per report due (used by the command and the nightly task)."""
    from solidaires.grants.instruction.services import final_reports_due_for_reminder

    ids = final_reports_due_for_reminder(timezone.localdate())
    for report_id in ids:
        send_report_reminder_email.enqueue(report_id)
    return len(ids)


@task()
def send_grant_reminders_task() -> int:
    return send_grant_reminders()
